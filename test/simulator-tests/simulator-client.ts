/**
 * A small, deliberately plain HTTP client for the simulator tests: it sends exactly what it is told,
 * so each test can show what the simulator answers to a given request.
 */
import {
	DEMO_ACCOUNT,
	type CleverTapSimulator,
	type ExportedRecord,
	type ProfileRecord,
	type Region,
	type SimulatorAccount,
} from '../simulator';

/** Any CleverTap answer body: success or fail, export or lookup. */
export interface CleverTapBody {
	status?: string;
	error?: string;
	code?: number;
	cursor?: string;
	records?: ExportedRecord[];
	next_cursor?: string;
	record?: ProfileRecord;
}

export interface CallOptions {
	/** Which host: a region prefix, or 'global' (no prefix). Default 'global'. */
	host?: Region | 'global';
	/** Whose credentials to send; null sends none. Default DEMO_ACCOUNT. */
	account?: SimulatorAccount | null;
	/** A JSON body (sent with Content-Type: application/json unless headers say otherwise). */
	json?: unknown;
	/** A body sent as is. */
	rawBody?: string;
	headers?: Record<string, string>;
	signal?: AbortSignal;
}

export interface Answer {
	status: number;
	headers: Headers;
	text: string;
	/** The parsed body; undefined when it is not JSON. */
	body: CleverTapBody | undefined;
}

export async function call(
	sim: CleverTapSimulator,
	method: string,
	pathAndQuery: string,
	options: CallOptions = {},
): Promise<Answer> {
	const base = !options.host || options.host === 'global' ? sim.url : sim.regionUrl(options.host);
	const account = options.account === undefined ? DEMO_ACCOUNT : options.account;
	const headers: Record<string, string> = {};
	if (account) {
		headers['X-CleverTap-Account-Id'] = account.accountId;
		headers['X-CleverTap-Passcode'] = account.passcode;
	}
	if (options.json !== undefined) headers['Content-Type'] = 'application/json';
	Object.assign(headers, options.headers);
	const body = options.json !== undefined ? JSON.stringify(options.json) : options.rawBody;
	const response = await fetch(`${base}${pathAndQuery}`, {
		method,
		headers,
		body,
		signal: options.signal,
	});
	const text = await response.text();
	let parsed: CleverTapBody | undefined;
	try {
		parsed = JSON.parse(text) as CleverTapBody;
	} catch {
		parsed = undefined;
	}
	return { status: response.status, headers: response.headers, text, body: parsed };
}

export interface ExportQuery {
	event: string;
	from: number;
	to: number;
	/** The query string of the POST, e.g. 'batch_size=23&app=true'. */
	query?: string;
}

export function postExport(
	sim: CleverTapSimulator,
	{ event, from, to, query = 'batch_size=23' }: ExportQuery,
	options: CallOptions = {},
) {
	return call(sim, 'POST', `/1/profiles.json?${query}`, {
		json: { event_name: event, from, to },
		...options,
	});
}

/** A cursor GET, with the cursor put in the URL exactly as received. */
export function getPage(sim: CleverTapSimulator, cursor: string, options: CallOptions = {}) {
	return call(sim, 'GET', `/1/profiles.json?cursor=${cursor}`, options);
}

export async function newCursor(
	sim: CleverTapSimulator,
	query: ExportQuery,
	options: CallOptions = {},
): Promise<string> {
	const answer = await postExport(sim, query, options);
	if (answer.body?.status !== 'success')
		throw new Error(`cursor POST failed: ${answer.status} ${answer.text}`);
	return answer.body.cursor!;
}

export interface WalkedExport {
	records: ExportedRecord[];
	/** One entry per page, in order. */
	pages: Array<{
		recordCount: number | undefined;
		nextCursor: string | undefined;
		body: CleverTapBody;
	}>;
}

/** Follows a chain with no faults expected: every answer must be a success. */
export async function walkExport(
	sim: CleverTapSimulator,
	query: ExportQuery,
): Promise<WalkedExport> {
	let cursor: string | undefined = await newCursor(sim, query);
	const walked: WalkedExport = { records: [], pages: [] };
	while (cursor !== undefined) {
		const answer = await getPage(sim, cursor);
		if (answer.status !== 200 || answer.body?.status !== 'success')
			throw new Error(`page failed: ${answer.status} ${answer.text}`);
		const records = answer.body.records;
		walked.records.push(...(records ?? []));
		walked.pages.push({
			recordCount: records?.length,
			nextCursor: answer.body.next_cursor,
			body: answer.body,
		});
		if (walked.pages.length > 10_000) throw new Error('the chain never ends');
		cursor = answer.body.next_cursor;
	}
	return walked;
}

/** Every objectId, for comparing exports (a record's objectId is the same in all its platformInfo entries). */
export function objectIds(records: Array<ExportedRecord | ProfileRecord>): string[] {
	return records.map((record) => record.platformInfo[0].objectId);
}
