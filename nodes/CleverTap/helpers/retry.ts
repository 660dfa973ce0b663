import { checkedNumber, isUnset, type NumberRule } from './numbers';

/** How hard the node tries before it gives up on one CleverTap request. */
export interface RetryPolicy {
	/** Retries after the first attempt; 0 turns retrying off. */
	maxRetries: number;
	/** How long one attempt may wait for an answer. */
	timeoutMs: number;
	/** The wait before the first retry; it doubles for each further retry. */
	initialDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxRetries: 5,
	timeoutMs: 60_000,
	initialDelayMs: 1_000,
};

/** No single wait is longer than this, however many retries came before. */
export const MAX_RETRY_DELAY_MS = 60_000;

/** What one attempt came back with, before anyone judges it. */
export type AttemptOutcome =
	| { kind: 'answer'; httpStatus: number; answer: Record<string, unknown> }
	/** A body that is not a JSON object: malformed, or cut off on the way. */
	| { kind: 'unreadable'; httpStatus: number }
	/** No HTTP answer at all: connection reset or refused, or the timeout ran out. */
	| { kind: 'network'; code?: string; message: string };

// Network failures that another attempt cannot fix: the address itself is wrong.
const PERMANENT_NETWORK_CODES = new Set([
	'ENOTFOUND',
	'EAI_NONAME',
	'ERR_INVALID_URL',
	'ERR_TLS_CERT_ALTNAME_INVALID',
]);
const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);

export function isTimeout(outcome: AttemptOutcome): boolean {
	return (
		outcome.kind === 'network' &&
		(TIMEOUT_CODES.has(outcome.code ?? '') || /timeout/i.test(outcome.message))
	);
}

/**
 * Why a failed attempt may well succeed if sent again, or undefined when it will not
 * (bad credentials, a bad parameter, an event that can't be exported: the same request gets
 * the same answer). CleverTap's "still in progress" (code 2) comes with HTTP 200 and keeps
 * the cursor's position, so the same request is simply asked again.
 */
export function transientReason(outcome: AttemptOutcome): string | undefined {
	switch (outcome.kind) {
		case 'answer': {
			const { httpStatus, answer } = outcome;
			if (answer.code === 2 || /still in progress/i.test(String(answer.error ?? ''))) {
				return 'CleverTap is still preparing the data (code 2)';
			}
			if (httpStatus === 429) return 'too many concurrent requests (HTTP 429)';
			if (httpStatus >= 500) return `a CleverTap server error (HTTP ${httpStatus})`;
			return undefined;
		}
		case 'unreadable':
			return `an unreadable answer (HTTP ${outcome.httpStatus}, not complete JSON)`;
		case 'network':
			if (PERMANENT_NETWORK_CODES.has(outcome.code ?? '')) return undefined;
			return isTimeout(outcome)
				? 'no answer within the timeout'
				: `a connection failure (${outcome.code ?? outcome.message})`;
	}
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

const USE_DEFAULT = 'Leave it unset to use the default.';

function readNumber(value: unknown, fallback: number, rule: Omit<NumberRule, 'hint'>): number {
	return isUnset(value) ? fallback : checkedNumber(value, { ...rule, hint: USE_DEFAULT });
}

/** The retry policy from the node's options (Max Retries, Timeout in seconds, Retry Delay in ms). */
export function readRetryPolicy(options: {
	maxRetries?: unknown;
	timeout?: unknown;
	retryDelay?: unknown;
}): RetryPolicy {
	return {
		maxRetries: readNumber(options.maxRetries, DEFAULT_RETRY_POLICY.maxRetries, {
			label: 'Max Retries',
			min: 0,
			max: 20,
			wholeNumber: true,
		}),
		timeoutMs:
			1000 *
			readNumber(options.timeout, DEFAULT_RETRY_POLICY.timeoutMs / 1000, {
				label: 'Timeout',
				min: 0.1,
				max: 600,
				wholeNumber: false,
			}),
		initialDelayMs: readNumber(options.retryDelay, DEFAULT_RETRY_POLICY.initialDelayMs, {
			label: 'Retry Delay',
			min: 0,
			max: MAX_RETRY_DELAY_MS,
			wholeNumber: true,
		}),
	};
}
