import { readRetryPolicy } from '../../../../nodes/CleverTap/descriptions/requestOptions';
import {
	busyReason,
	MAX_RETRY_DELAY_MS,
	retryDelayMs,
	transientReason,
	type AttemptOutcome,
} from '../../../../nodes/CleverTap/transport/retryPolicy';

const answer = (httpStatus: number, body: Record<string, unknown>): AttemptOutcome => ({
	kind: 'answer',
	httpStatus,
	answer: body,
});

// Every simulator fault and network failure is played through a workflow in faultMatrix.test.ts;
// here, answers the matrix does not play.
it.each<[string, AttemptOutcome, unknown, unknown]>([
	[
		'"still in progress" in words only',
		answer(200, { status: 'fail', error: 'Request still in progress, please retry later' }),
		expect.stringMatching(/code 2/),
		undefined,
	],
	['503 with an empty body', answer(503, {}), undefined, expect.stringMatching(/HTTP 503/)],
	['403', answer(403, { status: 'fail', error: 'Forbidden' }), undefined, undefined],
	[
		'a status:fail with HTTP 200 that is not code 2',
		answer(200, { status: 'fail', error: 'Incorrect Usage', code: 3 }),
		undefined,
		undefined,
	],
])(
	'busyReason and transientReason: %s is waited out, retried or neither, as it should',
	(_label, outcome, busy, transient) => {
		expect([busyReason(outcome), transientReason(outcome)]).toEqual([busy, transient]);
	},
);

describe('retryDelayMs', () => {
	it('doubles for each retry, between half and all of the step, never longer than the cap', () => {
		expect(retryDelayMs(1, 1000, () => 0)).toBe(500);
		expect(retryDelayMs(1, 1000, () => 1)).toBe(1000);
		expect(retryDelayMs(3, 1000, () => 0)).toBe(2000);
		expect(retryDelayMs(3, 1000, () => 1)).toBe(4000);
		expect(retryDelayMs(20, 1000, () => 1)).toBe(MAX_RETRY_DELAY_MS);
		expect(retryDelayMs(5, 0)).toBe(0);
	});

	it('spreads parallel retries apart', () => {
		const delays = new Set(Array.from({ length: 50 }, () => retryDelayMs(4, 1000)));
		expect(delays.size).toBeGreaterThan(10);
		for (const delay of delays) expect(delay).toBeGreaterThanOrEqual(4000);
	});
});

it('readRetryPolicy reads Max Retries, Timeout (seconds), Retry Delay (ms) and Max Wait (minutes)', () => {
	expect(
		readRetryPolicy({ maxRetries: 0, timeout: 0.5, retryDelay: 10, maxBusyWait: 0.5 }),
	).toEqual({ maxRetries: 0, timeoutMs: 500, initialDelayMs: 10, maxBusyWaitMs: 30_000 });
});
