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
it.each<[string, string, AttemptOutcome, unknown, unknown]>([
	[
		'"still in progress" in words only',
		'waited out as busy',
		answer(200, { status: 'fail', error: 'Request still in progress, please retry later' }),
		expect.stringMatching(/code 2/),
		undefined,
	],
	[
		'503 with an empty body',
		'retried',
		answer(503, {}),
		undefined,
		expect.stringMatching(/HTTP 503/),
	],
	[
		'403',
		'neither waited out nor retried',
		answer(403, { status: 'fail', error: 'Forbidden' }),
		undefined,
		undefined,
	],
	[
		'a status:fail with HTTP 200 that is not code 2',
		'neither waited out nor retried',
		answer(200, { status: 'fail', error: 'Incorrect Usage', code: 3 }),
		undefined,
		undefined,
	],
])('busyReason and transientReason: %s is %s', (_label, _verdict, outcome, busy, transient) => {
	expect([busyReason(outcome), transientReason(outcome)]).toEqual([busy, transient]);
});

describe('retryDelayMs', () => {
	it('waits between half and all of Retry Delay before the first retry', () => {
		expect(retryDelayMs(1, 1000, () => 0)).toBe(500);
		expect(retryDelayMs(1, 1000, () => 1)).toBe(1000);
	});

	it('doubles the step for each further retry', () => {
		expect(retryDelayMs(3, 1000, () => 0)).toBe(2000);
		expect(retryDelayMs(3, 1000, () => 1)).toBe(4000);
	});

	it('never waits longer than its cap', () => {
		expect(retryDelayMs(20, 1000, () => 1)).toBe(MAX_RETRY_DELAY_MS);
	});

	it('never waits with a Retry Delay of 0', () => {
		expect(retryDelayMs(5, 0)).toBe(0);
	});

	const fourthRetries = () => new Set(Array.from({ length: 50 }, () => retryDelayMs(4, 1000)));

	it('spreads parallel retries apart', () => {
		expect(fourthRetries().size).toBeGreaterThan(10);
	});

	it('spreads them no lower than half the step', () => {
		for (const delay of fourthRetries()) expect(delay).toBeGreaterThanOrEqual(4000);
	});
});

it('readRetryPolicy turns the options into a policy in milliseconds', () => {
	expect(
		readRetryPolicy({ maxRetries: 0, timeout: 0.5, retryDelay: 10, maxBusyWait: 0.5 }),
	).toEqual({ maxRetries: 0, timeoutMs: 500, initialDelayMs: 10, maxBusyWaitMs: 30_000 });
});
