/**
 * A reference client that survives every fault the simulator can throw, and logs each attempt, so a
 * test can show where a fault fired, how often, and that the export still ends with the ground truth.
 * Retries the same cursor on any failure, restarts from the POST on an expired cursor, stops on a
 * cursor that never advances, and leaves dedup (by objectId) to the caller.
 */
import type { CleverTapSimulator, ExportedRecord } from '../simulator';
import { call, type CallOptions, type CleverTapBody, type ExportQuery } from './simulator-client';

/** Long enough for any honest answer on a busy CI machine; a 'hang' fault costs this much. */
const ANSWER_TIMEOUT_MS = 1000;

export interface Attempt {
	step: 'post' | 'get';
	/** The cursor sent (GET only). */
	cursor?: string;
	/** 'ok', 'no answer' (reset, timeout), 'broken json', or "<HTTP status> fail <code>". */
	outcome: string;
	status?: number;
	retryAfter?: string | null;
	text?: string;
	body?: CleverTapBody;
}

export interface CarefulExport {
	/** Every record received, repeats included, in order (after the last restart). */
	records: ExportedRecord[];
	attempts: Attempt[];
	gets: Attempt[];
	posts: Attempt[];
}

async function attempt(
	step: 'post' | 'get',
	send: (options: CallOptions) => ReturnType<typeof call>,
	cursor?: string,
): Promise<Attempt> {
	try {
		const answer = await send({ signal: AbortSignal.timeout(ANSWER_TIMEOUT_MS) });
		const base = {
			step,
			cursor,
			status: answer.status,
			retryAfter: answer.headers.get('retry-after'),
			text: answer.text,
			body: answer.body,
		};
		if (answer.body === undefined) return { ...base, outcome: 'broken json' };
		if (answer.status !== 200 || answer.body.status !== 'success')
			return { ...base, outcome: `${answer.status} fail ${answer.body.code}` };
		return { ...base, outcome: 'ok' };
	} catch {
		return { step, cursor, outcome: 'no answer' };
	}
}

export async function carefulExport(
	sim: CleverTapSimulator,
	{ event, from, to, query = 'batch_size=23' }: ExportQuery,
): Promise<CarefulExport> {
	const attempts: Attempt[] = [];
	const log = (entry: Attempt) => {
		attempts.push(entry);
		return entry;
	};
	for (let restart = 0; restart < 3; restart++) {
		let cursor: string | undefined;
		for (let tries = 0; cursor === undefined; tries++) {
			if (tries === 10) throw new Error('the cursor POST keeps failing');
			const post = log(
				await attempt('post', (options) =>
					call(sim, 'POST', `/1/profiles.json?${query}`, {
						json: { event_name: event, from, to },
						...options,
					}),
				),
			);
			if (post.outcome === 'ok') cursor = post.body!.cursor;
		}
		const records: ExportedRecord[] = [];
		let expired = false;
		let sameCursorRuns = 0;
		while (cursor !== undefined && !expired) {
			const sent: string = cursor;
			const get = log(
				await attempt(
					'get',
					(options) => call(sim, 'GET', `/1/profiles.json?cursor=${sent}`, options),
					sent,
				),
			);
			if (get.outcome !== 'ok') {
				expired = /expired/i.test(get.body?.error ?? '');
				if (attempts.filter((entry) => entry.cursor === sent).length > 10)
					throw new Error('a cursor keeps failing');
				continue;
			}
			records.push(...(get.body!.records ?? []));
			cursor = get.body!.next_cursor;
			sameCursorRuns = cursor === sent ? sameCursorRuns + 1 : 0;
			if (sameCursorRuns > 10) throw new Error('the cursor never advances');
		}
		if (!expired) {
			return {
				records,
				attempts,
				gets: attempts.filter((entry) => entry.step === 'get'),
				posts: attempts.filter((entry) => entry.step === 'post'),
			};
		}
	}
	throw new Error('the export kept expiring');
}

/** Keeps the first occurrence of each profile (by CleverTap ID). */
export function withoutRepeats(records: ExportedRecord[]): ExportedRecord[] {
	const seen = new Set<string>();
	return records.filter((record) => {
		const id = record.platformInfo[0].objectId;
		if (seen.has(id)) return false;
		seen.add(id);
		return true;
	});
}
