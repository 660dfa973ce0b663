import { DateTime } from 'luxon';

import {
	expectNoSecret,
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
	const groundTruth = (eventName: string, from: number, to: number) =>
		simulator.current.dataset
			.profilesFor(eventName, from, to)
			.map((record) => record.platformInfo[0].objectId);
	const requestsOf = (method: string) =>
		simulator.current.requests.filter((request) => request.method === method);

	it('follows the cursor chain across many pages and returns every profile once, in order', async () => {
		const expected = groundTruth('Charged', 20240101, 20240131);
		expect(expected.length).toBeGreaterThan(23 * 5);

		const result = await runCleverTap(
			getByEvent({ ...JANUARY_2024, returnAll: true, options: { batchSize: 23 } }),
			{
				credentials: credentials(),
			},
		);

		expect(result.status).toBe('success');
		const items = result.outputOf(NODE_NAME);
		expect(objectIdsOf(items)).toEqual(expected);
		expect(
			items.every((item) => JSON.stringify(item.pairedItem) === JSON.stringify({ item: 0 })),
		).toBe(true);

		const [post] = requestsOf('POST');
		expect(post.query.batch_size).toBe('23');
		expect(post.body).toEqual({ event_name: 'Charged', from: 20240101, to: 20240131 });
		const pages = requestsOf('GET');
		// The simulator sends some short pages while more remain: more pages than a full-page count.
		expect(pages.length).toBeGreaterThan(Math.ceil(expected.length / 23));
		expect(simulator.current.requests.every((request) => request.status === 200)).toBe(true);
	});

	it('Parallel Requests 3 with Return All: the parts together give exactly the full range', async () => {
		const result = await runCleverTap(
			getByEvent({
				...JANUARY_2024,
				returnAll: true,
				options: { batchSize: 23, parallelRequests: 3 },
			}),
			{ credentials: credentials() },
		);

		expect(objectIdsOf(result.outputOf(NODE_NAME)).sort()).toEqual(
			groundTruth('Charged', 20240101, 20240131).sort(),
		);
		expect(requestsOf('POST')).toHaveLength(3);
	});

	it('One File without a binary data store (n8n buffers it, as in database or S3 mode)', async () => {
		const result = await runCleverTap(
			getByEvent({ ...JANUARY_2024, output: 'file', options: { batchSize: 23 } }),
			{ credentials: credentials() },
		);

		const [item] = result.outputOf(NODE_NAME);
		const text = Buffer.from(String(item.binary?.data.data), 'base64').toString('utf8');
		const ids = text
			.trim()
			.split('\n')
			.map((line) => JSON.parse(line) as { platformInfo: Array<{ objectId: string }> })
			.map((record) => record.platformInfo[0].objectId);
		expect(ids).toEqual(groundTruth('Charged', 20240101, 20240131));
		expect(item.json.profiles).toBe(ids.length);
	});

	it('sends each cursor back exactly as received, never encoded a second time', async () => {
		await runCleverTap(
			getByEvent({ ...JANUARY_2024, returnAll: true, options: { batchSize: 46 } }),
			{
				credentials: credentials(),
			},
		);
		const cursorsSent = requestsOf('GET').map(
			(request) => /(?:^|&)cursor=([^&]*)/.exec(request.rawQuery)?.[1] ?? '',
		);
		expect(cursorsSent.length).toBeGreaterThan(2);
		for (const cursor of cursorsSent) {
			expect(cursor).toMatch(/%2F|%2B|%3D/);
			expect(cursor).not.toMatch(/%25/);
		}
	});

	it('asks for the largest page (4991) with Return All and no batch size', async () => {
		const result = await runCleverTap(getByEvent({ ...JANUARY_2024, returnAll: true }), {
			credentials: credentials(),
		});
		expect(result.outputOf(NODE_NAME)).toHaveLength(
			groundTruth('Charged', 20240101, 20240131).length,
		);
		expect(requestsOf('POST')[0].query.batch_size).toBe('4991');
	});

	it('stops asking once the limit is met and returns exactly the first profiles', async () => {
		const expected = groundTruth('Charged', 20240101, 20240131).slice(0, 30);
		const result = await runCleverTap(
			getByEvent({ ...JANUARY_2024, returnAll: false, limit: 30, options: { batchSize: 23 } }),
			{
				credentials: credentials(),
			},
		);
		expect(objectIdsOf(result.outputOf(NODE_NAME))).toEqual(expected);
		const pages = requestsOf('GET');
		expect(pages.length).toBeGreaterThanOrEqual(2);
		expect(pages.length).toBeLessThanOrEqual(3); // 30 profiles need two full pages, three if one is short
	});

	it('with a limit smaller than one page, asks for a small page and makes one page request', async () => {
		const result = await runCleverTap(getByEvent({ ...JANUARY_2024, limit: 5 }), {
			credentials: credentials(),
		});
		expect(objectIdsOf(result.outputOf(NODE_NAME))).toEqual(
			groundTruth('Charged', 20240101, 20240131).slice(0, 5),
		);
		expect(requestsOf('POST')[0].query.batch_size).toBe('23');
		expect(requestsOf('GET')).toHaveLength(1);
	});

	it('returns no items, and no error, for a range nobody did the event in', async () => {
		const result = await runCleverTap(
			getByEvent({
				eventName: 'Nobody Does This',
				fromDate: '2024-01-01',
				toDate: '2024-12-31',
				returnAll: true,
			}),
			{ credentials: credentials() },
		);
		expect(result.status).toBe('success');
		expect(result.error).toBeUndefined();
		expect(result.outputOf(NODE_NAME)).toEqual([]);
		expect(requestsOf('GET')).toHaveLength(1);
	});

	it("sends CleverTap's own defaults by leaving the flags out", async () => {
		const result = await runCleverTap(getByEvent({ ...JANUARY_2024, limit: 3 }), {
			credentials: credentials(),
		});
		const query = requestsOf('POST')[0].query;
		expect(Object.keys(query).sort()).toEqual(['batch_size']);
		const [first] = result.outputOf(NODE_NAME);
		expect(first.json.events).toBeDefined();
		expect(first.json.profileData).toBeDefined();
	});

	it('passes the options to the query string, and CleverTap shapes the records by them', async () => {
		const result = await runCleverTap(
			getByEvent({
				...JANUARY_2024,
				limit: 3,
				options: {
					batchSize: 100,
					includeAppFields: true,
					includeEventSummary: false,
					includeProfileProperties: false,
				},
			}),
			{ credentials: credentials() },
		);
		expect(requestsOf('POST')[0].query).toEqual({
			batch_size: '92',
			app: 'true',
			events: 'false',
			profile: 'false',
		});
		const items = result.outputOf(NODE_NAME);
		expect(items).toHaveLength(3);
		for (const { json } of items) {
			expect(json.events).toBeUndefined();
			expect(json.profileData).toBeUndefined();
			expect((json.platformInfo as Array<Record<string, unknown>>)[0].os_version).toBeDefined();
		}
	});

	it('outputs each record exactly as CleverTap sent it', async () => {
		const result = await runCleverTap(
			getByEvent({ ...JANUARY_2024, limit: 1, options: { includeAppFields: true } }),
			{
				credentials: credentials(),
			},
		);
		const [truth] = simulator.current.dataset.profilesFor('Charged', 20240101, 20240131);
		expect(result.outputOf(NODE_NAME)[0].json).toEqual(JSON.parse(JSON.stringify(truth)));
	});

	it('with Simplify, outputs each profile flattened, with the exported event summary', async () => {
		const result = await runCleverTap(getByEvent({ ...JANUARY_2024, limit: 30, simplify: true }), {
			credentials: credentials(),
		});
		const truth = simulator.current.dataset.profilesFor('Charged', 20240101, 20240131);
		expect(
			result.outputOf(NODE_NAME).map(({ json }) => [json.cleverTapId, json.eventCount]),
		).toEqual(
			truth
				.slice(0, 30)
				.map((record) => [record.platformInfo[0].objectId, record.events.Charged.count]),
		);
	});

	it('runs once per input item, resolving expressions per item and pairing each output', async () => {
		const result = await runCleverTap(
			getByEvent({
				eventName: '={{ $json.event }}',
				fromDate: '={{ $json.from }}',
				toDate: '={{ $json.to }}',
				limit: 4,
			}),
			{
				credentials: credentials(),
				inputItems: [
					{ event: 'Charged', from: '2024-01-01', to: '2024-01-31' },
					{ event: 'App Launched', from: '2024-03-01', to: '2024-03-02' },
				],
			},
		);
		expect(requestsOf('POST').map((request) => request.body)).toEqual([
			{ event_name: 'Charged', from: 20240101, to: 20240131 },
			{ event_name: 'App Launched', from: 20240301, to: 20240302 },
		]);
		const items = result.outputOf(NODE_NAME);
		expect(items.map((item) => item.pairedItem)).toEqual([
			...Array(4).fill({ item: 0 }),
			...Array(4).fill({ item: 1 }),
		]);
		expect(objectIdsOf(items.slice(4))).toEqual(
			groundTruth('App Launched', 20240301, 20240302).slice(0, 4),
		);
	});

	describe('failures', () => {
		it("refuses a wrong passcode with CleverTap's message and a hint that names the region, leaking no secret", async () => {
			const wrongPasscode = 'WRONG-PASSCODE-4f9a1c';
			const result = await runCleverTap(getByEvent({ ...JANUARY_2024, limit: 5 }), {
				credentials: simulatorCredentials(simulator.current, { passcode: wrongPasscode }),
			});
			expect(result.status).toBe('error');
			expect(result.error).toMatchObject({ name: 'NodeApiError', httpCode: '401' });
			expect(result.error?.message).toMatch(/Invalid Credentials/);
			expect(result.error?.description).toMatch(/region/);
			expect(result.outputOf(NODE_NAME)).toEqual([]);
			expectNoSecret(wrongPasscode, result.error, result.logs, result.run.data.resultData);
		});

		it('says an event cannot be exported, and what to do', async () => {
			const result = await runCleverTap(
				getByEvent({
					eventName: 'Notification Sent',
					fromDate: '2024-01-01',
					toDate: '2024-01-31',
					limit: 5,
				}),
				{ credentials: credentials() },
			);
			expect(result.error).toMatchObject({ name: 'NodeApiError', httpCode: '400' });
			expect(result.error?.message).toMatch(/Export not allowed for this event/);
			expect(result.error?.description).toMatch(/Choose another event/);
		});

		it('with Continue on error, yields an error item for the failing input and goes on with the others', async () => {
			const result = await runCleverTap(
				getByEvent({
					eventName: '={{ $json.event }}',
					fromDate: '2024-01-01',
					toDate: '2024-01-31',
					limit: 3,
				}),
				{
					credentials: credentials(),
					settings: { continueOnFail: true },
					inputItems: [{ event: 'Notification Sent' }, { event: 'Charged' }],
				},
			);
			expect(result.status).toBe('success');
			const items = result.outputOf(NODE_NAME);
			expect(items).toHaveLength(4);
			expect(items[0].pairedItem).toEqual({ item: 0 });
			expect(items[0].json.error).toMatch(/Export not allowed for this event/);
			expect(objectIdsOf(items.slice(1))).toEqual(
				groundTruth('Charged', 20240101, 20240131).slice(0, 3),
			);
			expect(items.slice(1).map((item) => item.pairedItem)).toEqual(Array(3).fill({ item: 1 }));
		});
	});

	describe('input the node refuses before sending anything', () => {
		it.each([
			['an empty event name', { eventName: '  ' }, /^Event Name is empty$/],
			[
				'an unreadable date',
				{ fromDate: 'last tuesday' },
				/^From Date: "last tuesday" is not a date that can be read$/,
			],
			[
				'an impossible To Date',
				{ toDate: '2024-02-30' },
				/^To Date: "2024-02-30" is not a date that can be read$/,
			],
			[
				'a date expression that resolves to nothing',
				{ fromDate: '={{ $json.signupDate }}' },
				/^From Date: nothing is not a date that can be read$/,
			],
			[
				'From after To',
				{ fromDate: '2024-02-01' },
				/^From Date \(20240201\) is after To Date \(20240131\)$/,
			],
			[
				'a To Date in the future',
				{ toDate: DateTime.now().plus({ days: 3 }).toISODate() },
				/^To Date \(\d{8}\) is in the future$/,
			],
			[
				'a batch size over 5000',
				{ options: { batchSize: 5001 } },
				/^Batch Size must be a number from 1 to 5000/,
			],
			['a limit of 0', { limit: 0 }, /Limit/],
			['a negative Max Retries', { options: { maxRetries: -1 } }, /Max Retries/],
		])('%s', async (_label, override, message) => {
			const result = await runCleverTap(getByEvent({ ...JANUARY_2024, limit: 5, ...override }), {
				credentials: credentials(),
			});
			expect(result.error?.name).toBe('NodeOperationError');
			expect(result.error?.message).toMatch(message);
			expect(result.error?.description).toBeTruthy();
			expect(simulator.current.requests).toHaveLength(0);
		});

		it('a custom Base URL that is not an http(s) URL', async () => {
			const result = await runCleverTap(getByEvent({ ...JANUARY_2024, limit: 5 }), {
				credentials: simulatorCredentials(simulator.current, { baseUrl: 'simulator on my laptop' }),
			});
			expect(result.error?.name).toBe('NodeOperationError');
			expect(result.error?.message).toBe(
				`The CleverTap credential's Base URL "simulator on my laptop" is not a valid http(s) URL`,
			);
			expect(simulator.current.requests).toHaveLength(0);
		});
	});
});
