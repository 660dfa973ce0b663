/** No single retry wait is longer than this, however many retries came before. */
export const MAX_RETRY_DELAY_MS = 60_000;

/** How hard the node tries before it gives up on one CleverTap request. */
export interface RetryPolicy {
	/** Retries after the first attempt; 0 turns retrying off. */
	maxRetries: number;
	/** How long one attempt may wait for an answer. */
	timeoutMs: number;
	/** The wait before the first retry; it doubles for each further retry. */
	initialDelayMs: number;
	/** How long one request may keep meeting "busy" answers (code 2, HTTP 429) before it fails. */
	maxBusyWaitMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxRetries: 5,
	timeoutMs: 60_000,
	initialDelayMs: 1_000,
	maxBusyWaitMs: 10 * 60_000,
};

/** What one attempt came back with, before anyone judges it. */
export type AttemptOutcome =
	| { kind: 'answer'; httpStatus: number; answer: Record<string, unknown> }
	/** A body that is not a JSON object: malformed, or cut off on the way. */
	| { kind: 'unreadable'; httpStatus: number }
	/** A 3xx: the node never follows one. `to` is the host it pointed to, when it said. */
	| { kind: 'redirect'; httpStatus: number; to: string | undefined }
	/** No HTTP answer at all. */
	| { kind: 'network'; failure: NetworkFailure; code?: string; host: string };

/**
 * Why no answer came, from the network error's code (n8n keeps it on the error's `cause`).
 * - unreachable: the address itself is wrong (no such host, invalid URL, a certificate for
 *   another name): another attempt gets the same;
 * - timeout: no answer within the Timeout option;
 * - cancelled: n8n aborted the request because the execution was stopped;
 * - cutOff: the answer had begun, then the connection broke (or its bytes could not be decoded);
 * - connection: refused, reset, or otherwise dropped: often passing.
 */
export type NetworkFailure = 'unreachable' | 'timeout' | 'cancelled' | 'cutOff' | 'connection';

const UNREACHABLE_CODES = new Set([
	'ENOTFOUND',
	'EAI_NONAME',
	'ERR_INVALID_URL',
	'ERR_TLS_CERT_ALTNAME_INVALID',
	'CERT_HAS_EXPIRED',
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
]);
const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);
// Seen here with redirects off: a body cut off mid-way is ERR_BAD_RESPONSE ("stream has been
// aborted"); a body that does not decode (bad gzip) is a zlib code.
const CUT_OFF_CODES = new Set([
	'ERR_BAD_RESPONSE',
	'ERR_STREAM_PREMATURE_CLOSE',
	'Z_DATA_ERROR',
	'Z_BUF_ERROR',
]);

export function networkFailureOf(code: string | undefined, message: string): NetworkFailure {
	if (code === 'ERR_CANCELED' || /\bcancel(l)?ed\b|aborted by the user/i.test(message)) {
		return 'cancelled';
	}
	if (code !== undefined && UNREACHABLE_CODES.has(code)) return 'unreachable';
	if ((code !== undefined && TIMEOUT_CODES.has(code)) || /timeout/i.test(message)) {
		return 'timeout';
	}
	if (code !== undefined && CUT_OFF_CODES.has(code)) return 'cutOff';
	return 'connection';
}

/**
 * Why CleverTap is busy rather than failing, or undefined: "still in progress" (code 2, HTTP 200,
 * the cursor keeps its place) while it prepares an export, and 429 while other requests to the
 * account are in flight. Both are waited out (up to maxBusyWaitMs), not counted as retries.
 */
export function busyReason(outcome: AttemptOutcome): string | undefined {
	if (outcome.kind === 'unreadable' && outcome.httpStatus === 429) {
		return 'too many concurrent requests to the account (HTTP 429)';
	}
	if (outcome.kind !== 'answer') return undefined;
	const { httpStatus, answer } = outcome;
	if (answer.code === 2 || /still in progress/i.test(String(answer.error ?? ''))) {
		return 'CleverTap is still preparing the data (code 2)';
	}
	if (httpStatus === 429) return 'too many concurrent requests to the account (HTTP 429)';
	return undefined;
}

/**
 * Why a failed attempt may well succeed if sent again, or undefined when it will not
 * (bad credentials, a bad parameter, an event that can't be exported, a wrong address, a
 * cancelled execution: the same request gets the same answer).
 */
export function transientReason(outcome: AttemptOutcome): string | undefined {
	switch (outcome.kind) {
		case 'answer':
			return outcome.httpStatus >= 500
				? `a CleverTap server error (HTTP ${outcome.httpStatus})`
				: undefined;
		case 'redirect':
			return undefined;
		case 'unreadable':
			// A garbled 200 or a 5xx passes; any other status says what it is whatever its body.
			return outcome.httpStatus >= 500 || outcome.httpStatus < 300
				? `an unreadable answer (HTTP ${outcome.httpStatus}, not complete JSON)`
				: undefined;
		case 'network':
			if (outcome.failure === 'timeout') return 'no answer within the timeout';
			if (outcome.failure === 'cutOff')
				return `an answer cut off on the way (${outcome.code ?? 'no code'})`;
			if (outcome.failure === 'connection') {
				return `a connection failure (${outcome.code ?? 'no answer'})`;
			}
			return undefined;
	}
}

// Failures before the request left: the server cannot have seen any of it.
const NOTHING_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME']);

/**
 * Whether the failed attempt certainly never reached CleverTap. Anything else that fails after
 * the request went out (a 5xx, a reset, a timeout, a cut-off answer) may have been recorded.
 */
export function nothingWasSent(outcome: AttemptOutcome): boolean {
	return (
		outcome.kind === 'network' && outcome.code !== undefined && NOTHING_SENT_CODES.has(outcome.code)
	);
}

/**
 * Exponential backoff with jitter: retry n waits a random time between half and all of
 * initialDelay x 2^(n-1), capped. CleverTap sends no Retry-After, and jitter keeps parallel
 * executions from retrying in step against its 3-request concurrency limit.
 */
export function retryDelayMs(
	retryNumber: number,
	initialDelayMs: number,
	random: () => number = Math.random,
): number {
	const ceiling = Math.min(MAX_RETRY_DELAY_MS, initialDelayMs * 2 ** (retryNumber - 1));
	return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
