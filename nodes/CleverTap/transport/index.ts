import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IN8nHttpFullResponse,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import { resolveBaseUrl } from '../helpers/baseUrl';
import { recordsOfPage, type ProfileRecord } from '../helpers/records';
import {
	DEFAULT_RETRY_POLICY,
	isTimeout,
	retryDelayMs,
	transientReason,
	type AttemptOutcome,
	type RetryPolicy,
} from '../helpers/retry';

export const CREDENTIAL_TYPE = 'cleverTapApi';

export interface CleverTapRequest {
	method: IHttpRequestMethods;
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	/** Appended to the URL untouched: CleverTap's cursors arrive percent-encoded and must go back as they came. */
	rawQuery?: string;
	/** A failure this call expects as an answer (a lookup's "not found"); it is returned, not thrown. */
	isExpectedFailure?: (httpStatus: number, answer: CleverTapAnswer) => boolean;
}

/** What CleverTap puts in every answer; failures say `status: "fail"`, often with HTTP 200. */
export interface CleverTapAnswer extends IDataObject {
	status?: string;
	error?: string;
	code?: number;
}

const AUTH_FAILURE_HINT =
	'Check the account ID and passcode in the CleverTap credential, and check the region as well: CleverTap answers a request sent to the wrong region the same way.';

/** What the user can do about a failure CleverTap answered with. */
function adviceFor(httpStatus: number, answer: CleverTapAnswer): string | undefined {
	const message = answer.error ?? '';
	if (
		httpStatus === 401 ||
		httpStatus === 403 ||
		/invalid credentials|account blocked/i.test(message)
	) {
		return AUTH_FAILURE_HINT;
	}
	if (httpStatus === 429) {
		return 'CleverTap allows 3 concurrent requests per account for this API. Run fewer CleverTap nodes or executions at the same time, or raise Max Retries.';
	}
	if (/export not allowed/i.test(message)) {
		return 'CleverTap does not export profiles for this event (notification events cannot be exported). Choose another event.';
	}
	if (/expired/i.test(message)) {
		// The node does not restart by itself: a restart re-downloads everything and may expire again.
		return 'CleverTap keeps an export cursor about 4 hours (1 hour idle) and this one expired, so the export must start over. Run the node again (or turn on its Retry On Fail setting); for very large exports, split the date range so each run finishes sooner.';
	}
	if (answer.code === 4002 || /future/i.test(message)) {
		return "CleverTap refuses ranges that end after today in your account's time zone. Use an earlier To Date.";
	}
	return undefined;
}

function gaveUpNote(retries: number, reason: string | undefined): string {
	return reason === undefined || retries === 0
		? ''
		: `Gave up after ${retries} ${retries === 1 ? 'retry' : 'retries'} (${reason}). `;
}

/**
 * The error for an attempt that failed for good. It carries CleverTap's own message and code,
 * or the network error's code, and never the request itself (its headers hold the passcode).
 */
function failureOf(
	this: IExecuteFunctions,
	outcome: AttemptOutcome,
	retries: number,
	reason?: string,
): NodeApiError {
	const note = gaveUpNote(retries, reason);
	if (outcome.kind === 'answer') {
		const httpStatus = outcome.httpStatus;
		const answer = outcome.answer as CleverTapAnswer;
		const cleverTapMessage = answer.error ?? `HTTP ${httpStatus} without an error message`;
		const codeNote = answer.code !== undefined ? ` (code ${answer.code})` : '';
		return new NodeApiError(this.getNode(), answer as JsonObject, {
			message: `CleverTap: ${cleverTapMessage}${codeNote}`,
			description: `${note}${adviceFor(httpStatus, answer) ?? ''}`.trim() || undefined,
			httpCode: String(httpStatus),
		});
	}
	if (outcome.kind === 'unreadable') {
		return new NodeApiError(
			this.getNode(),
			{ httpStatus: outcome.httpStatus },
			{
				message: `CleverTap sent an answer that could not be read (HTTP ${outcome.httpStatus}: not complete JSON)`,
				description: `${note}The answer was malformed or cut off on the way. Try again later.`,
				httpCode: String(outcome.httpStatus),
			},
		);
	}
	const what = isTimeout(outcome)
		? 'CleverTap did not answer in time'
		: `Could not reach CleverTap: ${outcome.code ?? outcome.message}`;
	return new NodeApiError(
		this.getNode(),
		{ message: outcome.message, code: outcome.code ?? null },
		{
			message: what,
			description: `${note}Check the credential's region (or custom Base URL) and that this n8n instance can reach it${
				isTimeout(outcome) ? ', or raise the Timeout option' : ''
			}.`,
		},
	);
}

function parseAnswer(body: unknown): Record<string, unknown> | undefined {
	if (typeof body !== 'string') return undefined;
	try {
		const parsed: unknown = JSON.parse(body);
		return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
			? (parsed as Record<string, unknown>)
			: undefined;
	} catch {
		return undefined;
	}
}

