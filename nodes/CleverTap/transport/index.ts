import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IN8nHttpFullResponse,
	IPollFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import { takeAccountSlot } from '../helpers/accountSlots';
import { AUTH_FAILURE_HINT } from '../helpers/advice';
import { resolveBaseUrl } from '../helpers/baseUrl';
import type { DayRange } from '../helpers/dates';
import { fingerprint64 } from '../helpers/fingerprint';
import { recordsOfPage, type ProfileRecord } from '../helpers/records';
import {
	busyReason,
	DEFAULT_RETRY_POLICY,
	networkFailureOf,
	retryDelayMs,
	transientReason,
	type AttemptOutcome,
	type RetryPolicy,
} from '../helpers/retry';

export const CREDENTIAL_TYPE = 'cleverTapApi';

/** What the transport can run in: a node's execution, or a trigger's poll. */
export type CleverTapFunctions = IExecuteFunctions | IPollFunctions;

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

/** Counts of one export's work, for its summary and its progress lines. */
export interface ExportMeter {
	requests: number;
	pages: number;
	profiles: number;
	/** Called whenever a request ends, answered or not: a sign of life during long waits. */
	onActivity?: () => void;
	/** Counts a page and, at most once per PROGRESS_INTERVAL_MS, logs how far the export is. */
	pageArrived(records: number): void;
}

const PROGRESS_INTERVAL_MS = 10_000;

/**
 * A meter for one export (all its parallel chains together). Its progress lines go to n8n's log
 * at info level as pages arrive; there are no timers, so a line comes with a page or not at all.
 */
export function createExportMeter(this: CleverTapFunctions, eventName: string): ExportMeter {
	const startedAt = Date.now();
	let loggedAt = startedAt;
	const meter: ExportMeter = {
		requests: 0,
		pages: 0,
		profiles: 0,
		pageArrived: (records) => {
			meter.pages++;
			meter.profiles += records;
			const now = Date.now();
			if (now - loggedAt < PROGRESS_INTERVAL_MS) return;
			loggedAt = now;
			const elapsedSeconds = Math.round((now - startedAt) / 1000);
			this.logger.info(
				`CleverTap export of "${eventName}": ${meter.pages} pages, ${meter.profiles} profiles so far, ${elapsedSeconds} s`,
				{ pages: meter.pages, profiles: meter.profiles, elapsedSeconds },
			);
		},
	};
	return meter;
}

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
	this: CleverTapFunctions,
	outcome: AttemptOutcome,
	retries: number,
	policy: RetryPolicy,
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
	// No network code in `message` nor under `code`: NodeApiError would swap our message for its own.
	const details = { networkCode: outcome.code ?? null, host: outcome.host };
	const codeNote = outcome.code ? `Network error ${outcome.code}. ` : '';
	switch (outcome.failure) {
		case 'cancelled':
			return new NodeApiError(this.getNode(), details, {
				message: 'The request to CleverTap was cancelled: the execution was stopped',
			});
		case 'unreachable':
			return new NodeApiError(this.getNode(), details, {
				message: `Could not reach CleverTap at ${outcome.host}: ${unreachableReason(outcome.code)}`,
				description: `${codeNote}The address is wrong, so the node did not retry. Check the credential's region, or its Base URL if you use a custom one.`,
			});
		case 'timeout':
			return new NodeApiError(this.getNode(), details, {
				message: `CleverTap did not answer within ${policy.timeoutMs / 1000} seconds (the Timeout option)`,
				description: `${note}Raise the Timeout option (large pages take longer), or lower Batch Size.`,
			});
		case 'connection':
			return new NodeApiError(this.getNode(), details, {
				message: `Could not connect to CleverTap at ${outcome.host}`,
				description: `${note}${codeNote}Check that this n8n instance can reach ${outcome.host}, and the credential's region or Base URL.`,
			});
	}
}

function unreachableReason(code: string | undefined): string {
	if (code === 'ENOTFOUND' || code === 'EAI_NONAME') return 'no such host';
	if (code === 'ERR_INVALID_URL') return 'not a valid address';
	return 'its TLS certificate is not valid for this address';
}

