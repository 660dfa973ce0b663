/**
 * Waiting out a busy CleverTap: "still preparing" (code 2), 429, and a count still being made.
 * One BusyWait is one budget of Max Wait While CleverTap Is Busy: a request has its own, and
 * calls that make up one answer (a count's POST and its polls) share one.
 */
import { sleep } from 'n8n-workflow';

import { executionSignalOf } from './attempt';
import type { CleverTapFunctions } from './context';
import { busyTooLongError } from './errors';
import { retryDelayMs, type RetryPolicy } from './retryPolicy';

export interface BusyWait {
	/** When the first busy answer came; unset until then. */
	since?: number;
	/** How many waits so far: each waits about twice as long as the one before. */
	waits: number;
}

export const startBusyWait = (): BusyWait => ({ waits: 0 });

/**
 * Waits, or stops waiting with the signal's reason as soon as it aborts.
 * n8n 2.x's `sleep` honours the signal itself; n8n 1.x's ignores it, hence the listener here.
 */
export async function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
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

/** The execution's cancel signal together with a call's own (an export stopping its parts). */
export function signalFor(
	context: CleverTapFunctions,
	ownSignal: AbortSignal | undefined,
): AbortSignal | undefined {
	const present = [executionSignalOf(context), ownSignal].filter(
		(signal): signal is AbortSignal => signal !== undefined,
	);
	return present.length > 1 ? AbortSignal.any(present) : present[0];
}

/**
 * One more wait for a busy CleverTap, with backoff and jitter, never past the policy's
 * maxBusyWaitMs since the first busy answer: once that is spent, it throws instead, saying why.
 */
export async function waitWhileBusy(
	this: CleverTapFunctions,
	busy: BusyWait,
	policy: RetryPolicy,
	{ reason, describe }: { reason: string; describe: string },
	signal: AbortSignal | undefined,
): Promise<void> {
	busy.since ??= Date.now();
	const waitedMs = Date.now() - busy.since;
	if (waitedMs >= policy.maxBusyWaitMs) {
		throw busyTooLongError(this.getNode(), reason, waitedMs, policy);
	}
	busy.waits++;
	const delayMs = Math.min(
		retryDelayMs(busy.waits, policy.initialDelayMs),
		policy.maxBusyWaitMs - waitedMs,
	);
	this.logger.warn(
		`${describe}: ${reason}; waiting ${delayMs} ms (busy for ${Math.round(waitedMs / 1000)} s so far)`,
		{ busyWaits: busy.waits, reason, delayMs, waitedMs },
	);
	await pause(delayMs, signal);
}
