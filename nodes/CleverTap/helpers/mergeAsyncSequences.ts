/**
 * Reads several async sequences at once and yields their values as they come, each sequence
 * asked for its next value only once its last one was taken (so none runs more than one value
 * ahead). If one fails, the others are told to stop and the failure is thrown.
 */
export async function* mergeAsyncSequences<T>(
	sequences: Array<AsyncIterator<T>>,
): AsyncGenerator<T> {
	type Settled = { index: number; result: IteratorResult<T> };
	const pending = new Map<number, Promise<Settled>>();
	const ask = (index: number) =>
		pending.set(
			index,
			sequences[index].next().then((result) => ({ index, result })),
		);
	sequences.forEach((_, index) => ask(index));
	try {
		while (pending.size > 0) {
			const { index, result } = await Promise.race(pending.values());
			if (result.done) {
				pending.delete(index);
				continue;
			}
			ask(index);
			yield result.value;
		}
	} finally {
		for (const [index, promise] of pending) {
			promise.catch(() => undefined);
			void sequences[index].return?.()?.catch(() => undefined);
		}
	}
}
