/**
 * What the user reads when a request fails for good: CleverTap's own message and code (or the
 * network's), and what to do about it. Never the request itself: its headers hold the passcode.
 */
import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { AUTH_FAILURE_HINT } from '../helpers/advice';
import type { CleverTapAnswer } from './attempt';
import type { AttemptOutcome, RetryPolicy } from './retryPolicy';

/** CleverTap refusing a range that ends after today in the account's time zone [seen: code 4002]. */
function isFutureDayAnswer(answer: CleverTapAnswer): boolean {
	return answer.code === 4002 || /future/i.test(answer.error ?? '');
}

/** The errors that are CleverTap's future-day refusal, so that the trigger can tell them apart. */
const futureDayRefusals = new WeakSet<Error>();

/** Whether an error is CleverTap refusing a day that has not ended yet in the account's time zone. */
export function isFutureDayRefusal(error: unknown): boolean {
	return error instanceof Error && futureDayRefusals.has(error);
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
		return 'CleverTap does not export this event (notification events cannot be exported). Choose another event.';
	}
	if (/expired/i.test(message)) {
		// The node does not restart by itself: a restart re-downloads everything and may expire again.
		return 'CleverTap keeps an export cursor about 4 hours (1 hour idle) and this one expired, so the export must start over. Run the node again (or turn on its Retry On Fail setting); for very large exports, split the date range so each run finishes sooner.';
	}
	if (isFutureDayAnswer(answer)) {
		return "CleverTap refuses ranges that end after today in your account's time zone. Use an earlier To Date.";
	}
	return undefined;
}

function gaveUpNote(retries: number, reason: string | undefined): string {
	return reason === undefined || retries === 0
		? ''
		: `Gave up after ${retries} ${retries === 1 ? 'retry' : 'retries'} (${reason}). `;
}

function unreachableReason(code: string | undefined): string {
	if (code === 'ENOTFOUND' || code === 'EAI_NONAME') return 'no such host';
	if (code === 'ERR_INVALID_URL') return 'not a valid address';
	return 'its TLS certificate is not valid for this address';
}

/** The error for an attempt that failed for good, after `retries` retries for `reason`. */
export function failureOf(
	node: INode,
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
		const error = new NodeApiError(node, answer as JsonObject, {
			message: `CleverTap: ${cleverTapMessage}${codeNote}`,
			description: `${note}${adviceFor(httpStatus, answer) ?? ''}`.trim() || undefined,
			httpCode: String(httpStatus),
		});
		if (isFutureDayAnswer(answer)) futureDayRefusals.add(error);
		return error;
	}
	if (outcome.kind === 'unreadable') {
		return new NodeApiError(
			node,
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
			return new NodeApiError(node, details, {
				message: 'The request to CleverTap was cancelled: the execution was stopped',
			});
		case 'unreachable':
			return new NodeApiError(node, details, {
				message: `Could not reach CleverTap at ${outcome.host}: ${unreachableReason(outcome.code)}`,
				description: `${codeNote}The address is wrong, so the node did not retry. Check the credential's region, or its Base URL if you use a custom one.`,
			});
		case 'timeout':
			return new NodeApiError(node, details, {
				message: `CleverTap did not answer within ${policy.timeoutMs / 1000} seconds (the Timeout option)`,
				description: `${note}Raise the Timeout option (large pages take longer), or lower Batch Size.`,
			});
		case 'connection':
			return new NodeApiError(node, details, {
				message: `Could not connect to CleverTap at ${outcome.host}`,
				description: `${note}${codeNote}Check that this n8n instance can reach ${outcome.host}, and the credential's region or Base URL.`,
			});
	}
}

export function busyTooLongError(
	node: INode,
	reason: string,
	waitedMs: number,
	policy: RetryPolicy,
): NodeApiError {
	const minutes = (waitedMs / 60_000).toFixed(1);
	return new NodeApiError(
		node,
		{ reason },
		{
			message: `CleverTap stayed busy for ${minutes} minutes: it kept answering that ${reason}`,
			description: `The node waited up to Max Wait While CleverTap Is Busy (${policy.maxBusyWaitMs / 60_000} minutes). Raise that option, or run fewer CleverTap requests for this account at the same time.`,
		},
	);
}
