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

/** The records of one export page. CleverTap leaves `records` out of an empty page. */
function recordsOfPage(page: CleverTapAnswer): ExportRecord[] {
	return Array.isArray(page.records) ? (page.records as ExportRecord[]) : [];
}

/**
 * Walks an export's cursor chain from its first cursor: GET each cursor, then its
 * `next_cursor`, until an answer has none, yielding each page's records as it arrives. A short
 * or empty page is not the end; a cursor that comes back a second time is an error, never a
 * loop (cursors are remembered as 64-bit fingerprints: they are 2 KB each).
 */
async function* followCursorChain(
	this: CleverTapFunctions,
	endpoint: string,
	firstCursor: string,
	settings: RequestSettings,
	meter?: ExportMeter,
): AsyncGenerator<ExportRecord[]> {
	const cursorsSeen = new Set<string>();
	let cursor: string | undefined = firstCursor;
	for (let pageNumber = 1; cursor !== undefined; pageNumber++) {
		const cursorFingerprint = fingerprint64(cursor);
		if (cursorsSeen.has(cursorFingerprint)) {
			throw new NodeApiError(
				this.getNode(),
				{ page: pageNumber },
				{
					message: `CleverTap's export stopped advancing: page ${pageNumber} came with a cursor it had already sent`,
					description:
						'The node stopped rather than loop forever; nothing was output. Run the node again; if it keeps happening, try a smaller date range.',
				},
			);
		}
		cursorsSeen.add(cursorFingerprint);
		const page = await cleverTapApiRequest.call(
			this,
			{ method: 'GET', path: endpoint, rawQuery: `cursor=${cursor}` },
			settings,
		);
		const records = recordsOfPage(page);
		meter?.pageArrived(records.length);
		yield records;
		cursor = nextCursorOf(page);
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
	yield* followCursorChain.call(this, request.endpoint, firstCursor, settings, meter);
}
