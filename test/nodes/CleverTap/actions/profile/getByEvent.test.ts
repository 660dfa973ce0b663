import type { IDataObject } from 'n8n-workflow';

import type { CleverTapSimulator } from '../../../../simulator';
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

	type Requests = CleverTapSimulator['requests'];
	const ofMethod = (requests: Requests, method: string) =>
		requests.filter((request) => request.method === method);

	/**
	 * Runs once for the tests of a describe: useSimulator clears requests and faults before each
	 * test, which is after a beforeAll, so the run starts clean here and keeps its requests.
	 */
	async function runOnce(parameters: IDataObject, options: Partial<RunOptions> = {}) {
		simulator.current.clearRequests();
		simulator.current.setFaults([]);
		const result = await runCleverTap(getByEvent(parameters), {
			credentials: credentials(),
			...options,
		});
		return { result, requests: [...simulator.current.requests] };
	}
	type RunOptions = Parameters<typeof runCleverTap>[1];
	type Run = Awaited<ReturnType<typeof runOnce>>;
	type OutputItem = ReturnType<Run['result']['outputOf']>[number];

	describe('a Return All export of January, 23 a page, with only the app fields', () => {
		// With app=true, and neither the event summary nor the custom properties.
		const expected = () => truth().map(({ events: _e, profileData: _p, ...record }) => record);
		let run: Run;
		beforeAll(async () => {
			expect(expected().length).toBeGreaterThan(23 * 5); // the chain has many pages
			run = await runOnce({
				...JANUARY_2024,
				returnAll: true,
				options: {
					batchSize: 23,
					includeAppFields: true,
					includeEventSummary: false,
					includeProfileProperties: false,
				},
			});
		});

		it('succeeds', () => {
			expect(run.result.status).toBe('success');
		});

		it('outputs every record once, in order, as CleverTap shaped it by the options', () => {
			const items = run.result.outputOf(NODE_NAME);
			expect(items.map((item) => item.json)).toEqual(JSON.parse(JSON.stringify(expected())));
		});

		it('pairs every output item with the one input item', () => {
			const items = run.result.outputOf(NODE_NAME);
			expect(items.every((item) => JSON.stringify(item.pairedItem) === '{"item":0}')).toBe(true);
		});

		it('passes Batch Size and the include options to the query string', () => {
			const [post] = ofMethod(run.requests, 'POST');
			expect(post.query).toEqual({
				batch_size: '23',
				app: 'true',
				events: 'false',
				profile: 'false',
			});
		});

		it('sends the event and the days in the request body', () => {
			const [post] = ofMethod(run.requests, 'POST');
			expect(post.body).toEqual({ event_name: 'Charged', from: 20240101, to: 20240131 });
		});

		it('follows the cursor chain past short pages to its end', () => {
			// The simulator sends some short pages while more remain: more pages than a full-page count.
			const pages = ofMethod(run.requests, 'GET');
			expect(pages.length).toBeGreaterThan(Math.ceil(expected().length / 23));
		});

		it('sends each cursor back as received: every request is answered 200', () => {
			expect(run.requests.every((request) => request.status === 200)).toBe(true);
		});
	});

	describe('four input items with expressions, a Limit of 4 and Continue on error', () => {
		// Each input item is the body its export must send (dates as YYYYMMDD numbers, not text).
		const bodies = [
			{ event_name: 'Charged', from: 20240101, to: 20240131 },
			{ event_name: 'Notification Sent', from: 20240101, to: 20240131 },
			{ event_name: 'App Launched', from: 20240301, to: 20240302 },
			{ event_name: 'Nobody Does This', from: 20240101, to: 20241231 },
		];
		let run: Run;
		beforeAll(async () => {
			run = await runOnce(
				{
					eventName: '={{ $json.event_name }}',
					fromDate: '={{ $json.from }}',
					toDate: '={{ $json.to }}',
					limit: 4,
				},
				{ settings: { continueOnFail: true }, inputItems: bodies },
			);
		});
		const items = () => run.result.outputOf(NODE_NAME);

		it('succeeds though one export fails', () => {
			expect(run.result.status).toBe('success');
		});

		it("sends each item's own event and days, resolved per item, as YYYYMMDD numbers", () => {
			expect(ofMethod(run.requests, 'POST').map((request) => request.body)).toEqual(bodies);
		});

		it('asks for the smallest page (23) for a Limit under one page', () => {
			const posts = ofMethod(run.requests, 'POST');
			expect(posts.every((request) => request.query.batch_size === '23')).toBe(true);
		});

		it('asks for one page per export that CleverTap allowed', () => {
			expect(ofMethod(run.requests, 'GET')).toHaveLength(3);
		});

		it('pairs each output item with its input, and outputs none for the empty range', () => {
			expect(items().map((item) => item.pairedItem)).toEqual([
				...Array(4).fill({ item: 0 }),
				{ item: 1 },
				...Array(4).fill({ item: 2 }),
			]);
		});

		it('returns exactly the first 4 profiles of an export', () => {
			expect(objectIdsOf(items().slice(0, 4))).toEqual(groundTruth().slice(0, 4));
		});

		it("turns a refused export into an error item, with CleverTap's message and what to do", () => {
			expect(items()[4].json).toEqual({
				error: expect.stringMatching(/Export not allowed for this event/),
				description: expect.stringMatching(/Choose another event/),
			});
		});

		it('goes on with the next input after an error item', () => {
			expect(objectIdsOf(items().slice(5))).toEqual(
				groundTruth('App Launched', 20240301, 20240302).slice(0, 4),
			);
		});
	});

	// Without a binary data store n8n buffers the file, as in its database or S3 mode.
	describe('One File, buffered by n8n, with Parallel Requests 3 and no Batch Size', () => {
		let run: Run;
		let item: OutputItem;
		let records: Array<{ json: IDataObject }>;
		beforeAll(async () => {
			run = await runOnce({ ...JANUARY_2024, output: 'file', options: { parallelRequests: 3 } });
			[item] = run.result.outputOf(NODE_NAME);
			const text = Buffer.from(String(item.binary?.data.data), 'base64').toString('utf8');
			records = text
				.trim()
				.split('\n')
				.map((line) => ({ json: JSON.parse(line) as IDataObject }));
		});

		it('writes each profile of the range into the file once', () => {
			expect(objectIdsOf(records).sort()).toEqual(groundTruth().sort());
		});

		it("counts the file's profiles in the item's json", () => {
			expect(item.json.profiles).toBe(records.length);
		});

		it('sends only batch_size, at the largest page (4991)', () => {
			expect(ofMethod(run.requests, 'POST').map((request) => request.query)).toEqual(
				Array(3).fill({ batch_size: '4991' }),
			);
		});

		it('exports three contiguous parts that together are exactly the range', () => {
			const parts = ofMethod(run.requests, 'POST').map(
				(request) => request.body as { from: number; to: number },
			);
			expect(parts.sort((a, b) => a.from - b.from)).toEqual([
				expect.objectContaining({ from: 20240101, to: 20240110 }),
				expect.objectContaining({ from: 20240111, to: 20240120 }),
				expect.objectContaining({ from: 20240121, to: 20240131 }),
			]);
		});
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

	describe('a Date and a Luxon DateTime in an Auckland workflow, a Limit of 30, Simplify on', () => {
		let run: Run;
		beforeAll(async () => {
			// 15:00 UTC on January 9 is January 10 in Auckland; 20:00 on January 31 in Los Angeles is
			// February 1 there. Text keeps its written day (dates.test.ts); DEFAULT: pollSchedule.test.ts.
			run = await runOnce(
				{
					eventName: 'Charged',
					fromDate: "={{ new Date('2024-01-09T15:00:00Z') }}",
					toDate: "={{ DateTime.fromISO('2024-01-31T20:00:00', { zone: 'America/Los_Angeles' }) }}",
					limit: 30,
					simplify: true,
					options: { batchSize: 23 },
				},
				{ timezone: 'Pacific/Auckland' },
			);
		});
		const firstThirty = () => truth('Charged', 20240110, 20240201).slice(0, 30);
		const output = () => run.result.outputOf(NODE_NAME).map(({ json }) => json);

		it("counts each as its day in the workflow's time zone", () => {
			expect(ofMethod(run.requests, 'POST')[0].body).toMatchObject({
				from: 20240110,
				to: 20240201,
			});
		});

		it('returns exactly the first 30 profiles', () => {
			expect(output().map((json) => json.cleverTapId)).toEqual(
				firstThirty().map((record) => record.platformInfo[0].objectId),
			);
		});

		it('gives each simplified profile the count of the exported event', () => {
			expect(output().map((json) => json.eventCount)).toEqual(
				firstThirty().map((record) => record.events.Charged.count),
			);
		});

		it('stops asking for pages once the Limit is met', () => {
			const pages = ofMethod(run.requests, 'GET').length;
			expect(pages).toBeGreaterThanOrEqual(2);
			expect(pages).toBeLessThanOrEqual(3); // 30 profiles need two full pages, three if one is short
		});
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
