/**
 * The simulator follows shared/clevertap-api.md where the node's own tests cannot see it: what
 * it refuses, the wire shape of each fault, cursor rules and lifetimes, the concurrency limit,
 * and the ground truth the workflow tests compare against. What the node gets from it on an
 * ordinary export (pages, short pages, flags, records) is asserted by the workflow tests.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

import {
	DEMO_ACCOUNT,
	startSimulator,
	type CleverTapSimulator,
	type FaultSpec,
	type SimulatorAccount,
} from '../simulator';
import { createDataset } from '../simulator/dataset';

interface Answer {
	status: number;
	retryAfter: string | null;
	text: string;
	body: Record<string, unknown> | undefined;
}

interface SendOptions {
	account?: SimulatorAccount | null;
	json?: unknown;
	headers?: Record<string, string>;
	signal?: AbortSignal;
}

/** One plain HTTP request, sent exactly as told (a cursor goes in the path untouched). */
async function send(
	base: string,
	method: string,
	pathAndQuery: string,
	{ account = DEMO_ACCOUNT, json, headers = {}, signal }: SendOptions = {},
): Promise<Answer> {
	const response = await fetch(`${base}${pathAndQuery}`, {
		method,
		signal,
		body: json === undefined ? undefined : JSON.stringify(json),
		headers: {
			...(account
				? { 'X-CleverTap-Account-Id': account.accountId, 'X-CleverTap-Passcode': account.passcode }
				: {}),
			...(json === undefined ? {} : { 'Content-Type': 'application/json' }),
			...headers,
		},
	});
	const text = await response.text();
	let body: Record<string, unknown> | undefined;
	try {
		body = JSON.parse(text) as Record<string, unknown>;
	} catch {
		body = undefined;
	}
	return { status: response.status, retryAfter: response.headers.get('retry-after'), text, body };
}

const JANUARY = { event_name: 'Charged', from: 20240101, to: 20240131 };
const INVALID_CREDENTIALS = { status: 'fail', error: 'Invalid Credentials', code: 401 };
const US1_ACCOUNT: SimulatorAccount = {
	accountId: 'TEST-US1-ACC',
	passcode: 'SIM-PASS-US1-0123456789',
	region: 'us1',
};

