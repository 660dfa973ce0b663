import type { IDataObject, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { DayRange } from '../helpers/dates';
import { fingerprint64 } from '../helpers/fingerprint';
import type { CleverTapAnswer } from './attempt';
import type { CleverTapFunctions } from './context';
import type { ExportMeter } from './meter';
import { cleverTapApiRequest, type RequestSettings } from './request';

/** A CleverTap record as an export page holds it. */
export type ExportRecord = Record<string, unknown>;

export interface ExportRequest {
	/** The export's endpoint: `/1/profiles.json` or `/1/events.json`. */
	endpoint: string;
	eventName: string;
	range: DayRange;
	batchSize: number;
	/** CleverTap's query flags (app, events, profile). */
	flags: IDataObject;
	/** Ask for each next page while the last is read (not with a Limit: no page beyond it). */
	readAhead?: boolean;
}

/** Asks CleverTap to prepare an export and returns its first cursor. */
async function startExport(
	this: CleverTapFunctions,
	{ endpoint, eventName, range, batchSize, flags }: ExportRequest,
	settings: RequestSettings,
): Promise<string> {
	const answer = await cleverTapApiRequest.call(
		this,
		{
			method: 'POST',
			path: endpoint,
			qs: { batch_size: batchSize, ...flags },
			body: { event_name: eventName, from: range.from, to: range.to },
		},
		settings,
	);
	const { cursor } = answer;
	if (typeof cursor !== 'string' || cursor === '') {
		throw new NodeApiError(this.getNode(), answer as JsonObject, {
			message: 'CleverTap started no export: its answer had no cursor',
			description: 'Try again. If it keeps happening, CleverTap may be having trouble.',
		});
	}
	return cursor;
}

function nextCursorOf(page: CleverTapAnswer): string | undefined {
	return typeof page.next_cursor === 'string' && page.next_cursor !== ''
		? page.next_cursor
		: undefined;
}

/** After this many empty pages in a row, a chain is taken to be going nowhere. */
export const MAX_EMPTY_PAGES_IN_A_ROW = 1000;

function brokenPage(
	this: CleverTapFunctions,
	pageNumber: number,
	message: string,
	description: string,
): NodeApiError {
	return new NodeApiError(this.getNode(), { page: pageNumber }, { message, description });
}

/**
 * The records of one export page. CleverTap leaves `records` out of an empty page; anything but
 * a list of records there is an error, never a page read as empty.
 */
function recordsOfPage(
	this: CleverTapFunctions,
	page: CleverTapAnswer,
	pageNumber: number,
): ExportRecord[] {
	const { records } = page;
	if (records === undefined || records === null) return [];
	const damage = !Array.isArray(records)
		? `its records were ${typeof records === 'object' ? 'an object' : `a ${typeof records}`}, not a list`
		: records.some(
					(record) => record === null || typeof record !== 'object' || Array.isArray(record),
			  )
			? 'it held an empty record (null, or not an object)'
			: undefined;
	if (damage !== undefined) {
		throw brokenPage.call(
			this,
			pageNumber,
			`CleverTap sent a damaged page ${pageNumber}: ${damage}`,
			'The node stopped rather than lose records; nothing was output. Run the node again; if it keeps happening, CleverTap may be having trouble.',
		);
	}
	return records as ExportRecord[];
}

/** A small stand-in for a page's content: its size and its first, middle and last records. */
function pageFingerprint(records: ExportRecord[]): string {
	const sample = [records[0], records[records.length >> 1], records[records.length - 1]];
	return fingerprint64(`${records.length}:${JSON.stringify(sample)}`);
}

function stoppedAdvancing(
	this: CleverTapFunctions,
	pageNumber: number,
	what: string,
): NodeApiError {
	return brokenPage.call(
		this,
		pageNumber,
		`CleverTap's export stopped advancing: page ${pageNumber} ${what}`,
		'The node stopped rather than loop forever; nothing was output. Run the node again; if it keeps happening, try a smaller date range.',
	);
}

/**
 * Walks an export's cursor chain from its first cursor: GET each cursor, then its
 * `next_cursor`, until an answer has none, yielding each page's records as it arrives. A short
 * or empty page is not the end. A chain that goes nowhere is an error, never a loop: a cursor
 * that comes back, a page that repeats an earlier one, or a long run of empty pages. Cursors and
 * pages are remembered as 64-bit fingerprints (a cursor is 2 KB), a few bytes per page. With
 * `readAhead`, the next page is asked for before this one is yielded, so that CleverTap's time
 * overlaps the node's own work on the page; one page at most is on its way.
 */
async function* followCursorChain(
	this: CleverTapFunctions,
	endpoint: string,
	firstCursor: string,
	settings: RequestSettings,
	{ readAhead, meter }: { readAhead: boolean; meter?: ExportMeter },
): AsyncGenerator<ExportRecord[]> {
	const cursorsSeen = new Set<string>();
	const pagesSeen = new Set<string>();
	const ask = (cursor: string, pageNumber: number) => {
		const cursorFingerprint = fingerprint64(cursor);
		if (cursorsSeen.has(cursorFingerprint)) {
			throw stoppedAdvancing.call(this, pageNumber, 'came with a cursor it had already sent');
		}
		cursorsSeen.add(cursorFingerprint);
		const answer = cleverTapApiRequest.call(
			this,
			{ method: 'GET', path: endpoint, rawQuery: `cursor=${cursor}` },
			settings,
		);
		// Awaited below; a page read ahead for a walk that then stopped is dropped unawaited.
		answer.catch(() => undefined);
		return answer;
	};
	let emptyPagesInARow = 0;
	let nextPage: Promise<CleverTapAnswer> | undefined = ask(firstCursor, 1);
	for (let pageNumber = 1; nextPage !== undefined; pageNumber++) {
		const page = await nextPage;
		nextPage = undefined;
		const records = recordsOfPage.call(this, page, pageNumber);
		// A server handing out fresh cursors over the same page (or nothing) would never end.
		emptyPagesInARow = records.length === 0 ? emptyPagesInARow + 1 : 0;
		if (emptyPagesInARow >= MAX_EMPTY_PAGES_IN_A_ROW) {
			throw stoppedAdvancing.call(
				this,
				pageNumber,
				`was the ${MAX_EMPTY_PAGES_IN_A_ROW}th empty page in a row`,
			);
		}
		if (records.length > 0) {
			const content = pageFingerprint(records);
			if (pagesSeen.has(content)) {
				throw stoppedAdvancing.call(this, pageNumber, 'repeated an earlier page');
			}
			pagesSeen.add(content);
		}
		meter?.pageArrived(records.length);
		const cursor = nextCursorOf(page);
		const askNext = () => (cursor === undefined ? undefined : ask(cursor, pageNumber + 1));
		if (readAhead) nextPage = askNext();
		yield records;
		if (!readAhead) nextPage = askNext();
	}
}

/**
 * One export of an event's records in a day range: the cursor POST, then the whole cursor chain,
 * page by page (each page's records as CleverTap sent them, repeats included). Stopping early
 * (a limit met) just stops asking.
 */
export async function* exportPages(
	this: CleverTapFunctions,
	request: ExportRequest,
	settings: RequestSettings,
	meter?: ExportMeter,
): AsyncGenerator<ExportRecord[]> {
	const firstCursor = await startExport.call(this, request, settings);
	const { readAhead = false } = request;
	yield* followCursorChain.call(this, request.endpoint, firstCursor, settings, {
		readAhead,
		meter,
	});
}
