import type { IDataObject } from 'n8n-workflow';

import {
	NODE_NAME,
	runCleverTap,
	simulatorCredentials,
	useSimulator,
} from '../../../../support/clevertap-fixture';

const JANUARY_2024 = { eventName: 'Charged', fromDate: '2024-01-01', toDate: '2024-01-31' };

function getAll(parameters: Record<string, unknown>) {
	return { resource: 'event', operation: 'getAll', ...parameters };
}

/** The records as sorted JSON lines: the same events, whatever order parallel parts came in. */
const sortedLines = (records: unknown[]) => records.map((record) => JSON.stringify(record)).sort();

describe('Event > Get Many, in a real workflow against the simulator', () => {
	const simulator = useSimulator();
	const credentials = () => simulatorCredentials(simulator.current);
	const truth = (eventName = 'Charged', from = 20240101, to = 20240131) =>
		simulator.current.dataset.eventsFor(eventName, from, to);
	const requestsOf = (method: string) =>
		simulator.current.requests.filter((request) => request.method === method);
	const run = async (parameters: Record<string, unknown>) =>
		await runCleverTap(getAll(parameters), { credentials: credentials() });

	describe('Return All over many pages of 23', () => {
		let expected: ReturnType<typeof truth>;
		let result: Awaited<ReturnType<typeof run>>;
		let paths: string[];
		beforeAll(async () => {
			simulator.current.clearRequests();
			simulator.current.setFaults([]); // useSimulator resets them per test, which is after a beforeAll
			expected = truth('App Launched', 20240301, 20240310);
			result = await run({
				eventName: 'App Launched',
				fromDate: '2024-03-01',
				toDate: '2024-03-10',
				returnAll: true,
				options: { batchSize: 23 },
			});
			paths = simulator.current.requests.map((request) => request.path);
		});

		it("outputs every event of the range, in CleverTap's order", () => {
			expect(expected.length).toBeGreaterThan(23 * 5);
			expect(result.outputOf(NODE_NAME).map((item) => item.json)).toEqual(expected);
		});

		it("keeps each of a person's several events (no repeat filter)", () => {
			const people = new Set(expected.map((record) => record.profile.objectId));
			expect(people.size).toBeLessThan(result.outputOf(NODE_NAME).length);
		});

		it('asks Get Events (/1/events.json) only', () => {
			expect(new Set(paths)).toEqual(new Set(['/1/events.json']));
		});
	});

	describe('Parallel Requests 2, against a CleverTap that takes 2 requests at once and is slow', () => {
		// Its own simulator: a third request at once is answered 429, and 20 ms per answer makes
		// the parts' requests overlap.
		const limited = useSimulator({ maxConcurrentRequests: { events: 2 }, latencyMs: 20 });
		let result: Awaited<ReturnType<typeof run>>;
		let parts: Array<{ from: number; to: number }>;
		let statuses: number[];
		beforeAll(async () => {
			limited.current.clearRequests();
			result = await runCleverTap(
				getAll({ ...JANUARY_2024, returnAll: true, options: { parallelRequests: 2 } }),
				{ credentials: simulatorCredentials(limited.current) },
			);
			parts = limited.current.requests
				.filter((request) => request.method === 'POST')
				.map((request) => request.body as { from: number; to: number })
				.sort((a, b) => a.from - b.from);
			statuses = limited.current.requests.map((request) => request.status); // cleared per test
		});

		it('cuts the range into more contiguous parts than requests at once, covering it exactly', () => {
			expect(parts.length).toBeGreaterThan(2);
			const days = parts.map(({ from, to }) => [from, to]).flat();
			expect(days[0]).toBe(20240101);
			expect(days[days.length - 1]).toBe(20240131);
			for (let part = 1; part < parts.length; part++)
				expect(parts[part].from).toBe(parts[part - 1].to + 1); // all within January
		});

		it('never has more than 2 requests out at once (none answered 429)', () => {
			expect(statuses).not.toContain(429);
		});

		it('outputs every event of the range exactly once', () => {
			expect(sortedLines(result.outputOf(NODE_NAME).map((item) => item.json))).toEqual(
				sortedLines(limited.current.dataset.eventsFor('Charged', 20240101, 20240131)),
			);
		});
	});

	it('with a Limit, stops asking for pages once it is met and returns exactly the first events', async () => {
		const result = await run({ ...JANUARY_2024, limit: 30, options: { batchSize: 23 } });

		expect(result.outputOf(NODE_NAME).map((item) => item.json)).toEqual(truth().slice(0, 30));
		const pages = requestsOf('GET').length;
		expect(pages).toBeGreaterThanOrEqual(2);
		expect(pages).toBeLessThanOrEqual(3); // 30 events need two full pages, three if one is short
	});

	it('waits out "still in progress" (code 2) on a page and loses no event', async () => {
		simulator.current.setFaults([{ kind: 'requestInProgress', at: 2, times: 3 }]);
		const result = await run({
			...JANUARY_2024,
			returnAll: true,
			options: { batchSize: 23, retryDelay: 1 },
		});

		expect(result.outputOf(NODE_NAME).map((item) => item.json)).toEqual(truth());
		const busyAnswers = result.logs.filter(({ message }) => /still preparing/.test(message));
		expect(busyAnswers).toHaveLength(3);
	});

	it("Simplify gives who, when and the event's properties: the time without offset, or with the Account Time Zone's offset on that day", async () => {
		const expected = truth().slice(0, 2);
		const result = await runCleverTap(
			getAll({
				...JANUARY_2024,
				limit: 2,
				simplify: true,
				options: { accountTimeZone: '={{ $json.zone }}' },
			}),
			{ credentials: credentials(), inputItems: [{ zone: '' }, { zone: 'Asia/Kolkata' }] },
		);

		const iso = (ts: number) =>
			String(ts).replace(/^(....)(..)(..)(..)(..)(..)$/, '$1-$2-$3T$4:$5:$6');
		const simplified = (offset: string) =>
			expected.map(({ profile, ts, event_props }) => ({
				cleverTapId: profile.objectId,
				identity: profile.identity ?? null,
				email: profile.email ?? null,
				name: profile.name ?? null,
				time: `${iso(ts)}${offset}`,
				properties: event_props,
			}));
		expect(result.outputOf(NODE_NAME).map((item) => item.json)).toEqual([
			...simplified(''),
			...simplified('+05:30'),
		]);
	});

	it('refuses an Account Time Zone that is not one before sending anything', async () => {
		const result = await run({
			...JANUARY_2024,
			simplify: true,
			options: { accountTimeZone: 'Mars/Olympus' },
		});
		expect(result.error?.message).toBe('Account Time Zone "Mars/Olympus" is not a time zone');
		expect(result.error?.description).toMatch(/IANA name, for example Europe\/Berlin/);
		expect(simulator.current.requests).toHaveLength(0);
	});

	describe('One File (n8n buffering it, as in database or S3 mode)', () => {
		async function exportFile(parameters: IDataObject) {
			const result = await run({ ...JANUARY_2024, output: 'file', ...parameters });
			const [item] = result.outputOf(NODE_NAME);
			const text = Buffer.from(String(item.binary?.data.data), 'base64').toString('utf8');
			return { item, text, lines: text.split('\n').filter((line) => line !== '') };
		}

		it('JSON Lines, with Parallel Requests 3: every event once, in a file named for events, with the totals in json', async () => {
			const { item, text, lines } = await exportFile({ options: { parallelRequests: 3 } });

			expect(sortedLines(lines.map((line) => JSON.parse(line)))).toEqual(sortedLines(truth()));
			expect(item.binary?.data).toMatchObject({
				fileName: 'clevertap-events-Charged-20240101-20240131.jsonl',
				mimeType: 'application/x-ndjson',
			});
			expect(item.json).toMatchObject({
				event: 'Charged',
				events: truth().length,
				bytes: Buffer.byteLength(text),
			});
		});

		it('CSV: a header, then one row per event with the listed event properties as columns', async () => {
			const { lines } = await exportFile({
				fileFormat: 'csv',
				options: { csvProperties: 'Amount, Currency', accountTimeZone: 'UTC' },
			});

			const [header, ...rows] = lines;
			expect(header).toBe('cleverTapId,identity,email,name,time,properties,Amount,Currency');
			const cell = (value: unknown) => {
				const text = value === undefined ? '' : String(value);
				return /[",]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
			};
			expect(rows).toEqual(
				truth().map(({ profile, ts, event_props }) =>
					[
						profile.objectId,
						profile.identity,
						profile.email,
						profile.name,
						`${String(ts).replace(/^(....)(..)(..)(..)(..)(..)$/, '$1-$2-$3T$4:$5:$6')}Z`,
						JSON.stringify(event_props),
						event_props.Amount,
						event_props.Currency,
					]
						.map(cell)
						.join(','),
				),
			);
		});
	});
});