describe('the CleverTap simulator', () => {
	let now = Date.UTC(2025, 5, 15, 9);
	let sim: CleverTapSimulator;
	beforeAll(async () => {
		sim = await startSimulator({
			accounts: [DEMO_ACCOUNT, US1_ACCOUNT],
			today: 20250615,
			clock: () => now,
		});
	});
	afterAll(() => sim.close());
	beforeEach(() => {
		sim.setFaults([]);
		sim.clearRequests();
	});

	const post = (query = 'batch_size=23', json: unknown = JANUARY, options: SendOptions = {}) =>
		send(sim.url, 'POST', `/1/profiles.json?${query}`, { json, ...options });
	const page = (cursor: string, options: SendOptions = {}) =>
		send(sim.url, 'GET', `/1/profiles.json?cursor=${cursor}`, options);
	async function cursorOf(query?: string): Promise<string> {
		const answer = await post(query);
		expect(answer.body?.status).toBe('success');
		return answer.body!.cursor as string;
	}
	const idsOn = (answer: Answer) =>
		((answer.body?.records ?? []) as Array<{ platformInfo: Array<{ objectId: string }> }>).map(
			(record) => record.platformInfo[0].objectId,
		);

	describe('hosts and auth', () => {
		it('answers a wrong passcode, no headers and a right account on the wrong region alike: 401 "Invalid Credentials"', async () => {
			const lookup = '/1/profile.json?identity=anyone';
			const refused = [
				await send(sim.url, 'GET', lookup, { account: { ...DEMO_ACCOUNT, passcode: 'WRONG' } }),
				await send(sim.url, 'GET', lookup, { account: null }),
				await send(sim.regionUrl('us1'), 'GET', lookup),
				await send(sim.url, 'GET', lookup, { account: US1_ACCOUNT }),
			];
			for (const answer of refused) {
				expect(answer.status).toBe(401);
				expect(answer.text).toBe(refused[0].text);
			}
			expect(refused[0].body).toEqual(INVALID_CREDENTIALS);
			const ownRegion = await send(sim.regionUrl('us1'), 'GET', lookup, { account: US1_ACCOUNT });
			expect(ownRegion.status).toBe(200);
			expect((await send(sim.regionUrl('eu1'), 'GET', lookup)).status).toBe(200);
		});

		it('refuses a cursor GET on another region than its POST', async () => {
			const cursor = await cursorOf();
			const elsewhere = await send(
				sim.regionUrl('us1'),
				'GET',
				`/1/profiles.json?cursor=${cursor}`,
			);
			expect(elsewhere.body).toEqual(INVALID_CREDENTIALS);
		});
	});

	describe('the cursor POST', () => {
		it.each([
			['epoch seconds', { ...JANUARY, from: 1704067200 }, 400],
			['text days', { ...JANUARY, from: '20240101' }, 400],
			['an impossible day', { ...JANUARY, from: 20230229 }, 400],
			['from after to', { ...JANUARY, from: 20240201 }, 400],
			['no event', { from: 20240101, to: 20240131 }, 400],
			['a `to` after today', { ...JANUARY, to: 20250616 }, 4002],
		])('refuses %s', async (_label, json, code) => {
			const answer = await post('batch_size=23', json);
			expect(answer.status).toBe(400);
			expect(answer.body).toMatchObject({ status: 'fail', code });
		});

		it('accepts `to` = today, and requires a JSON Content-Type', async () => {
			expect((await post('batch_size=23', { ...JANUARY, to: 20250615 })).body?.status).toBe(
				'success',
			);
			const asText = await post('batch_size=23', JANUARY, {
				headers: { 'Content-Type': 'text/plain' },
			});
			expect(asText.status).toBe(400);
		});

		it('takes batch_size up to 5000, acts as unlimited below 23, rounds down to multiples of 23', async () => {
			for (const size of ['5001', '0', 'abc']) {
				expect((await post(`batch_size=${size}`)).status).toBe(400);
			}
			const all = sim.dataset.profilesFor('Charged', 20240101, 20240131).length;
			const unlimited = await page(await cursorOf('batch_size=5'));
			expect(idsOn(unlimited)).toHaveLength(all);
			expect(unlimited.body).not.toHaveProperty('next_cursor');
			expect(idsOn(await page(await cursorOf('batch_size=50')))).toHaveLength(46);
		});
	});

	describe('cursors', () => {
		it('are opaque, 1.5-2.4 KB and already percent-encoded; the same cursor gives the same page', async () => {
			const cursor = await cursorOf();
			expect(cursor.length).toBeGreaterThanOrEqual(1500);
			expect(cursor.length).toBeLessThanOrEqual(2400);
			expect(cursor).toMatch(/%2F/);
			expect(decodeURIComponent(cursor)).toMatch(/^[A-Za-z0-9+/]+={1,2}$/);
			expect(idsOn(await page(cursor))).toEqual(idsOn(await page(cursor)));
		});

		it('sent encoded twice get HTTP 200 "Incorrect Usage" (code 3); unknown ones HTTP 400', async () => {
			const cursor = await cursorOf();
			const twice = await page(encodeURIComponent(cursor));
			expect(twice.status).toBe(200);
			expect(twice.body).toEqual({ status: 'fail', error: 'Incorrect Usage', code: 3 });
			const unknown = await page(`${cursor.slice(0, -6)}AAAAAA`);
			expect(unknown.status).toBe(400);
			expect(unknown.body?.error).toMatch(/invalid cursor/i);
		});

		it('expire after an hour idle, and 4 hours after the POST however busy', async () => {
			const hour = 60 * 60_000;
			const idle = await cursorOf();
			now += hour + 60_000;
			expect((await page(idle)).body?.error).toMatch(/expired/i);

			let cursor = await cursorOf();
			for (let step = 0; step < 4; step++) {
				now += (50 / 60) * hour;
				const answer = await page(cursor);
				expect(answer.body?.status).toBe('success');
				cursor = answer.body!.next_cursor as string;
			}
			now += (41 / 60) * hour;
			const late = await page(cursor);
			expect(late.status).toBe(400);
			expect(late.body?.error).toMatch(/expired/i);
		});
	});

	describe('faults: the wire shape of each', () => {
		/** The answer to page 2 of a fresh export with this fault, and the cursor it was asked with. */
		async function pageTwoWith(fault: FaultSpec) {
			sim.setFaults([fault]);
			const first = await page(await cursorOf());
			const cursor = first.body!.next_cursor as string;
			return { first, cursor, answer: await page(cursor) };
		}

		it.each([
			[
				'requestInProgress',
				200,
				{ status: 'fail', error: 'Request still in progress, please retry later', code: 2 },
			],
			['tooManyRequests', 429, { status: 'fail', code: 429 }],
			['serverError500', 500, { status: 'fail' }],
			['serviceUnavailable503', 503, { status: 'fail' }],
			['failWith200', 200, { status: 'fail' }],
			['wrongRegion', 401, INVALID_CREDENTIALS],
		] as const)(
			'%s answers HTTP %i, and the same cursor then gives the page',
			async (kind, status, body) => {
				const { cursor, answer } = await pageTwoWith({ kind, at: 2 });
				expect(answer.status).toBe(status);
				expect(answer.body).toMatchObject(body);
				expect(answer.retryAfter).toBeNull();
				const retried = await page(cursor);
				expect(retried.body?.status).toBe('success');
				expect(idsOn(retried).length).toBeGreaterThan(0);
			},
		);

		it('malformedBody and truncatedBody answer HTTP 200 with text that is not JSON', async () => {
			for (const kind of ['malformedBody', 'truncatedBody'] as const) {
				const { answer } = await pageTwoWith({ kind, at: 2 });
				expect(answer.status).toBe(200);
				expect(answer.body).toBeUndefined();
			}
		});

		it('connectionReset drops the connection; hang never answers', async () => {
			await expect(pageTwoWith({ kind: 'connectionReset', at: 2 })).rejects.toThrow();
			sim.setFaults([{ kind: 'hang', at: 'byId' }]);
			const waited = send(sim.url, 'GET', '/1/profile.json?identity=anyone', {
				signal: AbortSignal.timeout(300),
			});
			await expect(waited).rejects.toThrow(/aborted|timeout/i);
		});

		it('expiredCursor expires the export for good (HTTP 400); a new POST starts afresh', async () => {
			const { cursor, answer } = await pageTwoWith({ kind: 'expiredCursor', at: 2 });
			expect(answer.status).toBe(400);
			expect(answer.body?.error).toMatch(/expired/i);
			expect((await page(cursor)).status).toBe(400);
			expect((await page(await cursorOf())).body?.status).toBe('success');
		});

		it('exportNotAllowed refuses the POST: HTTP 400 "Export not allowed for this event"', async () => {
			sim.setFaults([{ kind: 'exportNotAllowed', at: 'post' }]);
			expect((await post()).body).toEqual({
				status: 'fail',
				error: 'Export not allowed for this event',
				code: 400,
			});
		});

		it('page-shaping faults: a short, an empty and a records-less page all carry a next_cursor', async () => {
			const shortPage = (await pageTwoWith({ kind: 'shortPage', at: 2 })).answer;
			expect(idsOn(shortPage).length).toBeLessThan(23);
			const empty = (await pageTwoWith({ kind: 'emptyPageWithCursor', at: 2 })).answer;
			expect(empty.body).toEqual({
				status: 'success',
				records: [],
				next_cursor: expect.any(String),
			});
			const noRecords = (await pageTwoWith({ kind: 'missingRecordsKey', at: 2 })).answer;
			expect(noRecords.body).toEqual({ status: 'success', next_cursor: expect.any(String) });
		});

		it('repeatedCursor sends back the cursor it got; repeatedProfiles repeats earlier profiles', async () => {
			const stuck = await pageTwoWith({ kind: 'repeatedCursor', at: 2 });
			expect(stuck.answer.body?.next_cursor).toBe(stuck.cursor);
			const repeats = await pageTwoWith({ kind: 'repeatedProfiles', at: 2 });
			expect(idsOn(repeats.answer).some((id) => idsOn(repeats.first).includes(id))).toBe(true);
		});

		it('fires as many times as asked, then answers normally, and refuses faults that could never fire', async () => {
			sim.setFaults([{ kind: 'requestInProgress', at: 'byId', times: 2 }]);
			const lookup = () => send(sim.url, 'GET', '/1/profile.json?identity=anyone');
			expect((await lookup()).body?.code).toBe(2);
			expect((await lookup()).body?.code).toBe(2);
			expect((await lookup()).body?.code).not.toBe(2);
			expect(() => sim.setFaults([{ kind: 'exportNotAllowed', at: 2 }])).toThrow(/never fire/);
			expect(() => sim.setFaults([{ kind: 'shortPage', at: 'post' }])).toThrow(/never fire/);
		});
	});

	it('answers the 4th concurrent request of an account with 429 and no Retry-After', async () => {
		const abort = new AbortController();
		sim.setFaults([{ kind: 'hang', at: 'byId', times: 3 }]);
		const lookup = (account: SimulatorAccount) =>
			send(sim.url, 'GET', '/1/profile.json?identity=anyone', { account, signal: abort.signal });
		for (let held = 0; held < 3; held++) lookup(DEMO_ACCOUNT).catch(() => undefined);
		while (sim.requests.length < 3) await new Promise((resolve) => setTimeout(resolve, 5));
		try {
			const fourth = await lookup(DEMO_ACCOUNT);
			expect(fourth.status).toBe(429);
			expect(fourth.retryAfter).toBeNull();
			expect((await lookup(US1_ACCOUNT)).status).toBe(401); // another account is not held back
		} finally {
			abort.abort();
		}
	});
});

