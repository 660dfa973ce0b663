/**
 * CleverTap answers a request over an API's concurrency limit with 429. One n8n process often
 * runs several executions (and parallel parts) against one account, so every request first takes
 * a slot of its account's API here; the rest wait their turn in order instead of drawing 429s.
 * Module state: shared by every execution in this process.
 */
import { CONCURRENT_REQUESTS, type ApiGroup } from './apiLimits';

/** Whose slots a request takes: one account on one base URL, one API. */
export interface SlotOwner {
	accountId: string;
	baseUrl: string;
	group: ApiGroup;
}

/**
 * At most `size` holders at once; the others wait in order. `take` resolves to the function that
 * frees the slot (calling it twice frees it once). A wait ends early, with the signal's reason,
 * when the signal aborts (the execution was cancelled, or its export failed).
 */
export interface SlotGate {
	take(signal?: AbortSignal): Promise<() => void>;
}

/** A gate of `size` slots; `onIdle` is called whenever its last holder leaves and none waits. */
export function createSlotGate(size: number, onIdle?: () => void): SlotGate {
	let active = 0;
	const waiting: Array<() => void> = [];
	const release = () => {
		const next = waiting.shift();
		if (next) {
			next(); // the slot passes straight to the next waiter
			return;
		}
		active--;
		if (active === 0) onIdle?.();
	};
	const freeOnce = () => {
		let freed = false;
		return () => {
			if (freed) return;
			freed = true;
			release();
		};
	};
	return {
		async take(signal) {
			signal?.throwIfAborted();
			if (active < size) {
				active++;
				return freeOnce();
			}
			return await new Promise<() => void>((resolve, reject) => {
				const grant = () => {
					signal?.removeEventListener('abort', onAbort);
					resolve(freeOnce());
				};
				const onAbort = () => {
					const index = waiting.indexOf(grant);
					if (index !== -1) waiting.splice(index, 1);
					reject(signal?.reason);
				};
				waiting.push(grant);
				signal?.addEventListener('abort', onAbort, { once: true });
			});
		},
	};
}

const gates = new Map<string, SlotGate>();

function accountGate(owner: SlotOwner): SlotGate {
	const key = `${owner.accountId}@${owner.baseUrl}#${owner.group}`;
	let gate = gates.get(key);
	if (!gate) {
		gate = createSlotGate(CONCURRENT_REQUESTS[owner.group], () => gates.delete(key));
		gates.set(key, gate);
	}
	return gate;
}

/**
 * Waits for a free slot of the owner's account and API, after one of the caller's `share` when
 * it has one; returns the function that frees both.
 */
export async function takeSlot(
	owner: SlotOwner,
	signal?: AbortSignal,
	share?: SlotGate,
): Promise<() => void> {
	const freeShare = await share?.take(signal);
	let freeSlot: (() => void) | undefined;
	try {
		freeSlot = await accountGate(owner).take(signal);
	} finally {
		if (freeSlot === undefined) freeShare?.(); // the wait for the account's slot was aborted
	}
	const freeAccountSlot = freeSlot;
	return () => {
		freeAccountSlot();
		freeShare?.();
	};
}
