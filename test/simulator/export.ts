/**
 * The two-step cursor chain of Get User Profiles (`/1/profiles.json`) and Get Events
 * (`/1/events.json`), alike but for their records [doc]: `POST ...?batch_size=N` with
 * {"event_name", "from", "to"} gives a cursor; `GET ...?cursor=...` gives records and a
 * next_cursor, until there is none. A cursor names one export and a position in it, and never
 * changes: a retry gets the page that was due, and a fault that withholds records hands out a
 * cursor at an earlier position.
 */
import { randomBytes, randomInt } from 'node:crypto';

import { isCalendarDate, type ExportShape } from './dataset';
import {
	answerWith,
	cursorExpired,
	exportNotAllowed,
	fail,
	refusalUnlessJson,
	success,
	type FaultKind,
	type FaultSpec,
	type FaultSwitchboard,
	type Reply,
} from './faults';

/** What one export API lists: its items for an event and days, and an item's record as JSON. */
export interface ExportSource<Item> {
	order(eventName: string, from: number, to: number): Item[];
	json(item: Item, shape: ExportShape): string;
}

interface ExportJob<Item> {
	items: Item[]; // in export order
	pageSize: number;
	shape: ExportShape;
	createdAt: number;
	lastUsedAt: number;
	expiredEarly: boolean; // by the expiredCursor fault
	endlessWith?: FaultSpec; // endlessChain or endlessEmptyChain: every later page is shaped by it
}

// About 4 h after creation, 1 h idle, for event exports [seen, unofficial].
const MAX_AGE_MS = 4 * 3_600_000;
const IDLE_MS = 3_600_000;
const MAX_BATCH_SIZE = 5000;

const badRequest = (error: string) => fail(400, error, 400);

export type EventRange = { eventName: string; from: number; to: number };

/**
 * The {"event_name", "from", "to"} body of an export's cursor POST or of a count, checked as
 * CleverTap does, against the account's today and the events it will not export.
 */
export function readEventRange(
	contentType: string | undefined,
	body: unknown,
	today: number,
	nonExportableEvents: readonly string[],
): EventRange | { refusal: Reply } {
	const refuse = (refusal: Reply) => ({ refusal });
	const notJson = refusalUnlessJson(contentType);
	if (notJson) return refuse(notJson);
	if (typeof body !== 'object' || body === null || Array.isArray(body))
		return refuse(badRequest('Request body must be a JSON object')); // [guess] text, as the others
	const { event_name: eventName, from, to } = body as Record<string, unknown>;
	if (typeof eventName !== 'string' || eventName.trim() === '')
		return refuse(badRequest('event_name is required'));
	if (!isCalendarDate(from) || !isCalendarDate(to))
		return refuse(
			badRequest('from and to must be integer dates in YYYYMMDD format, e.g. 20240131'),
		);
	if (from > to) return refuse(badRequest('from date cannot be after to date'));
	if (to > today) return refuse(fail(400, 'to date cannot be in the future', 4002));
	if (nonExportableEvents.includes(eventName)) return refuse(exportNotAllowed());
	return { eventName, from, to };
}

export function cursorExports<Item>(
	source: ExportSource<Item>,
	readRange: (contentType: string | undefined, body: unknown) => ReturnType<typeof readEventRange>,
	faults: FaultSwitchboard,
	clock: () => number,
) {
	const cursors = new Map<string, { job: ExportJob<Item>; position: number; page: number }>();
	const issue = (job: ExportJob<Item>, position: number, page: number) => {
		const cursor = newCursorText();
		cursors.set(cursor, { job, position, page });
		return cursor;
	};

	function start(query: URLSearchParams, contentType: string | undefined, body: unknown): Reply {
		const pageSize = pageSizeFor(query.get('batch_size'));
		if (typeof pageSize !== 'number') return pageSize;
		const range = readRange(contentType, body);
		if ('refusal' in range) return range.refusal;

		// `app` defaults to false, `events` and `profile` to true [doc]; [guess] read case-insensitively.
		const flag = (name: string) => query.get(name)?.toLowerCase();
		const shape = {
			app: flag('app') === 'true',
			events: flag('events') !== 'false',
			profile: flag('profile') !== 'false',
		};
		return answerWith(faults.fire('post'), () => {
			const [items, now] = [source.order(range.eventName, range.from, range.to), clock()];
			const job = { items, pageSize, shape, createdAt: now, lastUsedAt: now, expiredEarly: false };
			return success({ cursor: issue(job, 0, 1) });
		});
	}

	function next(rawQuery: string): Reply {
		// The cursor exactly as sent: URLSearchParams would decode it, hiding a double encoding.
		const rawCursor = /(?:^|&)cursor=([^&]*)/.exec(rawQuery)?.[1];
		if (!rawCursor) return badRequest('cursor is required'); // [guess] text
		// The cursor arrives already percent-encoded; %25 means the client encoded it again [seen].
		if (rawCursor.includes('%25')) return fail(200, 'Incorrect Usage', 3);
		const cursor = cursors.get(rawCursor);
		if (!cursor) return badRequest('Invalid cursor'); // [guess] text
		const { job, position, page } = cursor;
		const now = clock();
		if (job.expiredEarly || now - job.createdAt > MAX_AGE_MS || now - job.lastUsedAt > IDLE_MS)
			return cursorExpired();
		job.lastUsedAt = now;

		const remaining = job.items.length - position;
		const fault =
			job.endlessWith ??
			faults.fire(
				{ page, isFinal: remaining <= job.pageSize, hasRecordsDue: remaining > 0 },
				PAGE_SHAPING_FAULTS,
			);
		if (fault?.kind === 'expiredCursor') job.expiredEarly = true;
		if (fault?.kind === 'endlessChain' || fault?.kind === 'endlessEmptyChain')
			job.endlessWith = fault;
		return answerWith(fault, () => {
			const { positions, records, next: to } = planPage(job, position, page, fault?.kind);
			const next_cursor =
				to === 'same' ? rawCursor : to === undefined ? undefined : issue(job, to, page + 1);
			if (records === 'none') return success({ next_cursor });
			const texts = positions.map((at) =>
				at === NULL_RECORD ? 'null' : source.json(job.items[at], job.shape),
			);
			// The records' JSON spliced into the envelope: with `cacheRecords` it is built only once.
			const envelope = JSON.stringify({ status: 'success', records: [], next_cursor });
			const list =
				records === 'list'
					? `[${texts.join(',')}]`
					: `{${texts.map((text, index) => `"${index}":${text}`).join(',')}}`;
			return { status: 200, text: envelope.replace('[]', () => list) };
		});
	}

	return { start, next };
}

