/**
 * CleverTap allows 3 concurrent requests per account to this API and answers a 4th with 429.
 * One n8n process often runs several executions (and parallel chains) against one account, so
 * every request first takes one of the account's slots here; the rest wait their turn in order
 * instead of drawing 429s. Module state: shared by every execution in this process.
 */
export const CONCURRENT_REQUESTS_PER_ACCOUNT = 3;

interface AccountQueue {
	active: number;
	waiting: Array<() => void>;
}

const accounts = new Map<string, AccountQueue>();

function release(key: string, queue: AccountQueue): void {
	const next = queue.waiting.shift();
	if (next) {
		next(); // the slot passes straight to the next waiter
		return;
	}
	queue.active--;
	if (queue.active === 0) accounts.delete(key);
}

/**
 * Waits for a free slot of the account `key` and returns the function that frees it. A wait
 * ends early, with the signal's reason, when the signal aborts (the execution was cancelled).
 */
export async function takeAccountSlot(key: string, signal?: AbortSignal): Promise<() => void> {
	signal?.throwIfAborted();
	let queue = accounts.get(key);
	if (!queue) {
		queue = { active: 0, waiting: [] };
		accounts.set(key, queue);
	}
	const owned = queue;
	let freed = false;
	const free = () => {
		if (freed) return;
		freed = true;
		release(key, owned);
	};
	if (owned.active < CONCURRENT_REQUESTS_PER_ACCOUNT) {
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