function busyTooLongError(
	this: CleverTapFunctions,
	reason: string,
	waitedMs: number,
	policy: RetryPolicy,
): NodeApiError {
	const minutes = (waitedMs / 60_000).toFixed(1);
	return new NodeApiError(
		this.getNode(),
		{ reason },
		{
			message: `CleverTap stayed busy for ${minutes} minutes: it kept answering that ${reason}`,
			description: `The node waited up to Max Wait While CleverTap Is Busy (${policy.maxBusyWaitMs / 60_000} minutes). Raise that option, or run fewer CleverTap exports for this account at the same time.`,
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

/** n8n wraps a network failure in a NodeApiError; the network's own code is on its `cause`. */
function networkCodeOf(error: unknown): string | undefined {
	for (let current = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; ; ) {
		if (current === undefined || current === null || depth > 4) return undefined;
		if (typeof current.code === 'string' && /^[A-Z_]+$/.test(current.code)) return current.code;
		current = current.cause as typeof current;
		depth++;
	}
}

function hostOf(url: string): string {
	try {
		return new URL(url).host;
	} catch {
		return url;
	}
}

function cancelSignalOf(context: CleverTapFunctions): AbortSignal | undefined {
	return 'getExecutionCancelSignal' in context ? context.getExecutionCancelSignal() : undefined;
}

/**
 * Waits, or stops waiting with the signal's reason as soon as the execution is cancelled.
 * n8n 2.x's `sleep` honours the signal itself; n8n 1.x's ignores it, hence the listener here.
 */
async function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
	if (!signal) return await sleep(ms);
	signal.throwIfAborted();
	await new Promise<void>((resolve, reject) => {
		const onAbort = () => reject(signal.reason);
		signal.addEventListener('abort', onAbort, { once: true });
		sleep(ms, signal)
			.then(resolve, reject)
			.finally(() => signal.removeEventListener('abort', onAbort));
	});
}

/** One HTTP exchange. Never throws for what CleverTap or the network did: it reports it. */
async function attempt(
	this: CleverTapFunctions,
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
		const code = networkCodeOf(error);
		const message = String((error as { message?: unknown }).message ?? '');
		const cancelled = cancelSignalOf(this)?.aborted === true;
		return {
			kind: 'network',
			failure: cancelled ? 'cancelled' : networkFailureOf(code, message),
			code,
			host: hostOf(url),
		};
	}
	const answer = parseAnswer(response.body);
	if (answer === undefined) return { kind: 'unreadable', httpStatus: response.statusCode };
	return { kind: 'answer', httpStatus: response.statusCode, answer };
}

function describeRequest(request: CleverTapRequest): string {
	return `${request.method} ${request.path}`;
}

/**
 * One call to CleverTap. Answers with `status: "success"`. While CleverTap is busy (still
 * preparing, code 2; too many concurrent requests, 429) it waits with backoff, up to the policy's
 * maxBusyWaitMs for this request; a passing failure (5xx, a dropped connection, a timeout, an
 * unreadable body) is retried up to maxRetries; anything else throws at once, with CleverTap's
 * own message and code, whatever the HTTP status was. A cancelled execution stops it at once.
 * At most 3 requests per account are in flight from this process (CleverTap's limit).
 */
export async function cleverTapApiRequest(
	this: CleverTapFunctions,
	request: CleverTapRequest,
	policy: RetryPolicy = DEFAULT_RETRY_POLICY,
	meter?: ExportMeter,
): Promise<CleverTapAnswer> {
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	const baseUrl = resolveBaseUrl(credentials);
	const url = `${baseUrl}${request.path}${request.rawQuery ? `?${request.rawQuery}` : ''}`;
	const accountKey = `${String(credentials.accountId)}@${baseUrl}`;
	const signal = cancelSignalOf(this);

	let busySince: number | undefined;
	for (let retries = 0, busyWaits = 0; ; ) {
		const freeSlot = await takeAccountSlot(accountKey, signal);
		let outcome: AttemptOutcome;
		try {
			outcome = await attempt.call(this, request, url, policy.timeoutMs);
		} finally {
			freeSlot();
		}
		if (meter) {
			meter.requests++;
			meter.onActivity?.();
		}
		if (outcome.kind === 'answer') {
			const answer = outcome.answer as CleverTapAnswer;
			const isSuccess = outcome.httpStatus < 300 && answer.status === 'success';
			if (isSuccess || request.isExpectedFailure?.(outcome.httpStatus, answer)) return answer;
		}

		const busy = busyReason(outcome);
		if (busy !== undefined) {
			busySince ??= Date.now();
			const waitedMs = Date.now() - busySince;
			if (waitedMs >= policy.maxBusyWaitMs) {
				throw busyTooLongError.call(this, busy, waitedMs, policy);
			}
			busyWaits++;
			const delayMs = Math.min(
				retryDelayMs(busyWaits, policy.initialDelayMs),
				policy.maxBusyWaitMs - waitedMs,
			);
			this.logger.warn(
				`CleverTap ${describeRequest(request)}: ${busy}; waiting ${delayMs} ms (busy for ${Math.round(waitedMs / 1000)} s so far)`,
				{ busyWaits, reason: busy, delayMs, waitedMs },
			);
			await pause(delayMs, signal);
			continue;
		}

		const reason = transientReason(outcome);
		if (reason === undefined || retries >= policy.maxRetries) {
			throw failureOf.call(this, outcome, retries, policy, reason);
		}
		retries++;
		const delayMs = retryDelayMs(retries, policy.initialDelayMs);
		this.logger.warn(
			`CleverTap ${describeRequest(request)}: ${reason}; retry ${retries} of ${policy.maxRetries} in ${delayMs} ms`,
			{ attempt: retries, maxRetries: policy.maxRetries, reason, delayMs },
		);
		await pause(delayMs, signal);
	}
}

export interface ExportRequest {
	eventName: string;
	range: DayRange;
	batchSize: number;
	/** CleverTap's query flags (app, events, profile). */
	flags: IDataObject;
}

/** Asks CleverTap to prepare an export and returns its first cursor. */
async function startExport(
	this: CleverTapFunctions,
	{ eventName, range, batchSize, flags }: ExportRequest,
	policy: RetryPolicy,
	meter?: ExportMeter,
): Promise<string> {
	const answer = await cleverTapApiRequest.call(
		this,
		{
			method: 'POST',
			path: '/1/profiles.json',
			qs: { batch_size: batchSize, ...flags },
			body: { event_name: eventName, from: range.from, to: range.to },
		},
		policy,
		meter,
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

/**
 * Walks an export's cursor chain from its first cursor: GET each cursor, then its
 * `next_cursor`, until an answer has none, yielding each page's records as it arrives. A short
 * or empty page is not the end; a cursor that comes back a second time is an error, never a
 * loop (cursors are remembered as 64-bit fingerprints: they are 2 KB each).
 */
async function* followCursorChain(
	this: CleverTapFunctions,
	firstCursor: string,
	policy: RetryPolicy,
	meter?: ExportMeter,
): AsyncGenerator<ProfileRecord[]> {
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
						'The node stopped rather than loop forever; no profiles were output. Run the node again; if it keeps happening, try a smaller date range.',
				},
			);
		}
		cursorsSeen.add(cursorFingerprint);
		const page: CleverTapAnswer = await cleverTapApiRequest.call(
			this,
			{ method: 'GET', path: '/1/profiles.json', rawQuery: `cursor=${cursor}` },
			policy,
			meter,
		);
		const records = recordsOfPage(page);
		meter?.pageArrived(records.length);
		yield records;
		cursor = nextCursorOf(page);
	}
}

/**
 * One export of the profiles who did an event in a day range: the cursor POST, then the whole
 * cursor chain, page by page (each page's records, as CleverTap sent them, repeats included).
 * Stopping early (a limit met) just stops asking.
 */
export async function* exportProfiles(
	this: CleverTapFunctions,
	request: ExportRequest,
	policy: RetryPolicy = DEFAULT_RETRY_POLICY,
	meter?: ExportMeter,
): AsyncGenerator<ProfileRecord[]> {
	const firstCursor = await startExport.call(this, request, policy, meter);
	yield* followCursorChain.call(this, firstCursor, policy, meter);
}
