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

interface SlotQueue {
	active: number;
	waiting: Array<() => void>;
}

const queues = new Map<string, SlotQueue>();

function release(key: string, queue: SlotQueue): void {
	const next = queue.waiting.shift();
	if (next) {
		next(); // the slot passes straight to the next waiter
		return;
	}
	queue.active--;
	if (queue.active === 0) queues.delete(key);
}

/**
 * Waits for a free slot and returns the function that frees it. A wait ends early, with the
 * signal's reason, when the signal aborts (the execution was cancelled, or its export failed).
 */
export async function takeSlot(owner: SlotOwner, signal?: AbortSignal): Promise<() => void> {
	signal?.throwIfAborted();
	const key = `${owner.accountId}@${owner.baseUrl}#${owner.group}`;
	let queue = queues.get(key);
	if (!queue) {
		queue = { active: 0, waiting: [] };
		queues.set(key, queue);
	}
	const owned = queue;
	let freed = false;
	const free = () => {
		if (freed) return;
		freed = true;
		release(key, owned);
	};
	if (owned.active < CONCURRENT_REQUESTS[owner.group]) {
		owned.active++;
		return free;
	}
	return await new Promise<() => void>((resolve, reject) => {
		const grant = () => {
			signal?.removeEventListener('abort', onAbort);
			resolve(free);
		};
		const onAbort = () => {
			const index = owned.waiting.indexOf(grant);
			if (index !== -1) owned.waiting.splice(index, 1);
			reject(signal?.reason);
		};
		owned.waiting.push(grant);
		signal?.addEventListener('abort', onAbort, { once: true });
	});
}
