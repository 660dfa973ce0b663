/**
 * Reading the cursor POST: `POST /1/profiles.json?batch_size=N[&app=true][&events=false][&profile=false]`
 * with body {"event_name", "from", "to"}. Returns what to export, or the failure CleverTap answers.
 */
import type { ExportShape } from './dataset';
import { isCalendarDate } from './dates';
import { badRequest, futureDate, type Reply } from './replies';

export interface ExportRequest {
	eventName: string;
	from: number;
	to: number;
	pageSize: number;
	shape: ExportShape;
}

const MAX_BATCH_SIZE = 5000;
/** Pages come in multiples of 23 [doc]. */
const PAGE_UNIT = 23;
/**
 * [guess] No default is documented; the simulator uses the maximum, which most clients send anyway.
 * Like any batch_size it is rounded down to a multiple of 23 (4991).
 */
const DEFAULT_BATCH_SIZE = MAX_BATCH_SIZE;

export function readExportRequest(
	query: URLSearchParams,
	body: unknown,
	today: number,
): ExportRequest | Reply {
	const pageSize = pageSizeFor(query.get('batch_size'));
	if (typeof pageSize !== 'number') return pageSize;
	if (typeof body !== 'object' || body === null || Array.isArray(body))
		return badRequest('Request body must be a JSON object');
	const { event_name: eventName, from, to } = body as Record<string, unknown>;
	if (typeof eventName !== 'string' || eventName.trim() === '')
		return badRequest('event_name is required');
	for (const [name, value] of [
		['from', from],
		['to', to],
	] as const) {
		if (!isCalendarDate(value))
			return badRequest(`${name} must be an integer date in YYYYMMDD format, e.g. 20240131`);
	}
	if ((from as number) > (to as number)) return badRequest('from date cannot be after to date');
	if ((to as number) > today) return futureDate();
	return { eventName, from: from as number, to: to as number, pageSize, shape: shapeFor(query) };
}

/**
 * The real page size for a batch_size. Above 5000 is refused. Below 23 it has been seen to act as
 * unlimited: 5 returned 989 records [seen]. Otherwise it is rounded down to a multiple of 23
 * [guess: the docs only say to give multiples of 23].
 */
function pageSizeFor(batchSize: string | null): number | Reply {
	if (batchSize === null) return roundDownToPageUnit(DEFAULT_BATCH_SIZE);
	// [guess] Zero, negatives, decimals and words are refused as a bad parameter.
	if (!/^\d+$/.test(batchSize) || Number(batchSize) === 0)
		return badRequest('batch_size must be a positive integer');
	const requested = Number(batchSize);
	if (requested > MAX_BATCH_SIZE)
		return badRequest(`batch_size cannot be more than ${MAX_BATCH_SIZE}`);
	if (requested < PAGE_UNIT) return Infinity;
	return roundDownToPageUnit(requested);
}

function roundDownToPageUnit(batchSize: number): number {
	return Math.floor(batchSize / PAGE_UNIT) * PAGE_UNIT;
}

/** `app` defaults to false, `events` and `profile` to true [doc]. [guess] The values are read case-insensitively. */
function shapeFor(query: URLSearchParams): ExportShape {
	const flag = (name: string, byDefault: boolean) => {
		const value = query.get(name)?.toLowerCase();
		return value === undefined
			? byDefault
			: value === 'true'
				? true
				: value === 'false'
					? false
					: byDefault;
	};
	return { app: flag('app', false), events: flag('events', true), profile: flag('profile', true) };
}
