import { sleep } from 'n8n-workflow';

import { resolveBaseUrl } from '../helpers/baseUrl';
import { requireApiGroup } from './apiLimits';
import {
	attempt,
	CREDENTIAL_TYPE,
	executionSignalOf,
	urlOf,
	type CleverTapAnswer,
	type CleverTapRequest,
} from './attempt';
import type { CleverTapFunctions } from './context';
import { busyTooLongError, failureOf, mayHaveBeenRecordedError } from './errors';
import { takeSlot } from './limiter';
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
}

/**
 * Waits, or stops waiting with the signal's reason as soon as it aborts.
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

function combinedSignal(...signals: Array<AbortSignal | undefined>): AbortSignal | undefined {
	const present = signals.filter((signal): signal is AbortSignal => signal !== undefined);
	return present.length > 1 ? AbortSignal.any(present) : present[0];
}

/**
 * One call to CleverTap. Answers with `status: "success"`. While CleverTap is busy (still
 * preparing, code 2; too many concurrent requests, 429) it waits with backoff, up to the policy's
 * maxBusyWaitMs for this request; a passing failure (5xx, a dropped connection, a timeout, an
 * unreadable body) is retried up to maxRetries; anything else throws at once, with CleverTap's
 * own message and code, whatever the HTTP status was. Each attempt first takes a slot of the
 * account's API (limiter.ts). A cancelled execution, or an aborted signal, stops it at once.
 */
export async function cleverTapApiRequest(
	this: CleverTapFunctions,
	request: CleverTapRequest,
	{ policy, signal: ownSignal, onAttempt, repeatable = true }: RequestSettings = {
		policy: DEFAULT_RETRY_POLICY,
	},
): Promise<CleverTapAnswer> {
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	const baseUrl = resolveBaseUrl(credentials);
	const url = urlOf(baseUrl, request);
	const group = requireApiGroup(request.path);
	const owner = { accountId: String(credentials.accountId), baseUrl, group };
	const signal = combinedSignal(executionSignalOf(this), ownSignal);
	const node = this.getNode();
	const describe = `CleverTap ${request.method} ${request.path}`;

	let busySince: number | undefined;
	for (let retries = 0, busyWaits = 0; ; ) {
		const freeSlot = await takeSlot(owner, signal);
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
			busySince ??= Date.now();
			const waitedMs = Date.now() - busySince;
			if (waitedMs >= policy.maxBusyWaitMs) throw busyTooLongError(node, busy, waitedMs, policy);
			busyWaits++;
			const delayMs = Math.min(
				retryDelayMs(busyWaits, policy.initialDelayMs),
				policy.maxBusyWaitMs - waitedMs,
			);
			this.logger.warn(
				`${describe}: ${busy}; waiting ${delayMs} ms (busy for ${Math.round(waitedMs / 1000)} s so far)`,
				{ busyWaits, reason: busy, delayMs, waitedMs },
			);
			await pause(delayMs, signal);
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
