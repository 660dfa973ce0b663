import { shapeForExport, startSimulator, type CleverTapSimulator } from '../simulator';
import { call, getPage, newCursor, postExport, walkExport } from './simulator-client';

const JANUARY_CHARGED = { event: 'Charged', from: 20240101, to: 20240131 };

describe('the cursor POST (clevertap-api.md "Get by event", step 1)', () => {
	let sim: CleverTapSimulator;
	beforeAll(async () => {
		sim = await startSimulator({ today: 20250615 });
	});
	afterAll(() => sim.close());

	it('answers {"status":"success","cursor":"..."} and nothing else', async () => {
		const answer = await postExport(sim, JANUARY_CHARGED);
		expect(answer.status).toBe(200);
		expect(answer.headers.get('content-type')).toBe('application/json');
		expect(Object.keys(answer.body!)).toEqual(['status', 'cursor']);
		expect(answer.body?.status).toBe('success');
	});

	describe('from / to: integers YYYYMMDD, real days, inclusive', () => {
		it.each([
			['epoch seconds', 1704067200, 1706745599],
			['strings', '20240101', '20240131'],
			['not a real day', 20230229, 20230301],
			['a month 13', 20241301, 20241302],
			['missing', undefined, 20240131],
			['decimals', 20240101.5, 20240131],
		])('refuses %s with HTTP 400 and a fail body naming the format', async (_, from, to) => {
			const answer = await call(sim, 'POST', '/1/profiles.json?batch_size=23', {
				json: { event_name: 'Charged', from, to },
			});
			expect(answer.status).toBe(400);
			expect(answer.body).toMatchObject({ status: 'fail', code: 400 });
			expect(answer.body?.error).toMatch(/YYYYMMDD/);
		});

		it('accepts a leap day', async () => {
			expect(
				(await postExport(sim, { event: 'Charged', from: 20240229, to: 20240229 })).body?.status,
			).toBe('success');
		});

		it('refuses from after to', async () => {
			const answer = await postExport(sim, { event: 'Charged', from: 20240201, to: 20240131 });
			expect(answer.status).toBe(400);
			expect(answer.body).toMatchObject({ status: 'fail', code: 400 });
		});

		it('refuses a `to` after today with code 4002, and accepts `to` = today', async () => {
			const answer = await postExport(sim, { event: 'Charged', from: 20250601, to: 20250616 });
			expect(answer.status).toBe(400);
			expect(answer.body).toEqual({
				status: 'fail',
				error: 'to date cannot be in the future',
				code: 4002,
			});
			expect(
				(await postExport(sim, { event: 'Charged', from: 20250601, to: 20250615 })).body?.status,
			).toBe('success');
		});

		it('includes both ends of the range', async () => {
			const oneDay = sim.dataset.profilesFor('Charged', 20240110, 20240110);
			const { records } = await walkExport(sim, { event: 'Charged', from: 20240110, to: 20240110 });
			expect(oneDay.length).toBeGreaterThan(0);
			expect(records).toHaveLength(oneDay.length);
		});
	});

	it('requires Content-Type: application/json and a JSON body', async () => {
		const body = JSON.stringify({ event_name: 'Charged', from: 20240101, to: 20240131 });
		const noContentType = await call(sim, 'POST', '/1/profiles.json?batch_size=23', {
			rawBody: body,
			headers: { 'Content-Type': 'text/plain' },
		});
		expect(noContentType.status).toBe(400);
		expect(noContentType.body).toMatchObject({ status: 'fail', code: 400 });
		const badJson = await call(sim, 'POST', '/1/profiles.json?batch_size=23', {
			rawBody: '{"event_name": "Charged",',
			headers: { 'Content-Type': 'application/json' },
		});
		expect(badJson.status).toBe(400);
		expect(badJson.body).toMatchObject({ status: 'fail', code: 400 });
		const noEvent = await call(sim, 'POST', '/1/profiles.json?batch_size=23', {
			json: { from: 20240101, to: 20240131 },
		});
		expect(noEvent.status).toBe(400);
	});

	describe('batch_size', () => {
		it('refuses more than 5000, and zero or non-numbers', async () => {
			for (const batchSize of ['5001', '100000', '0', '-23', 'abc', '23.5']) {
				const answer = await postExport(sim, {
					...JANUARY_CHARGED,
					query: `batch_size=${batchSize}`,
				});
				expect([batchSize, answer.status, answer.body?.status]).toEqual([batchSize, 400, 'fail']);
			}
			expect(
				(await postExport(sim, { ...JANUARY_CHARGED, query: 'batch_size=5000' })).body?.status,
			).toBe('success');
		});

		it('acts as unlimited below 23: the whole export on one page', async () => {
			const truth = sim.dataset.profilesFor('Charged', 20240101, 20240131);
			const { pages, records } = await walkExport(sim, {
				...JANUARY_CHARGED,
				query: 'batch_size=5',
			});
			expect(truth.length).toBeGreaterThan(23);
			expect(pages).toHaveLength(1);
			expect(pages[0].nextCursor).toBeUndefined();
			expect(records).toHaveLength(truth.length);
		});

		it('rounds a page size down to a multiple of 23', async () => {
			const { pages } = await walkExport(sim, { ...JANUARY_CHARGED, query: 'batch_size=50' });
			expect(pages[0].recordCount).toBe(46);
			expect(Math.max(...pages.map((page) => page.recordCount ?? 0))).toBe(46);
		});

		it('defaults, when missing, to the largest page: 4991 (5000 rounded down to 23s)', async () => {
			const big = await startSimulator({ population: 8000 });
			try {
				const query = { event: 'App Launched', from: 20240101, to: 20241231, query: '' };
				expect(big.dataset.profilesFor(query.event, query.from, query.to).length).toBeGreaterThan(
					4991,
				);
				const { pages } = await walkExport(big, query);
				expect(pages[0].recordCount).toBe(4991);
			} finally {
				await big.close();
			}
		});
	});

	describe('app / events / profile flags', () => {
		const firstRecord = async (query: string) => {
			const cursor = await newCursor(sim, { ...JANUARY_CHARGED, query: `batch_size=23${query}` });
			return (await getPage(sim, cursor)).body!.records![0];
		};
		const truth = () => sim.dataset.profilesFor('Charged', 20240101, 20240131)[0];

		it('without app=true, platformInfo has only platform, objectId and push_token', async () => {
			const record = await firstRecord('');
			for (const info of record.platformInfo) {
				expect(
					Object.keys(info).every((key) => ['platform', 'objectId', 'push_token'].includes(key)),
				).toBe(true);
			}
			expect(record).toEqual(shapeForExport(truth(), { app: false, events: true, profile: true }));
		});

		it('app=true adds app_version, os_version, make and model (the full record)', async () => {
			const record = await firstRecord('&app=true');
			expect(record.platformInfo[0]).toEqual(
				expect.objectContaining({
					app_version: expect.any(String),
					os_version: expect.any(String),
					make: expect.any(String),
					model: expect.any(String),
				}),
			);
			expect(record).toEqual(truth());
		});

		it('events=false drops the event summary, profile=false drops profileData', async () => {
			const withoutEvents = await firstRecord('&events=false');
			expect(withoutEvents).not.toHaveProperty('events');
			expect(withoutEvents).toHaveProperty('profileData');
			const withoutProfile = await firstRecord('&profile=false');
			expect(withoutProfile).not.toHaveProperty('profileData');
			expect(withoutProfile).toHaveProperty('events');
			// The event summary is the bulk of a record [seen: about three quarters].
			const full = JSON.stringify(await firstRecord('&app=true'));
			expect(JSON.stringify(await firstRecord('&app=true&events=false')).length).toBeLessThan(
				full.length * 0.6,
			);
		});
	});

	it.each(['Notification Sent', 'Notification Viewed'])(
		'refuses to export "%s" with HTTP 400',
		async (event) => {
			expect(sim.dataset.events).toContain(event);
			const answer = await postExport(sim, { event, from: 20240101, to: 20240131 });
			expect(answer.status).toBe(400);
			expect(answer.body).toEqual({
				status: 'fail',
				error: 'Export not allowed for this event',
				code: 400,
			});
		},
	);

	it('accepts an unknown event and exports nothing', async () => {
		const cursor = await newCursor(sim, { event: 'No Such Event', from: 20240101, to: 20240131 });
		const page = await getPage(sim, cursor);
		expect(page.status).toBe(200);
		expect(page.body).toEqual({ status: 'success' });
	});
});
