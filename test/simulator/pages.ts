/**
 * How an export is cut into pages. CleverTap says a page "may vary" and may hold fewer records than
 * batch_size while more remain [doc]; the simulator makes that happen on purpose, deterministically,
 * so a client that stops on a short page loses data in every test run, not just sometimes.
 */
import type { PageShapingFault } from './faults';

export interface PageRequest {
	/** Index in the export of the first record this page is due to hold. */
	position: number;
	/** 1-based: the POST's cursor fetches page 1. */
	page: number;
	/** Records in the whole export. */
	total: number;
	pageSize: number;
}

export interface PagePlan {
	/** Export positions to send, in order (repeatedProfiles sends some twice). */
	positions: number[];
	/** False: the page has no `records` key at all (as an empty range does) [seen]. */
	withRecordsKey: boolean;
	/** Where the next cursor points; 'same' = hand back the cursor that was sent; undefined = final page. */
	next: number | 'same' | undefined;
}

/** Every third page comes a few records short while more remain. */
function naturalPageLength(page: number, remaining: number, pageSize: number): number {
	if (remaining <= pageSize) return remaining;
	if (page % 3 !== 0) return pageSize;
	const shortBy = 1 + ((page / 3) % 4);
	return Math.max(1, pageSize - shortBy);
}

export function isFinalPage({ position, total, pageSize }: PageRequest): boolean {
	return total - position <= pageSize;
}

export function planPage(request: PageRequest, fault?: PageShapingFault): PagePlan {
	const { position, page, total, pageSize } = request;
	const remaining = total - position;
	const end = position + naturalPageLength(page, remaining, pageSize);
	const natural: PagePlan = {
		positions: range(position, end),
		withRecordsKey: remaining > 0,
		next: end < total ? end : undefined,
	};
	switch (fault) {
		case 'shortPage': {
			const heldBack = Math.max(1, Math.floor((end - position) / 3));
			return {
				positions: range(position, end - heldBack),
				withRecordsKey: true,
				next: end - heldBack,
			};
		}
		case 'emptyPageWithCursor':
			return { positions: [], withRecordsKey: true, next: position };
		case 'missingRecordsKey':
			return { positions: [], withRecordsKey: false, next: position };
		case 'repeatedProfiles':
			return { ...natural, positions: [...repeatsFor(position, end, total), ...natural.positions] };
		case 'repeatedCursor':
			return { ...natural, next: 'same' };
		default:
			return natural;
	}
}

/**
 * Profiles that appear on another page as well: the last few already sent, or on page 1 the first few
 * of the next page. On a single-page export, the page's own first profiles.
 */
function repeatsFor(position: number, end: number, total: number): number[] {
	if (position > 0) return range(Math.max(0, position - 3), position);
	if (end < total) return range(end, Math.min(total, end + 3));
	return range(position, Math.min(end, position + 2));
}

function range(from: number, to: number): number[] {
	return Array.from({ length: Math.max(0, to - from) }, (_, offset) => from + offset);
}