/**
 * The page size for a batch_size: over 5000 refused; below 23 unlimited (5 returned 989 records)
 * [seen]; else rounded down to a multiple of 23 [guess]; none given: the maximum [guess]. Get
 * Events documents only the 5000 [doc]; the rest is as for profiles [guess].
 */
function pageSizeFor(batchSize: string | null): number | Reply {
	const requested = Number(batchSize ?? MAX_BATCH_SIZE);
	// [guess] Zero, negatives, decimals and words are refused as a bad parameter.
	if ((batchSize !== null && !/^\d+$/.test(batchSize)) || requested === 0)
		return badRequest('batch_size must be a positive integer');
	if (requested > MAX_BATCH_SIZE)
		return badRequest(`batch_size cannot be more than ${MAX_BATCH_SIZE}`);
	return requested < 23 ? Infinity : Math.floor(requested / 23) * 23;
}

/** The faults planPage shapes a page with. */
const PAGE_SHAPING_FAULTS: FaultKind[] = [
	'shortPage',
	'emptyPageWithCursor',
	'missingRecordsKey',
	'repeatedProfiles',
	'repeatedCursor',
	'recordsNotAList',
	'nullRecord',
	'endlessChain',
	'endlessEmptyChain',
];
const NULL_RECORD = -1; // a position that sends `null`

/**
 * The export positions a page sends (repeatedProfiles sends some twice, nullRecord a NULL_RECORD),
 * how its `records` come (a list; an object, by recordsNotAList; none: an empty range has no key
 * [seen]), and the next cursor's position ('same': the one sent).
 */
function planPage(
	{ items, pageSize }: ExportJob<unknown>,
	position: number,
	page: number,
	fault?: FaultKind,
): { positions: number[]; records: 'list' | 'object' | 'none'; next?: number | 'same' } {
	const total = items.length;
	const remaining = total - position;
	// A page "may vary" and hold fewer than batch_size records while more remain [doc]: every third
	// page comes a few short, on purpose, so a client that stops on a short page loses data every run.
	const length =
		remaining <= pageSize || page % 3 !== 0
			? Math.min(remaining, pageSize)
			: Math.max(1, pageSize - 1 - ((page / 3) % 4));
	const end = position + length;
	const natural = {
		positions: range(position, end),
		records: remaining > 0 ? ('list' as const) : ('none' as const),
		next: end < total ? end : undefined,
	};
	switch (fault) {
		case 'shortPage': {
			const shortEnd = end - Math.max(1, Math.floor(length / 3));
			return { positions: range(position, shortEnd), records: 'list', next: shortEnd };
		}
		case 'emptyPageWithCursor':
		case 'missingRecordsKey':
		case 'endlessEmptyChain': // a cursor at the same position, freshly issued every time
			return {
				positions: [],
				records: fault === 'missingRecordsKey' ? 'none' : 'list',
				next: position,
			};
		case 'endlessChain': // the same full page, with a fresh cursor at the same position
			return {
				positions: range(position, Math.min(total, position + pageSize)),
				records: 'list',
				next: position,
			};
		case 'repeatedProfiles': {
			// Profiles that appear on another page as well: the last few already sent, or on page 1 the
			// first few of the next page; on a single-page export, the page's own first profiles.
			const repeats =
				position > 0
					? range(Math.max(0, position - 3), position)
					: end < total
						? range(end, Math.min(total, end + 3))
						: range(position, Math.min(end, position + 2));
			return { ...natural, positions: [...repeats, ...natural.positions] };
		}
		case 'repeatedCursor':
			return { ...natural, next: 'same' };
		case 'recordsNotAList':
			return { ...natural, records: 'object' };
		case 'nullRecord': {
			const middle = Math.ceil(length / 2);
			const { positions } = natural;
			return {
				...natural,
				positions: [...positions.slice(0, middle), NULL_RECORD, ...positions.slice(middle)],
			};
		}
		default:
			return natural;
	}
}

const range = (from: number, to: number) =>
	Array.from({ length: Math.max(0, to - from) }, (_, offset) => from + offset);

/** An opaque cursor as CleverTap's: 1.5-2.2 KB of base64, already percent-encoded (%2F, %2B, %3D). */
function newCursorText(): string {
	let byteCount = randomInt(1126, 1575);
	if (byteCount % 3 === 0) byteCount++; // a length that is not a multiple of 3 ends in '=' padding
	let base64 = randomBytes(byteCount).toString('base64');
	// Both characters that need encoding appear, as in every real cursor.
	if (!base64.includes('/')) base64 = `/${base64.slice(1)}`;
	if (!base64.includes('+')) base64 = `${base64.slice(0, 1)}+${base64.slice(2)}`;
	return encodeURIComponent(base64);
}