describe('the seeded population, the ground truth of the workflow tests', () => {
	const dataset = createDataset(20240101, 2000);

	it('is the same for the same seed, and another for another seed', () => {
		const january = (seed: number) =>
			createDataset(seed, 2000).profilesFor('Charged', 20240101, 20240131);
		expect(january(20240101)).toEqual(dataset.profilesFor('Charged', 20240101, 20240131));
		expect(january(7)).not.toEqual(dataset.profilesFor('Charged', 20240101, 20240131));
	});

	it('goes on up to the last day it is given, leaving the history as it was', () => {
		const reachingLater = createDataset(20240101, 2000, 20261115);
		for (const [from, to] of [
			[20240101, 20240131],
			[20251231, 20251231],
		])
			expect(reachingLater.exportOrder('Charged', from, to)).toEqual(
				dataset.exportOrder('Charged', from, to),
			);
		const lastDayBuyers = reachingLater.exportOrder('Charged', 20261115, 20261115);
		expect(lastDayBuyers.length).toBeGreaterThan(0);
		expect(reachingLater.exportOrder('App Launched', 20261116, 20261231)).toEqual([]);
		// A day's activity does not depend on how far the dataset reaches.
		expect(
			createDataset(20240101, 2000, 20261231).exportOrder('Charged', 20261115, 20261115),
		).toEqual(lastDayBuyers);
	});

	it('with oneActiveDayIn (for the benchmark), puts every user in the range, each on one of its days', () => {
		const oneDay = createDataset(20240101, 600, undefined, { from: 20251201, to: 20251203 });
		expect(oneDay.exportOrder('App Launched', 20251201, 20251203)).toHaveLength(600);
		const days = [20251201, 20251202, 20251203].map((day) =>
			oneDay.exportOrder('App Launched', day, day),
		);
		expect(days.flat().sort((a, b) => a - b)).toEqual([...Array(600).keys()]);
		expect(Math.min(...days.map((users) => users.length))).toBeGreaterThan(150);
	});

	it('holds, for a range, exactly the users whose event summary overlaps it, each once', () => {
		const ids = (from: number, to: number) =>
			dataset
				.profilesFor('Added To Cart', from, to)
				.map((record) => record.platformInfo[0].objectId);
		const week = dataset.profilesFor('Added To Cart', 20240301, 20240307);
		expect(week.length).toBeGreaterThan(0);
		for (const record of week) {
			expect(record.events['Added To Cart'].first_seen).toBeLessThan(Date.UTC(2024, 2, 8) / 1000);
			expect(record.events['Added To Cart'].last_seen).toBeGreaterThanOrEqual(
				Date.UTC(2024, 2, 1) / 1000,
			);
		}
		expect(new Set(ids(20240301, 20240307)).size).toBe(week.length);
		expect(new Set([...ids(20240301, 20240303), ...ids(20240304, 20240307)])).toEqual(
			new Set(ids(20240301, 20240307)),
		);
	});
});

