/**
 * Failures with no CleverTap answer, produced by the real network stack and read from the error
 * n8n's request helper really throws, and cancellation through the engine's own cancel.
 */
import { once } from 'node:events';
import { createServer } from 'node:net';

import { DEMO_ACCOUNT, type FaultSpec } from '../../../simulator';
import {
	expectNoSecret,
	runCleverTap,
	simulatorCredentials,
	useSimulator,
} from '../../../support/clevertap-fixture';

const JANUARY = {
	resource: 'profile',
	operation: 'getByEvent',
	eventName: 'Charged',
	fromDate: '2024-01-01',
	toDate: '2024-01-31',
	returnAll: true,
};

describe('network failures, as n8n reports them, and cancellation', () => {
	const simulator = useSimulator();
	const exportJanuary = (options: object, baseUrl = simulator.current.url) =>
		runCleverTap(
			{ ...JANUARY, options: { batchSize: 23, retryDelay: 1, ...options } },
			{ credentials: simulatorCredentials(simulator.current, { baseUrl }) },
		);
	const warnings = (logs: Array<{ level: string }>) =>
		logs.filter((entry) => entry.level === 'warn');

	it('a host that does not resolve fails at once, naming the host, without retries', async () => {
		// RFC 6761: names under .invalid never resolve, so no request leaves the machine.
		const result = await exportJanuary(
			{ maxRetries: 5, retryDelay: 1000 },
			'https://clevertap.invalid',
		);

		expect(result.error?.message).toBe(
			'Could not reach CleverTap at clevertap.invalid: no such host',
		);
		expect(result.error?.description).toMatch(
			/^Network error ENOTFOUND\. .*did not retry.*region.*Base URL/,
		);
		expect(warnings(result.logs)).toEqual([]);
		expectNoSecret(DEMO_ACCOUNT.passcode, result.run.data.resultData, result.logs);
	});

	it('a refused connection is retried, then fails naming host and code', async () => {
		// A loopback port nothing listens on: bound, then closed.
		const server = createServer().listen(0, '127.0.0.1');
		await once(server, 'listening');
		const { port } = server.address() as { port: number };
		await new Promise((resolve) => server.close(resolve));
		const result = await exportJanuary({ maxRetries: 2 }, `http://127.0.0.1:${port}`);

		expect(result.error?.message).toBe(`Could not connect to CleverTap at 127.0.0.1:${port}`);
		expect(result.error?.description).toMatch(
			/^Gave up after 2 retries .*Network error ECONNREFUSED/,
		);
		expect(warnings(result.logs)).toHaveLength(2);
	});

	it.each<[string, FaultSpec, object]>([
		[
			'aborts the request in flight and never retries it',
			{ kind: 'hang', at: 2 },
			{ timeout: 600 },
		],
		// Each wait would last about a minute: the run only ends in time if cancel cuts it short.
		[
			'ends a wait while CleverTap is busy',
			{ kind: 'requestInProgress', at: 2, times: 1_000_000 },
			{ retryDelay: 60_000 },
		],
	])('cancelling the execution %s, and asks for nothing more', async (_label, fault, options) => {
		simulator.current.setFaults([fault]);
		let cancel = () => {};
		let finished = false;
		const run = runCleverTap(
			{ ...JANUARY, options: { batchSize: 23, maxRetries: 5, ...options } },
			{
				credentials: simulatorCredentials(simulator.current),
				onStarted: (cancelRun) => (cancel = cancelRun),
			},
		).finally(() => {
			finished = true;
		});
		const pageTwoAsked = () =>
			simulator.current.requests.filter((r) => r.method === 'GET').length >= 2;
		while (!pageTwoAsked() && !finished) await new Promise((resolve) => setTimeout(resolve, 10));
		const requestsAtCancel = simulator.current.requests.length;
		cancel();
		const result = await run;

		expect(result.status).toBe('canceled');
		expect(simulator.current.requests).toHaveLength(requestsAtCancel);
		expect(result.logs.filter((entry) => /retry \d+ of/.test(entry.message))).toEqual([]);
	});
});
