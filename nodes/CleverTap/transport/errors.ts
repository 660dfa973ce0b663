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

/** What the call was, for the words of its error. */
export interface FailedCall {
	method: string;
	path: string;
	retries: number;
	policy: RetryPolicy;
	/** Why it was retried, when it was. */
	reason?: string;
}

function isAuthFailure(httpStatus: number, message: string): boolean {
	return (
		httpStatus === 401 || httpStatus === 403 || /invalid credentials|account blocked/i.test(message)
	);
}

function wrongPathAdvice({ method, path }: FailedCall): string {
	return `Nothing answers ${method} ${path} at this address: CleverTap knows this path, so the credential's Base URL (or a proxy on the way) is wrong. Check the Base URL, or choose the region instead.`;
}

/** What the user can do about a failure CleverTap answered with. */
function adviceFor(
	httpStatus: number,
	answer: CleverTapAnswer,
	call: FailedCall,
): string | undefined {
	const message = answer.error ?? '';
	if (isAuthFailure(httpStatus, message)) return AUTH_FAILURE_HINT;
	if (httpStatus === 404) return wrongPathAdvice(call);
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

function gaveUpNote({ retries, reason }: FailedCall): string {
	return reason === undefined || retries === 0
		? ''
		: `Gave up after ${retries} ${retries === 1 ? 'retry' : 'retries'} (${reason}). `;
}

function unreachableReason(code: string | undefined): string {
	if (code === 'ENOTFOUND' || code === 'EAI_NONAME') return 'no such host';
	if (code === 'ERR_INVALID_URL') return 'not a valid address';
	return 'its TLS certificate is not valid for this address';
}

/** A NodeApiError whose description is ours alone: n8n would fill an empty one with the message again. */
function apiError(
	node: INode,
	details: JsonObject,
	message: string,
	description: string,
	httpCode?: number,
): NodeApiError {
	const error = new NodeApiError(node, details, {
		message,
		description: description.trim() || undefined,
		httpCode: httpCode === undefined ? undefined : String(httpCode),
	});
	if (description.trim() === '') error.description = null;
	return error;
}

/** The error for a body that is not CleverTap's JSON, by what its status says. */
function unreadableFailure(node: INode, httpStatus: number, call: FailedCall): NodeApiError {
	const details = { httpStatus };
	if (isAuthFailure(httpStatus, '')) {
		return apiError(
			node,
			details,
			`CleverTap refused the request (HTTP ${httpStatus})`,
			AUTH_FAILURE_HINT,
			httpStatus,
		);
	}
	if (httpStatus === 404) {
		return apiError(
			node,
			details,
			`No CleverTap API at this address (HTTP 404 for ${call.path})`,
			wrongPathAdvice(call),
			httpStatus,
		);
	}
	if (httpStatus >= 400 && httpStatus < 500) {
		return apiError(
			node,
			details,
			`CleverTap's address answered HTTP ${httpStatus} with a body that is not CleverTap's`,
			"CleverTap answers in JSON: something else answered. Check the credential's Base URL, or a proxy on the way.",
			httpStatus,
		);
	}
	return apiError(
		node,
		details,
		`CleverTap sent an answer that could not be read (HTTP ${httpStatus}: not complete JSON)`,
		`${gaveUpNote(call)}The answer was malformed or cut off on the way. Try again later.`,
		httpStatus,
	);
}

/** The error for an attempt that failed for good. */
export function failureOf(node: INode, outcome: AttemptOutcome, call: FailedCall): NodeApiError {
	const note = gaveUpNote(call);
	switch (outcome.kind) {
		case 'answer': {
			const { httpStatus } = outcome;
			const answer = outcome.answer as CleverTapAnswer;
			const cleverTapMessage = answer.error ?? `HTTP ${httpStatus} without an error message`;
			const codeNote = answer.code !== undefined ? ` (code ${answer.code})` : '';
			const error = apiError(
				node,
				answer as JsonObject,
				`CleverTap: ${cleverTapMessage}${codeNote}`,
				`${note}${adviceFor(httpStatus, answer, call) ?? ''}`,
				httpStatus,
			);
			if (isFutureDayAnswer(answer)) futureDayRefusals.add(error);
			return error;
		}
		case 'unreadable':
			return unreadableFailure(node, outcome.httpStatus, call);
		case 'redirect':
			return apiError(
				node,
				{ httpStatus: outcome.httpStatus, redirectedTo: outcome.to ?? null },
				`CleverTap's address redirected the request (HTTP ${outcome.httpStatus}) to ${outcome.to ?? 'another address'}`,
				"CleverTap does not redirect API calls, so the node does not follow redirects: the passcode would go along. Check the credential's Base URL, or a proxy on the way.",
				outcome.httpStatus,
			);
		case 'network':
			return networkFailure(node, outcome, call);
	}
}

function networkFailure(
	node: INode,
	outcome: Extract<AttemptOutcome, { kind: 'network' }>,
	call: FailedCall,
): NodeApiError {
	const note = gaveUpNote(call);
	// No network code in `message` nor under `code`: NodeApiError would swap our message for its own.
	const details = { networkCode: outcome.code ?? null, host: outcome.host };
	const codeNote = outcome.code ? `Network error ${outcome.code}. ` : '';
	switch (outcome.failure) {
		case 'cancelled':
			return apiError(
				node,
				details,
				'The request to CleverTap was cancelled: the execution was stopped',
				'',
			);
		case 'unreachable':
			return apiError(
				node,
				details,
				`Could not reach CleverTap at ${outcome.host}: ${unreachableReason(outcome.code)}`,
				`${codeNote}The address is wrong, so the node did not retry. Check the credential's region, or its Base URL if you use a custom one.`,
			);
		case 'timeout':
			return apiError(
				node,
				details,
				`CleverTap did not answer within ${call.policy.timeoutMs / 1000} seconds (the Timeout option)`,
				`${note}Raise the Timeout option (large pages take longer), or lower Batch Size.`,
			);
		case 'cutOff':
			return apiError(
				node,
				details,
				`CleverTap's answer from ${outcome.host} was cut off or could not be decoded`,
				`${note}${codeNote}The connection broke while the answer was arriving, or its bytes were damaged. Try again later; if it keeps happening, lower Batch Size.`,
			);
		case 'connection':
			return apiError(
				node,
				details,
				`Could not connect to CleverTap at ${outcome.host}`,
				`${note}${codeNote}Check that this n8n instance can reach ${outcome.host}, and the credential's region or Base URL.`,
			);
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

/**
 * A request that must not be sent twice failed after it left: CleverTap may have recorded it.
 * The user is told how to find out, since only CleverTap knows.
 */
export function mayHaveBeenRecordedError(node: INode, reason: string, path: string): NodeApiError {
	// The reason stays out of the message and details: NodeApiError swaps a message naming a network code for its own.
	return apiError(
		node,
		{ path },
		'CleverTap may have recorded these records: the request failed after it was sent',
		`It failed with ${reason}. The node did not send it again, because events and $incr/$decr would then count twice. Check in CleverTap whether they arrived (the profile page lists its events and properties; or count the event for that day), then send again only what is missing. Under "Continue (using error output)", these items are on the error output.`,
	);
}
