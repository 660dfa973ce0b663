/**
 * The reliability promise, fault by fault: an export either returns every profile exactly once,
 * or fails with an error that names the cause, against each simulator fault in a real workflow.
 * Faults that shape a page or the chain meet the first, a middle and the last page (the chain's
 * ends are where they could go wrong); faults that replace an answer are the same on any page.
 * Then failures with no CleverTap answer, from the real network stack, and cancellation.
 */
import { once } from 'node:events';
import { createServer } from 'node:net';

import { DEMO_ACCOUNT, type FaultKind, type FaultSpec } from '../../../simulator';
import {
	expectNoSecret,
	NODE_NAME,
	objectIdsOf,
	runCleverTap,
	simulatorCredentials,
	useSimulator,
	type RunCleverTapOptions,
} from '../../../support/clevertap-fixture';

const MAX_RETRIES = 3;

/** CleverTap busy: waited out (not counted as retries), each wait a warning in n8n's log. */
const BUSY: FaultKind[] = ['requestInProgress', 'tooManyRequests', 'html429'];

/** Faults the node retries: after the first attempt they also leave a warning in n8n's log. */
const RETRIED: FaultKind[] = [
	'serverError500',
	'serviceUnavailable503',
	'connectionReset',
	'hang',
	'malformedBody',
	'truncatedBody',
	'cutOffMidBody',
	'stallMidBody',
	'badGzip',
	'html502',
];

/** What the error says once a retried fault outlasts Max Retries. */
const GAVE_UP_MESSAGE: Partial<Record<FaultKind, RegExp>> = {
	hang: /^CleverTap did not answer within 0\.5 seconds \(the Timeout option\)$/,
	stallMidBody: /^CleverTap did not answer within 0\.5 seconds \(the Timeout option\)$/,
	cutOffMidBody: /was cut off or could not be decoded$/,
	badGzip: /was cut off or could not be decoded$/,
	truncatedBody: /could not be read \(HTTP 200: not complete JSON\)$/,
	malformedBody: /could not be read \(HTTP 200: not complete JSON\)$/,
	connectionReset: /^Could not connect to CleverTap at 127\.0\.0\.1:\d+$/,
	html502: /could not be read \(HTTP 502: not complete JSON\)$/,
};

/** Pages not shaped like a full page with a next cursor: ridden out wherever they come. */
const PAGE_SHAPES: FaultKind[] = [
	'shortPage',
	'emptyPageWithCursor',
	'missingRecordsKey',
	'repeatedProfiles',
];

const STOPPED_ADVANCING = [/export stopped advancing/, /rather than loop forever/] as const;