/** One HTTP exchange. Never throws for what CleverTap or the network did: it reports it. */
async function attempt(
	this: IExecuteFunctions,
	request: CleverTapRequest,
	url: string,
	timeoutMs: number,
): Promise<AttemptOutcome> {
	let response: IN8nHttpFullResponse;
	try {
		response = (await this.helpers.httpRequestWithAuthentication.call(this, CREDENTIAL_TYPE, {
			method: request.method,
			url,
			qs: request.qs,
			// Sent as text and parsed here, so a malformed or cut-off body is seen for what it is.
			...(request.body !== undefined
				? { body: JSON.stringify(request.body), headers: { 'Content-Type': 'application/json' } }
				: {}),
			json: false,
			encoding: 'text',
			timeout: timeoutMs,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		})) as IN8nHttpFullResponse;
	} catch (error) {
		const { message, code } = error as { message?: string; code?: string };
		return { kind: 'network', code, message: message ?? 'request failed' };
	}
	const answer = parseAnswer(response.body);
	if (answer === undefined) return { kind: 'unreadable', httpStatus: response.statusCode };
	return { kind: 'answer', httpStatus: response.statusCode, answer };
}

function describeRequest(request: CleverTapRequest): string {
	return `${request.method} ${request.path}`;
}

/**
 * One call to CleverTap. Answers with `status: "success"`; a passing failure (CleverTap busy,
 * 429, 5xx, a dropped connection, a timeout, an unreadable body) is retried with backoff up to
 * the policy's limit; anything else throws at once, with CleverTap's own message and code,
 * whatever the HTTP status was.
 */
export async function cleverTapApiRequest(
	this: IExecuteFunctions,
	request: CleverTapRequest,
	policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): Promise<CleverTapAnswer> {
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	const url = `${resolveBaseUrl(credentials)}${request.path}${request.rawQuery ? `?${request.rawQuery}` : ''}`;

	for (let retries = 0; ; retries++) {
		const outcome = await attempt.call(this, request, url, policy.timeoutMs);
		if (outcome.kind === 'answer') {
			const answer = outcome.answer as CleverTapAnswer;
			const isSuccess = outcome.httpStatus < 300 && answer.status === 'success';
			if (isSuccess || request.isExpectedFailure?.(outcome.httpStatus, answer)) return answer;
		}
		const reason = transientReason(outcome);
		if (reason === undefined || retries >= policy.maxRetries) {
			throw failureOf.call(this, outcome, retries, reason);
		}
		const delayMs = retryDelayMs(retries + 1, policy.initialDelayMs);
		this.logger.warn(
			`CleverTap ${describeRequest(request)}: ${reason}; retry ${retries + 1} of ${policy.maxRetries} in ${delayMs} ms`,
			{ attempt: retries + 1, maxRetries: policy.maxRetries, reason, delayMs },
		);
		await sleep(delayMs);
	}
}

function nextCursorOf(page: CleverTapAnswer): string | undefined {
	return typeof page.next_cursor === 'string' && page.next_cursor !== ''
		? page.next_cursor
		: undefined;
}

export interface CursorChainOptions {
	/** Stop asking once this many records are in hand. */
	maxRecords?: number;
	/** Records it refuses (repeats) are not output and do not count toward maxRecords. */
	accept?: (record: ProfileRecord) => boolean;
	policy?: RetryPolicy;
}

/**
 * Walks an export's cursor chain from its first cursor: GET each cursor, then its
 * `next_cursor`, until an answer has none. A short or empty page is not the end; a cursor
 * that comes back a second time is an error, never a loop.
 */
export async function followCursorChain(
	this: IExecuteFunctions,
	firstCursor: string,
	{ maxRecords, accept, policy }: CursorChainOptions = {},
): Promise<ProfileRecord[]> {
	const records: ProfileRecord[] = [];
	const cursorsSeen = new Set<string>();
	let cursor: string | undefined = firstCursor;
	for (let pageNumber = 1; cursor !== undefined; pageNumber++) {
		if (cursorsSeen.has(cursor)) {
			throw new NodeApiError(
				this.getNode(),
				{ page: pageNumber },
				{
					message: `CleverTap's export stopped advancing: page ${pageNumber} came with a cursor it had already sent`,
					description:
						'The node stopped rather than loop forever; no profiles were output. Run the node again; if it keeps happening, try a smaller date range.',
				},
			);
		}
		cursorsSeen.add(cursor);
		const page: CleverTapAnswer = await cleverTapApiRequest.call(
			this,
			{ method: 'GET', path: '/1/profiles.json', rawQuery: `cursor=${cursor}` },
			policy,
		);
		for (const record of recordsOfPage(page)) {
			if (accept && !accept(record)) continue;
			records.push(record);
			if (maxRecords !== undefined && records.length >= maxRecords) return records;
		}
		cursor = nextCursorOf(page);
	}
	return records;
}
