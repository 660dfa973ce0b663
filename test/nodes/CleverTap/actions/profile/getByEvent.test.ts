import type { IDataObject } from 'n8n-workflow';

import {
	NODE_NAME,
	objectIdsOf,
	runCleverTap,
	simulatorCredentials,
	useSimulator,
} from '../../../../support/clevertap-fixture';

const JANUARY_2024 = { eventName: 'Charged', fromDate: '2024-01-01', toDate: '2024-01-31' };

function getByEvent(parameters: Record<string, unknown>) {
	return { resource: 'profile', operation: 'getByEvent', ...parameters };
}

describe('Profile > Get by Event, in a real workflow against the simulator', () => {
	const simulator = useSimulator();
	const credentials = () => simulatorCredentials(simulator.current);
	const truth = (eventName = 'Charged', from = 20240101, to = 20240131) =>
		simulator.current.dataset.profilesFor(eventName, from, to);
	const groundTruth = (eventName = 'Charged', from = 20240101, to = 20240131) =>
		simulator.current.dataset.objectIdsFor(eventName, from, to);
	const requestsOf = (method: string) =>
		simulator.current.requests.filter((request) => request.method === method);

	it('follows the cursor chain across many pages, sending each cursor back as received, passes the options to the query string, and outputs every record once, in order, as CleverTap shaped it by them', async () => {
		// With app=true, and neither the event summary nor the custom properties.
		const expected = truth().map(({ events: _e, profileData: _p, ...record }) => record);
		expect(expected.length).toBeGreaterThan(23 * 5);

		const result = await runCleverTap(
			getByEvent({
				...JANUARY_2024,
				returnAll: true,
				options: {
					batchSize: 23,
					includeAppFields: true,
					includeEventSummary: false,
					includeProfileProperties: false,
				},
			}),
			{ credentials: credentials() },
		);

		expect(result.status).toBe('success');
		const items = result.outputOf(NODE_NAME);
		expect(items.map((item) => item.json)).toEqual(JSON.parse(JSON.stringify(expected)));
		expect(items.every((item) => JSON.stringify(item.pairedItem) === '{"item":0}')).toBe(true);

		const [post] = requestsOf('POST');
		expect(post.query).toEqual({
			batch_size: '23',
			app: 'true',
			events: 'false',
			profile: 'false',
		});
		expect(post.body).toEqual({ event_name: 'Charged', from: 20240101, to: 20240131 });
		// The simulator sends some short pages while more remain: more pages than a full-page count.
		const pages = requestsOf('GET');
		expect(pages.length).toBeGreaterThan(Math.ceil(expected.length / 23));
		expect(simulator.current.requests.every((request) => request.status === 200)).toBe(true);
	});

	it('runs once per input item, resolving expressions per item and pairing each output; a limit under one page asks for one small page; an empty range yields nothing; with Continue on error, a failing input yields an error item and the others go on', async () => {
		// Each input item is the body its export must send (dates as YYYYMMDD numbers, not text).
		const bodies = [
			{ event_name: 'Charged', from: 20240101, to: 20240131 },
			{ event_name: 'Notification Sent', from: 20240101, to: 20240131 },
			{ event_name: 'App Launched', from: 20240301, to: 20240302 },
			{ event_name: 'Nobody Does This', from: 20240101, to: 20241231 },
		];
		const result = await runCleverTap(
			getByEvent({
				eventName: '={{ $json.event_name }}',
				fromDate: '={{ $json.from }}',
				toDate: '={{ $json.to }}',
				limit: 4,
			}),
			{ credentials: credentials(), settings: { continueOnFail: true }, inputItems: bodies },
		);
		expect(result.status).toBe('success');
		expect(requestsOf('POST').map((request) => request.body)).toEqual(bodies);
		expect(requestsOf('POST').every((request) => request.query.batch_size === '23')).toBe(true);
		expect(requestsOf('GET')).toHaveLength(3); // one page for each export CleverTap allowed
		const items = result.outputOf(NODE_NAME);
		expect(items.map((item) => item.pairedItem)).toEqual([
			...Array(4).fill({ item: 0 }),
			{ item: 1 },
			...Array(4).fill({ item: 2 }),
		]);
		expect(objectIdsOf(items.slice(0, 4))).toEqual(groundTruth().slice(0, 4));
		expect(items[4].json).toEqual({
			error: expect.stringMatching(/Export not allowed for this event/),
			description: expect.stringMatching(/Choose another event/),
		});
		expect(objectIdsOf(items.slice(5))).toEqual(
			groundTruth('App Launched', 20240301, 20240302).slice(0, 4),
		);
	});

	it("One File without a binary data store (n8n buffers it, as in database or S3 mode), with Parallel Requests 3: three contiguous parts, together exactly the full range; no Batch Size asks for the largest page (4991) and leaves CleverTap's flags to its defaults", async () => {
		const result = await runCleverTap(
			getByEvent({ ...JANUARY_2024, output: 'file', options: { parallelRequests: 3 } }),
			{ credentials: credentials() },
		);

		const [item] = result.outputOf(NODE_NAME);
		const text = Buffer.from(String(item.binary?.data.data), 'base64').toString('utf8');
		const records = text
			.trim()
			.split('\n')
			.map((line) => ({ json: JSON.parse(line) as IDataObject }));
		expect(objectIdsOf(records).sort()).toEqual(groundTruth().sort());
		expect(item.json.profiles).toBe(records.length);
		expect(requestsOf('POST').map((request) => request.query)).toEqual(
			Array(3).fill({ batch_size: '4991' }),
		);
		const parts = requestsOf('POST').map((request) => request.body as { from: number; to: number });
		expect(parts.sort((a, b) => a.from - b.from)).toEqual([
			expect.objectContaining({ from: 20240101, to: 20240110 }),
			expect.objectContaining({ from: 20240111, to: 20240120 }),
			expect.objectContaining({ from: 20240121, to: 20240131 }),
		]);
	});

	it.each([
		['an empty event name', { eventName: '  ' }, /^Event Name is empty$/],
		['an unreadable date', { fromDate: 'soon' }, /^From Date: "soon" is not a date/],
		['an expression resolving to nothing', { fromDate: '={{ $json.x }}' }, /^From Date: nothing/],
		['From after To', { fromDate: '2024-02-01' }, /^From Date \(20240201\) is after To Date/],
		['a future To Date', { toDate: '2999-01-01' }, /^To Date \(29990101\) is in the future$/],
		['a batch size over 5000', { options: { batchSize: 5001 } }, /^Batch Size must be a number/],
		['a limit of 0', { limit: 0 }, /^Limit must be/],
		['a negative Max Retries', { options: { maxRetries: -1 } }, /^Max Retries must be/],
		['an invalid Base URL', {}, /credential's Base URL "x y" is not a valid/, { baseUrl: 'x y' }],
	])(
		'refuses %s before sending anything',
		async (_label, override, message, credential: { baseUrl?: string } = {}) => {
			const result = await runCleverTap(getByEvent({ ...JANUARY_2024, limit: 5, ...override }), {
				credentials: simulatorCredentials(simulator.current, credential),
			});
			expect(result.error?.name).toBe('NodeOperationError');
			expect(result.error?.message).toMatch(message);
			expect(result.error?.description).toBeTruthy();
			expect(simulator.current.requests).toHaveLength(0);
		},
	);

	it("counts a Date and a Luxon DateTime as their day in the workflow's time zone; with a Limit, stops asking once it is met and returns exactly the first profiles; with Simplify, each flattened, with the exported event summary", async () => {
		// 15:00 UTC on January 9 is January 10 in Auckland; 20:00 on January 31 in Los Angeles is
		// February 1 there. Text keeps its written day (dates.test.ts); DEFAULT: pollSchedule.test.ts.
		const result = await runCleverTap(
			getByEvent({
				eventName: 'Charged',
				fromDate: "={{ new Date('2024-01-09T15:00:00Z') }}",
				toDate: "={{ DateTime.fromISO('2024-01-31T20:00:00', { zone: 'America/Los_Angeles' }) }}",
				limit: 30,
				simplify: true,
				options: { batchSize: 23 },
			}),
			{ credentials: credentials(), timezone: 'Pacific/Auckland' },
		);
		expect(requestsOf('POST')[0].body).toMatchObject({ from: 20240110, to: 20240201 });
		expect(
			result.outputOf(NODE_NAME).map(({ json }) => [json.cleverTapId, json.eventCount]),
		).toEqual(
			truth('Charged', 20240110, 20240201)
				.slice(0, 30)
				.map((record) => [record.platformInfo[0].objectId, record.events.Charged.count]),
		);
		const pages = requestsOf('GET').length;
		expect(pages).toBeGreaterThanOrEqual(2);
		expect(pages).toBeLessThanOrEqual(3); // 30 profiles need two full pages, three if one is short
	});

	it('once one of its parallel parts fails, the export starts no further request, not even after the execution ended', async () => {
		// One part is refused at once; the other two would keep waiting out a busy CleverTap.
		simulator.current.setFaults([
			{ kind: 'exportNotAllowed', at: 'post' },
			{ kind: 'requestInProgress', at: 1, times: 1_000_000 },
		]);
		const result = await runCleverTap(
			getByEvent({
				...JANUARY_2024,
				returnAll: true,
				options: { parallelRequests: 3, retryDelay: 20 },
			}),
			{ credentials: credentials() },
		);
		expect(result.error?.message).toMatch(/Export not allowed/);
		await new Promise((resolve) => setTimeout(resolve, 500));
		// The three cursor requests went out together; the two answered later are ignored.
		expect(simulator.current.requests.map((request) => request.method)).toEqual([
			'POST',
			'POST',
			'POST',
		]);
	});
});
