/**
 * A source of bytes that n8n's binary data store can take in place of a Node stream, built
 * without `node:stream` (community nodes may not import it).
 *
 * n8n reads it one of two ways, depending on its binary data mode:
 * - filesystem mode writes it to disk with `fs.writeFile`, which pulls chunk by chunk through
 *   `Symbol.asyncIterator`: a chunk is produced only when the previous one is written, so memory
 *   holds one chunk at a time however long the file;
 * - the buffering modes (database, S3, and no store at all) listen for `data`, `end`, `error` and
 *   `close` and may call `destroy()`: the chunks then flow as fast as they are produced.
 * Either way each chunk is made when it is asked for, and a failure while producing reaches the
 * store as an error, so no partial file is kept.
 */
type Listener = (...args: unknown[]) => void;

export interface ByteSource extends AsyncIterable<Buffer> {
	on(event: string, listener: Listener): ByteSource;
	once(event: string, listener: Listener): ByteSource;
	off(event: string, listener: Listener): ByteSource;
	removeListener(event: string, listener: Listener): ByteSource;
	destroy(error?: Error): ByteSource;
	/** Sends an empty chunk to listening readers, so an idle-timeout does not fire while the producer waits. */
	keepAlive(): void;
	/** How many bytes it has produced so far. */
	readonly bytes: number;
}

export function createByteSource(produce: () => AsyncIterator<string>): ByteSource {
	const listeners = new Map<string, Array<{ listener: Listener; once: boolean }>>();
	let iterator: AsyncIterator<string> | undefined;
	let flowing = false;
	let destroyed = false;
	let bytes = 0;

	function start(): AsyncIterator<string> {
		if (iterator) throw new Error('This byte source has already been read');
		iterator = produce();
		return iterator;
	}

	/** The next chunk as UTF-8 bytes, or undefined at the end. */
	async function nextChunk(chunks: AsyncIterator<string>): Promise<Buffer | undefined> {
		const next = await chunks.next();
		if (next.done) return undefined;
		const chunk = Buffer.from(next.value, 'utf8');
		bytes += chunk.length;
		return chunk;
	}

	function emit(event: string, ...args: unknown[]): void {
		for (const entry of [...(listeners.get(event) ?? [])]) {
			if (entry.once) remove(event, entry.listener);
			entry.listener(...args);
		}
	}

	function remove(event: string, listener: Listener): void {
		const entries = listeners.get(event) ?? [];
		const index = entries.findIndex((entry) => entry.listener === listener);
		if (index !== -1) entries.splice(index, 1);
	}

	async function flow(): Promise<void> {
		const chunks = start();
		try {
			for (;;) {
				const chunk = await nextChunk(chunks);
				if (destroyed) return;
				if (chunk === undefined) break;
				emit('data', chunk);
			}
			emit('end');
			emit('close');
		} catch (error) {
			if (!destroyed) emit('error', error);
		}
	}

	function add(event: string, listener: Listener, once: boolean): ByteSource {
		const entries = listeners.get(event) ?? [];
		entries.push({ listener, once });
		listeners.set(event, entries);
		if (event === 'data' && !flowing) {
			flowing = true;
			// After the reader has attached its other listeners in the same turn.
			void Promise.resolve().then(flow);
		}
		return source;
	}

	const source: ByteSource = {
		on: (event, listener) => add(event, listener, false),
		once: (event, listener) => add(event, listener, true),
		off(event, listener) {
			remove(event, listener);
			return source;
		},
		removeListener(event, listener) {
			remove(event, listener);
			return source;
		},
		destroy() {
			destroyed = true;
			void iterator?.return?.();
			return source;
		},
		keepAlive() {
			if (flowing && !destroyed) emit('data', Buffer.alloc(0));
		},
		get bytes() {
			return bytes;
		},
		[Symbol.asyncIterator]() {
			const chunks = start();
			return {
				async next() {
					const chunk = await nextChunk(chunks);
					return chunk === undefined
						? { done: true, value: undefined }
						: { done: false, value: chunk };
				},
				async return() {
					await chunks.return?.();
					return { done: true, value: undefined };
				},
			};
		},
	};
	return source;
}