describe('fault matrix: Get by Event against every simulator fault', () => {
	const simulator = useSimulator();
	const groundTruth = () => simulator.current.dataset.objectIdsFor('Charged', 20240101, 20240131);
	const places: Record<string, () => FaultSpec['at']> = {
		'cursor request': () => 'post',
		'first page': () => 1,
		'middle page': () => Math.max(2, Math.floor(Math.ceil(groundTruth().length / 23) / 2)),
		'last page': () => 'last',
	};
	const pageRequests = () =>
		simulator.current.requests.filter((request) => request.method === 'GET').length;
	const warnings = (result: { logs: Array<{ level: string; message: string }> }) =>
		result.logs.filter((entry) => entry.level === 'warn').map((entry) => entry.message);

	/** The whole January export, 23 profiles a page, retries 1 ms apart, with these options. */
	async function exportJanuary(
		options: Record<string, unknown>,
		{
			baseUrl = simulator.current.url,
			onStarted,
		}: { baseUrl?: string } & Pick<RunCleverTapOptions, 'onStarted'> = {},
	) {
		const result = await runCleverTap(
			{
				resource: 'profile',
				operation: 'getByEvent',
				eventName: 'Charged',
				fromDate: '2024-01-01',
				toDate: '2024-01-31',
				returnAll: true,
				options: { batchSize: 23, retryDelay: 1, ...options },
			},
			{ credentials: simulatorCredentials(simulator.current, { baseUrl }), onStarted },
		);
		expectNoSecret(DEMO_ACCOUNT.passcode, result.run.data.resultData, result.logs);
		return result;
	}

	/**
	 * Each describe runs its export once, in beforeAll: useSimulator clears requests and faults
	 * before each test, which is after a beforeAll, so the export starts clean here.
	 */
	async function exportWith(fault: FaultSpec) {
		simulator.current.clearRequests();
		simulator.current.setFaults([fault]);
		// A silent server is only survivable with a short timeout; keep the default elsewhere.
		const timeout = ['hang', 'stallMidBody'].includes(fault.kind) ? { timeout: 0.5 } : {};
		return await exportJanuary({ maxRetries: MAX_RETRIES, ...timeout });
	}
	type Result = Awaited<ReturnType<typeof exportJanuary>>;

	describe.each([
		...PAGE_SHAPES.flatMap((kind) =>
			['first page', 'middle page', 'last page'].map((place) => [kind, place]),
		),
		...[...BUSY, ...RETRIED].map((kind) => [kind, 'middle page']),
		...['requestInProgress', 'tooManyRequests', 'serviceUnavailable503', 'connectionReset'].map(
			(kind) => [kind, 'cursor request'],
		),
	])('%s at the %s', (kind, place) => {
		const busy = BUSY.includes(kind as FaultKind);
		let result: Result;
		beforeAll(async () => {
			// Busy mid-export far beyond Max Retries (3): waited out, as busy answers are no retries.
			const times = busy && place === 'middle page' ? MAX_RETRIES * 4 : 1;
			result = await exportWith({ kind: kind as FaultKind, at: places[place](), times });
		});

		it('returns every profile exactly once', () => {
			expect(result.error).toBeUndefined();
			const ids = objectIdsOf(result.outputOf(NODE_NAME));
			expect(new Set(ids).size).toBe(ids.length);
			expect([...ids].sort()).toEqual([...groundTruth()].sort());
		});

		if (!PAGE_SHAPES.includes(kind as FaultKind)) {
			it(busy ? 'logs the wait as a warning' : 'logs the retry as a warning', () => {
				const warning = busy ? /waiting \d+ ms/ : /retry 1 of 3/;
				expect(warnings(result).some((message) => warning.test(message))).toBe(true);
			});
		}
	});

	describe.each<[FaultKind, string, RegExp, RegExp | undefined]>([
		['repeatedCursor', 'first page', ...STOPPED_ADVANCING],
		['repeatedCursor', 'middle page', ...STOPPED_ADVANCING],
		['repeatedCursor', 'last page', ...STOPPED_ADVANCING],
		['expiredCursor', 'middle page', /expired/i, /must start over/],
		['failWith200', 'middle page', /^CleverTap: .+/, undefined],
		['wrongRegion', 'middle page', /Invalid Credentials/, /check the region as well/],
		['exportNotAllowed', 'cursor request', /Export not allowed/, /Choose another event/],
		['recordsNotAList', 'middle page', /damaged page \d+: its records were an object/, /lose/],
		['nullRecord', 'first page', /damaged page 1: it held an empty record/, /lose/],
		['endlessChain', 'middle page', /repeated an earlier page/, STOPPED_ADVANCING[1]],
		['endlessEmptyChain', 'middle page', /1000th empty page in a row/, STOPPED_ADVANCING[1]],
		['emptyBody401', 'middle page', /refused the request \(HTTP 401\)/, /region as well/],
		['htmlBody403', 'cursor request', /refused the request \(HTTP 403\)/, /region as well/],
		['htmlNotFound404', 'first page', /HTTP 404 for \/1\/profiles\.json/, /Base URL/],
		['html400', 'cursor request', /answered HTTP 400 with a body that is not/, /Base URL/],
		['futureDateByMessage', 'cursor request', /in the future/, /earlier To Date/],
	])('%s at the %s', (kind, place, message, hint) => {
		let result: Result;
		beforeAll(async () => {
			result = await exportWith({ kind, at: places[place]() });
		});

		it('fails with a NodeApiError that names the cause', () => {
			expect(result.status).toBe('error');
			expect(result.error?.name).toBe('NodeApiError');
			expect(result.error?.message).toMatch(message);
		});

		it(hint ? 'says what to do next' : 'does not repeat the message as its description', () => {
			if (hint) expect(result.error?.description).toMatch(hint);
			else expect(result.error?.description ?? undefined).toBeUndefined();
		});

		it('outputs nothing', () => {
			expect(result.outputOf(NODE_NAME)).toEqual([]);
		});

		it('fails at once, with no wait or retry', () => {
			expect(warnings(result)).toEqual([]);
		});
	});

	describe.each([
		...RETRIED.map((kind) => [kind, 'middle page']),
		// A page cut off every time it is sent, wherever it is in the chain.
		...['cutOffMidBody', 'truncatedBody'].flatMap((kind) =>
			['first page', 'last page'].map((place) => [kind, place]),
		),
	])('%s at the %s on every attempt (Max Retries 3)', (kind, place) => {
		const fault = kind as FaultKind;
		let result: Result;
		beforeAll(async () => {
			result = await exportWith({ kind: fault, at: places[place](), times: 1_000_000 });
		});

		it('gives up with a NodeApiError saying why', () => {
			expect(result.status).toBe('error');
			expect(result.error?.name).toBe('NodeApiError');
			expect(result.error?.description).toMatch(/^Gave up after 3 retries \(.+\)/);
		});

		it('names what went wrong', () => {
			expect(result.error?.message).toMatch(GAVE_UP_MESSAGE[fault] ?? /^CleverTap: /);
		});

		if (fault === 'hang') {
			it('advises raising the Timeout', () => {
				expect(result.error?.description).toMatch(/Raise the Timeout option/);
			});
		}

		it('outputs nothing', () => {
			expect(result.outputOf(NODE_NAME)).toEqual([]);
		});

		it('retries Max Retries times, each logged as a warning', () => {
			const retries = warnings(result).filter((message) => /retry \d of 3/.test(message));
			expect(retries).toHaveLength(MAX_RETRIES);
		});
	});

	describe.each(BUSY)('%s past Max Wait While CleverTap Is Busy', (kind) => {
		let result: Result;
		beforeAll(async () => {
			simulator.current.clearRequests();
			simulator.current.setFaults([{ kind, at: 2, times: 1_000_000 }]);
			result = await exportJanuary({ maxRetries: MAX_RETRIES, maxBusyWait: 0.005 });
		});

		it('fails with a NodeApiError saying CleverTap stayed busy', () => {
			expect(result.error?.name).toBe('NodeApiError');
			expect(result.error?.message).toMatch(
				/^CleverTap stayed busy for 0\.\d minutes: it kept answering that /,
			);
		});

		it('names the Max Wait option and its value', () => {
			expect(result.error?.description).toMatch(
				/Max Wait While CleverTap Is Busy \(0\.005 minutes\)/,
			);
		});

		it('outputs nothing', () => {
			expect(result.outputOf(NODE_NAME)).toEqual([]);
		});
	});

	describe('with no CleverTap answer, as n8n reports it, and cancellation', () => {
		describe('a host that does not resolve', () => {
			let result: Result;
			beforeAll(async () => {
				simulator.current.clearRequests();
				simulator.current.setFaults([]);
				// RFC 6761: names under .invalid never resolve, so no request leaves the machine.
				result = await exportJanuary(
					{ maxRetries: 5, retryDelay: 1000 },
					{ baseUrl: 'https://clevertap.invalid' },
				);
			});

			it('fails, naming the host', () => {
				expect(result.error?.message).toBe(
					'Could not reach CleverTap at clevertap.invalid: no such host',
				);
			});

			it('explains the network error and what to check', () => {
				expect(result.error?.description).toMatch(
					/^Network error ENOTFOUND\. .*did not retry.*region.*Base URL/,
				);
			});

			it('fails at once, with no retry', () => {
				expect(warnings(result)).toEqual([]);
			});
		});

		describe('a refused connection', () => {
			let result: Result;
			let port: number;
			beforeAll(async () => {
				simulator.current.clearRequests();
				simulator.current.setFaults([]);
				// A loopback port nothing listens on: bound, then closed.
				const server = createServer().listen(0, '127.0.0.1');
				await once(server, 'listening');
				({ port } = server.address() as { port: number });
				await new Promise((resolve) => server.close(resolve));
				result = await exportJanuary({ maxRetries: 2 }, { baseUrl: `http://127.0.0.1:${port}` });
			});

			it('fails, naming the host and port', () => {
				expect(result.error?.message).toBe(`Could not connect to CleverTap at 127.0.0.1:${port}`);
			});

			it('says it gave up after Max Retries, naming the network code', () => {
				expect(result.error?.description).toMatch(
					/^Gave up after 2 retries .*Network error ECONNREFUSED/,
				);
			});

			it('logs each retry as a warning', () => {
				expect(warnings(result)).toHaveLength(2);
			});
		});

		describe.each<[string, FaultSpec, object]>([
			['while a request is in flight', { kind: 'hang', at: 2 }, {}],
			// Each wait would last about a minute: the run only ends in time if cancel cuts it short.
			[
				'while it waits for CleverTap to be less busy',
				{ kind: 'requestInProgress', at: 2, times: 1_000_000 },
				{ retryDelay: 60_000 },
			],
		])('cancelling the execution %s', (_label, fault, options) => {
			let result: Result;
			let requestsAtCancel: number;
			let requestsAtEnd: number;
			beforeAll(async () => {
				simulator.current.clearRequests();
				simulator.current.setFaults([fault]);
				let cancel = () => {};
				let finished = false;
				const run = exportJanuary(
					{ maxRetries: 5, timeout: 600, ...options },
					{ onStarted: (cancelRun) => (cancel = cancelRun) },
				).finally(() => {
					finished = true;
				});
				while (pageRequests() < 2 && !finished)
					await new Promise((resolve) => setTimeout(resolve, 10));
				requestsAtCancel = simulator.current.requests.length;
				cancel();
				result = await run;
				requestsAtEnd = simulator.current.requests.length;
			});

			it('ends the run as canceled', () => {
				expect(result.status).toBe('canceled');
			});

			it('asks CleverTap nothing more', () => {
				expect(requestsAtEnd).toBe(requestsAtCancel);
			});

			it('retries nothing', () => {
				expect(warnings(result).filter((message) => /retry \d+ of/.test(message))).toEqual([]);
			});
		});
	});
});
