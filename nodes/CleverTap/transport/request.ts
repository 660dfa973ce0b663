import { resolveBaseUrl } from '../helpers/baseUrl';
import { requireApiGroup } from './apiLimits';
import {
	attempt,
	CREDENTIAL_TYPE,
	urlOf,
	type CleverTapAnswer,
	type CleverTapRequest,
} from './attempt';
import type { CleverTapFunctions } from './context';
import { pause, signalFor, startBusyWait, waitWhileBusy, type BusyWait } from './busyWait';
import { failureOf, mayHaveBeenRecordedError } from './errors';
import { takeSlot, type SlotGate } from './limiter';
import {
	busyReason,
	DEFAULT_RETRY_POLICY,
	nothingWasSent,
	retryDelayMs,
	transientReason,
	type AttemptOutcome,
	type RetryPolicy,
} from './retryPolicy';

/** How one call is made, beyond the request itself. */
export interface RequestSettings {
	policy: RetryPolicy;
	/**
	 * Stops the waits (for a slot, a retry, a busy CleverTap) and ignores an answer still on its way:
	 * an export aborts it when one of its parts fails. The execution's own cancel signal always counts.
	 */
	signal?: AbortSignal;
	/** Called whenever a request ends, answered or not: a sign of life during long waits. */
	onAttempt?: () => void;
	/**
	 * false: sending the request twice would record it twice (events, $incr). It is then sent
	 * again only when the failure shows it never left (a refused connection); after any other
	 * passing failure it fails at once with mayHaveBeenRecordedError. Default true.
	 */
	repeatable?: boolean;
	/** Shared by calls that wait as one (a count's POST and polls); else each call has its own. */
	busyWait?: BusyWait;
	/**
	 * The caller's own share of the account's slots (an export walking more chains than its
	 * Parallel Requests): each attempt takes one of these before the account's slot.
	 */
	slots?: SlotGate;
}

/**
 * One call to CleverTap. Answers with `status: "success"`. While CleverTap is busy (still
 * preparing, code 2; too many concurrent requests, 429) it waits with backoff, up to the policy's
 * maxBusyWaitMs for this request (or for the calls sharing its busyWait, see busyWait.ts); a
 * passing failure (5xx, a dropped connection, a timeout, an unreadable body) is retried up to
 * maxRetries; anything else throws at once, with CleverTap's own message and code, whatever the
 * HTTP status was. Each attempt first takes a slot of the account's API (limiter.ts). A
 * cancelled execution, or an aborted signal, stops it at once.
 */
export async function cleverTapApiRequest(
	this: CleverTapFunctions,
	request: CleverTapRequest,
	{ policy, signal: ownSignal, onAttempt, busyWait, slots, repeatable = true }: RequestSettings = {
		policy: DEFAULT_RETRY_POLICY,
	},
): Promise<CleverTapAnswer> {
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	const baseUrl = resolveBaseUrl(credentials);
	const url = urlOf(baseUrl, request);
	const group = requireApiGroup(request.path);
	const owner = { accountId: String(credentials.accountId), baseUrl, group };
	const signal = signalFor(this, ownSignal);
	const node = this.getNode();
	const describe = `CleverTap ${request.method} ${request.path}`;

	const busyBudget = busyWait ?? startBusyWait();
	for (let retries = 0; ; ) {
		const freeSlot = await takeSlot(owner, signal, slots);
		let outcome: AttemptOutcome;
		try {
			outcome = await attempt.call(this, request, url, policy.timeoutMs);
		} finally {
			freeSlot();
		}
		onAttempt?.();
		// An answer that arrives after its export gave up is ignored (n8n can't abort one request alone).
		if (ownSignal?.aborted) throw ownSignal.reason;
		if (outcome.kind === 'answer') {
			const answer = outcome.answer as CleverTapAnswer;
			const isSuccess = outcome.httpStatus < 300 && answer.status === 'success';
			if (isSuccess || request.isExpectedFailure?.(outcome.httpStatus, answer)) return answer;
		}

		const busy = busyReason(outcome);
		if (busy !== undefined) {
			await waitWhileBusy.call(this, busyBudget, policy, { reason: busy, describe }, signal);
			continue;
		}

		const reason = transientReason(outcome);
		if (reason !== undefined && !repeatable && !nothingWasSent(outcome)) {
			throw mayHaveBeenRecordedError(node, reason, request.path);
		}
		if (reason === undefined || retries >= policy.maxRetries) {
			throw failureOf(node, outcome, {
				method: request.method,
				path: request.path,
				retries,
				policy,
				reason,
			});
		}
		retries++;
		const delayMs = retryDelayMs(retries, policy.initialDelayMs);
		this.logger.warn(
			`${describe}: ${reason}; retry ${retries} of ${policy.maxRetries} in ${delayMs} ms`,
			{ attempt: retries, maxRetries: policy.maxRetries, reason, delayMs },
		);
		await pause(delayMs, signal);
	}
}
