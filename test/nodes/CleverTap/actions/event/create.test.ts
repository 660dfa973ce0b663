import { once } from 'node:events';
import { createServer } from 'node:http';

import {
	NODE_NAME,
	runCleverTap,
	simulatorCredentials,
	useSimulator,
} from '../../../../support/clevertap-fixture';

const createEvent = (eventName = 'Deal Won') => ({
	resource: 'event',
	operation: 'create',
	identifierType: 'identity',
	identifier: '={{ $json.id }}',
	eventName,
	dataMode: 'json',
	jsonData: '={{ { amount: $json.amount } }}',
	options: { timestamp: '={{ $json.at }}', retryDelay: 1, parallelRequests: 1 },
});

const deals = [
	{ id: 'e1', amount: 100, at: '2024-03-01T10:00:00Z' },
	{ id: 'e2', amount: 250, at: '2024-03-02T10:00:00Z' },
];

describe('Event > Create, in a real workflow against the simulator', () => {
	const simulator = useSimulator();
	const credentials = () => simulatorCredentials(simulator.current);
	const uploads = () => simulator.current.requests.filter(({ path }) => path === '/1/upload');
	beforeEach(() => simulator.current.uploads.clear());

	it('records one event per item, with its properties and timestamp, in one batch', async () => {
		const result = await runCleverTap(createEvent(), {
			credentials: credentials(),
			inputItems: deals,
		});
		expect(result.outputOf(NODE_NAME)).toEqual(
			deals.map(({ id }, item) => ({
				json: {
					identifierType: 'identity',
					identifier: id,
					eventName: 'Deal Won',
					status: 'recorded',
				},
				pairedItem: { item },
			})),
		);
		expect(uploads()).toHaveLength(1);
		expect(
			simulator.current.uploads.events.map(({ identity, evtName, evtData, ts }) => [
				identity,
				evtName,
				evtData,
				ts,
			]),
		).toEqual([
			['e1', 'Deal Won', { amount: 100 }, 1709287200],
			['e2', 'Deal Won', { amount: 250 }, 1709373600],
		]);
	});

	it('refuses a CleverTap system event before any request', async () => {
		const result = await runCleverTap(createEvent('App Launched'), {
			credentials: credentials(),
			inputItems: deals,
		});
		expect(result.error?.message).toMatch(/"App Launched" is one of CleverTap's system events/);
		expect(simulator.current.requests).toHaveLength(0);
	});

	it.each(['serverErrorAfterRecording', 'dropAfterRecording'] as const)(
		'does not send events again after %s: each item says they may have been recorded, and the store holds them once',
		async (kind) => {
			simulator.current.setFaults([{ kind, at: 'post' }]);
			const result = await runCleverTap(createEvent(), {
				credentials: credentials(),
				settings: { continueOnFail: true },
				inputItems: deals,
			});
			const items = result.outputOf(NODE_NAME);
			expect(items.map(({ json }) => json.error)).toEqual([
				expect.stringMatching(/^CleverTap may have recorded these records/),
				expect.stringMatching(/^CleverTap may have recorded these records/),
			]);
			expect(items[0].json.description).toMatch(/Check in CleverTap whether they arrived/);
			expect(uploads()).toHaveLength(1);
			expect(simulator.current.uploads.events).toHaveLength(2);
		},
	);

	it('without Continue, fails events after a 500 even when nothing was recorded, since the node cannot tell', async () => {
		simulator.current.setFaults([{ kind: 'serverErrorBeforeRecording', at: 'post' }]);
		const result = await runCleverTap(createEvent(), {
			credentials: credentials(),
			inputItems: deals,
		});
		expect(result.error?.message).toMatch(/^CleverTap may have recorded these records/);
		expect(result.error?.description).toMatch(/0 written, 2 refused or failed, 0 not sent/);
		expect(uploads()).toHaveLength(1);
	});

	it('does not send an event batch again after a timeout: its items say they may have been recorded', async () => {
		simulator.current.setFaults([{ kind: 'slowBatch', at: 'post', delayMs: 1500 }]);
		const result = await runCleverTap(
			{ ...createEvent(), options: { retryDelay: 1, parallelRequests: 1, timeout: 0.3 } },
			{ credentials: credentials(), settings: { continueOnFail: true }, inputItems: deals },
		);
		const errors = result.outputOf(NODE_NAME).map(({ json }) => json.error);
		expect(errors).toEqual([
			expect.stringMatching(/^CleverTap may have recorded these records/),
			expect.stringMatching(/^CleverTap may have recorded these records/),
		]);
		expect(uploads()).toHaveLength(1);
		await new Promise((resolve) => setTimeout(resolve, 1500)); // the slow answer lands
		expect(simulator.current.uploads.events).toHaveLength(2); // once, as the error warned
	});

	it('retries events over a refused connection, where nothing was sent', async () => {
		// A loopback port nothing listens on: bound, then closed.
		const server = createServer().listen(0, '127.0.0.1');
		await once(server, 'listening');
		const { port } = server.address() as { port: number };
		await new Promise((resolve) => server.close(resolve));
		const result = await runCleverTap(
			{ ...createEvent(), options: { retryDelay: 1, maxRetries: 2 } },
			{
				credentials: simulatorCredentials(simulator.current, {
					baseUrl: `http://127.0.0.1:${port}`,
				}),
				inputItems: deals.slice(0, 1),
			},
		);
		expect(result.error?.message).toBe(`Could not connect to CleverTap at 127.0.0.1:${port}`);
		expect(result.error?.description).toMatch(/^Gave up after 2 retries .*ECONNREFUSED/);
	});
});
