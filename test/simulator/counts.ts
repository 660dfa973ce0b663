/**
 * Counts, asynchronous [doc]: `POST /1/counts/events.json` (how many times the event was done) or
 * `/1/counts/profiles.json` (how many people did it) with {"event_name", "from", "to"} answers
 * {"status":"partial","req_id":N} while CleverTap works, then `GET` the same path `?req_id=N`
 * until {"status":"success","count":N} [doc: the req_id; seen: the polling call].
 */
import { randomInt } from 'node:crypto';

import type { EventRange, readEventRange } from './export';
import { answerWith, fail, success, type FaultSwitchboard, type Reply } from './faults';

interface CountJob {
	count: number;
	partialsLeft: number; // partial answers still to come
	poll: number; // the next poll's number (1: the first GET), as `at` counts them
}

/**
 * One count endpoint. `partialAnswers` in a row come before the count, the POST's included
 * (0: the POST answers with the count). A poll a fault answered does not count: a retry meets
 * the same state, as a cursor keeps its position.
 */
export function asyncCounts(
	countOf: (range: EventRange) => number,
	readRange: (contentType: string | undefined, body: unknown) => ReturnType<typeof readEventRange>,
	faults: FaultSwitchboard,
	partialAnswers: number,
) {
	const jobs = new Map<number, CountJob>();

	/** The count once its partial answers are used up, else one more partial. */
	function progress(reqId: number, job: CountJob): Reply {
		if (job.partialsLeft === 0) return success({ count: job.count });
		job.partialsLeft--;
		return { status: 200, text: JSON.stringify({ status: 'partial', req_id: reqId }) };
	}

	function start(contentType: string | undefined, body: unknown): Reply {
		// As a cursor POST checks it; [guess] notification events are refused here too (the dataset
		// holds no occurrences of them to count).
		const range = readRange(contentType, body);
		if ('refusal' in range) return range.refusal;
		// [guess] The simulator does not model property filters: refused, never silently ignored.
		if ((body as Record<string, unknown>).event_properties !== undefined)
			return fail(400, 'event_properties filters are not supported by the simulator', 400);
		return answerWith(faults.fire('post'), () => {
			let reqId = randomInt(100_000, 10_000_000);
			while (jobs.has(reqId)) reqId++;
			const job = { count: countOf(range), partialsLeft: partialAnswers, poll: 1 };
			jobs.set(reqId, job);
			return progress(reqId, job);
		});
	}

	function poll(query: URLSearchParams): Reply {
		const reqId = Number(query.get('req_id'));
		const job = jobs.get(reqId);
		// [guess] Text and code unknown; HTTP 400 as for an unknown cursor.
		if (!job) return fail(400, 'Invalid req_id', 400);
		const place = { page: job.poll, isFinal: job.partialsLeft === 0, hasRecordsDue: true };
		return answerWith(faults.fire(place), () => {
			job.poll++;
			return progress(reqId, job);
		});
	}

	return { start, poll };
}
