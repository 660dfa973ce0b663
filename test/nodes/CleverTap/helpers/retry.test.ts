import { requestOptions } from '../../../../nodes/CleverTap/actions/requestOptions';
import {
	DEFAULT_RETRY_POLICY,
	busyReason,
	readRetryPolicy,
	retryDelayMs,
	transientReason,
	type AttemptOutcome,
} from '../../../../nodes/CleverTap/helpers/retry';
import { MAX_RETRY_DELAY_MS } from '../../../../nodes/CleverTap/helpers/limits';

const answer = (httpStatus: number, body: Record<string, unknown>): AttemptOutcome => ({
	kind: 'answer',
	httpStatus,
	answer: body,
});

const STILL_IN_PROGRESS = answer(200, {
	status: 'fail',
	error: 'Request still in progress, please retry later',
	code: 2,
});
const TOO_MANY = answer(429, { status: 'fail', error: 'Too many concurrent requests', code: 429 });

describe('busyReason and transientReason (network failures are classified in networkFailures.test.ts)', () => {
	it.each<[string, AttemptOutcome, RegExp]>([
		['"still in progress" (code 2, HTTP 200)', STILL_IN_PROGRESS, /code 2/],
		['429 without Retry-After', TOO_MANY, /HTTP 429/],
	])('waits out %s rather than counting it as a retry', (_label, outcome, reason) => {
		expect(busyReason(outcome)).toMatch(reason);
		expect(transientReason(outcome)).toBeUndefined();
	});

	it.each<[string, AttemptOutcome, RegExp]>([
		['500', answer(500, { status: 'fail', error: 'Internal error' }), /HTTP 500/],
		['503', answer(503, {}), /HTTP 503/],
		['a malformed or cut-off body', { kind: 'unreadable', httpStatus: 200 }, /unreadable/],
	])('retries %s', (_label, outcome, reason) => {
		expect(transientReason(outcome)).toMatch(reason);
		expect(busyReason(outcome)).toBeUndefined();
	});

	it.each<[string, AttemptOutcome]>([
		[
			'400 bad parameter',
			answer(400, { status: 'fail', error: 'Export not allowed for this event', code: 400 }),
		],
		[
			'401 bad credentials',
			answer(401, { status: 'fail', error: 'Invalid Credentials', code: 401 }),
		],
		['403', answer(403, { status: 'fail', error: 'Forbidden' })],
		[
			'a status:fail with HTTP 200 that is not code 2',
			answer(200, { status: 'fail', error: 'Incorrect Usage', code: 3 }),
		],
		['an expired cursor', answer(400, { status: 'fail', error: 'Cursor expired' })],
	])('never retries %s', (_label, outcome) => {
		expect(transientReason(outcome)).toBeUndefined();
		expect(busyReason(outcome)).toBeUndefined();
	});
});

describe('retryDelayMs', () => {
	it('doubles for each retry, between half and all of the step', () => {
		expect(retryDelayMs(1, 1000, () => 0)).toBe(500);
		expect(retryDelayMs(1, 1000, () => 1)).toBe(1000);
		expect(retryDelayMs(3, 1000, () => 0)).toBe(2000);
		expect(retryDelayMs(3, 1000, () => 1)).toBe(4000);
	});

	it('never waits longer than the cap', () => {
		expect(retryDelayMs(20, 1000, () => 1)).toBe(MAX_RETRY_DELAY_MS);
	});

	it('spreads parallel retries apart', () => {
		const delays = new Set(Array.from({ length: 50 }, () => retryDelayMs(4, 1000)));
		expect(delays.size).toBeGreaterThan(10);
		for (const delay of delays) expect(delay).toBeGreaterThanOrEqual(4000);
	});

	it('waits nothing with a zero delay (for tests and impatient users)', () => {
		expect(retryDelayMs(5, 0)).toBe(0);
	});
});

describe('readRetryPolicy', () => {
	it('uses the defaults for unset options', () => {
		expect(readRetryPolicy({})).toEqual(DEFAULT_RETRY_POLICY);
	});

	it('reads Max Retries, Timeout (seconds), Retry Delay (ms) and Max Wait (minutes)', () => {
		expect(
			readRetryPolicy({ maxRetries: 0, timeout: 0.5, retryDelay: 10, maxBusyWait: 0.5 }),
		).toEqual({
			maxRetries: 0,
			timeoutMs: 500,
			initialDelayMs: 10,
			maxBusyWaitMs: 30_000,
		});
	});

	it.each([
		[{ maxRetries: -1 }, /^Max Retries must be a whole number from 0 to 20/],
		[{ maxRetries: 2.5 }, /^Max Retries must be a whole number/],
		[{ timeout: 0 }, /^Timeout must be a number from 0.1 to 600/],
		[{ retryDelay: 'soon' }, /^Retry Delay must be a whole number from 0 to 60000/],
	])('refuses %p', (options, message) => {
		expect(() => readRetryPolicy(options)).toThrow(message);
	});

	it('matches the defaults the node shows in its options', () => {
		const defaults = Object.fromEntries(
			requestOptions.map((option) => [option.name, option.default]),
		);
		expect(readRetryPolicy(defaults)).toEqual(DEFAULT_RETRY_POLICY);
	});
});