it('serves the same pages from its record cache (cacheRecords, for the benchmark), also the second time', async () => {
	const walk = async (simulator: CleverTapSimulator) => {
		const start = await send(simulator.url, 'POST', '/1/profiles.json?batch_size=23', {
			json: JANUARY,
		});
		const pages: Array<Record<string, unknown>> = [];
		for (let cursor = start.body?.cursor; typeof cursor === 'string'; ) {
			const page = (await send(simulator.url, 'GET', `/1/profiles.json?cursor=${cursor}`)).body!;
			pages.push(page);
			cursor = page.next_cursor;
		}
		return pages.map(({ next_cursor, ...page }) => ({ ...page, cursor: typeof next_cursor }));
	};
	const [plain, cached] = await Promise.all([
		startSimulator(),
		startSimulator({ cacheRecords: true }),
	]);
	try {
		const expected = await walk(plain);
		expect(expected.length).toBeGreaterThan(5);
		expect(await walk(cached)).toEqual(expected);
		expect(await walk(cached)).toEqual(expected);
	} finally {
		await Promise.all([plain.close(), cached.close()]);
	}
});

it('`npm run simulator` prints the URL and the demo account, serves, and exits cleanly on SIGTERM', async () => {
	const child = spawn(
		process.execPath,
		[require.resolve('tsx/cli'), 'test/simulator/cli.ts', '--port', '0'],
		{ cwd: join(__dirname, '..', '..') },
	);
	let output = '';
	child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
	child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
	const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
	try {
		while (!output.includes('Ctrl-C')) {
			if ((await Promise.race([exited, new Promise((r) => setTimeout(r, 50, 'wait'))])) !== 'wait')
				throw new Error(`the simulator exited: ${output}`);
		}
		expect(output).toContain(DEMO_ACCOUNT.accountId);
		expect(output).toContain(DEMO_ACCOUNT.passcode);
		const url = /Base URL[^:]*: (http:\/\/127\.0\.0\.1:\d+)/.exec(output)![1];
		expect((await send(url, 'GET', '/1/profile.json?identity=0')).body?.status).toBe('fail');
		child.kill('SIGTERM');
		expect(await exited).toBe(0);
	} finally {
		child.kill('SIGKILL');
	}
});
