/**
 * The simulator follows shared/clevertap-api.md where the node's tests cannot see it: what it refuses,
 * each fault's exact answer, cursor rules, the concurrency limit, the ground truth. How the node fares
 * against each fault is the fault matrix's business (test/nodes/.../faultMatrix.test.ts).
 */
import { spawn } from 'node:child_process';
import { request, type IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

import {
	DEMO_ACCOUNT,
	startSimulator,
	type CleverTapSimulator,
	type FaultKind,
} from '../simulator';
import { createDataset } from '../simulator/dataset';

const AUTH = {
	'X-CleverTap-Account-Id': DEMO_ACCOUNT.accountId,
	'X-CleverTap-Passcode': DEMO_ACCOUNT.passcode,
};
const JANUARY = { event_name: 'Charged', from: 20240101, to: 20240131 };

/** One plain HTTP request, sent exactly as told (a cursor goes in the path untouched). */
async function send(url: string, json?: unknown, headers = {}, signal?: AbortSignal) {
	const response = await fetch(url, {
		method: json === undefined ? 'GET' : 'POST',
		body: json === undefined ? undefined : JSON.stringify(json),
		headers: { ...AUTH, 'Content-Type': 'application/json', ...headers },
		signal,
	});
	const body = (await response.json()) as Record<string, unknown> & { records?: unknown[] };
	return { status: response.status, retryAfter: response.headers.get('retry-after'), body };
}

/** A GET as node:http sends it, for what fetch hides: redirects, encodings, a body that stalls. */
function rawGet(url: string): Promise<IncomingMessage> {
	return new Promise((resolve, reject) =>
		request(url, { headers: AUTH }, resolve).on('error', reject).end(),
	);
}
async function bodyOf(response: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of response) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

describe('the CleverTap simulator', () => {
	let now = Date.UTC(2025, 5, 15, 9);
	let sim: CleverTapSimulator;
	beforeAll(async () => {
		sim = await startSimulator({ clock: () => now, cacheRecords: true });
	});
	afterAll(() => sim.close());
	beforeEach(() => sim.setFaults([]));

	const post = (query = 'batch_size=23', json: unknown = JANUARY, headers = {}) =>
		send(`${sim.url}/1/profiles.json?${query}`, json, headers);
	const page = (cursor: string) => send(`${sim.url}/1/profiles.json?cursor=${cursor}`);
	const cursorOf = async (query?: string) => (await post(query)).body.cursor as string;
	/** Page 2 of a fresh export, with this fault switched on there. */
	const pageTwoWith = async (kind: FaultKind) => {
		sim.setFaults([{ kind, at: 2 }]);
		return page((await page(await cursorOf())).body.next_cursor as string);
	};

	it('looks profiles up on its own region only, emails whatever their case, one identifier a call', async () => {
		const { email } = sim.dataset.profilesFor('Charged', 20240101, 20240131).find((r) => r.email)!;
		const lookUp = (query: string, region = 'eu1') =>
			send(`${sim.regionUrl(region as 'eu1')}/1/profile.json?${query}`);
		const found = await lookUp(`email=${encodeURIComponent(email!.toUpperCase())}`);
		expect(found.body.record).toEqual(sim.dataset.findBy('email', email!));
		expect(await lookUp('identity=1', 'sk1')).toMatchObject({
			status: 401,
			body: { error: 'Invalid Credentials' },
		});
		const twoIdentifiers = await lookUp('email=a@example.com&identity=1');
		expect(twoIdentifiers).toMatchObject({ status: 400, body: { code: 3 } });
	});

	it('answers a path it does not serve with a plain-text 404, as the server in front would', async () => {
		const response = await fetch(`${sim.url}/1/profile.jsn?identity=1`, { headers: AUTH });
		expect(response.status).toBe(404);
		expect(response.headers.get('content-type')).toBe('text/plain');
		expect(await response.text()).toBe('Not Found');
	});

	it('answers a served path with the wrong method 405', async () => {
		expect(await send(`${sim.url}/1/profile.json`, { identity: '1' })).toMatchObject({
			status: 405,
			body: { status: 'fail', code: 405 },
		});
	});

	it('answers a lookup that finds no one with HTTP 200, status fail and no record', async () => {
		const { status, body } = await send(`${sim.url}/1/profile.json?identity=nobody`);
		expect({ status, record: body.record }).toEqual({ status: 200, record: undefined });
		expect(body).toMatchObject({ status: 'fail', error: expect.any(String) });
	});

	it.each([
		['epoch seconds', { from: 1704067200 }, 400],
		['text days', { from: '20240101' }, 400],
		['an impossible day', { from: 20230229 }, 400],
		['from after to', { from: 20240201 }, 400],
		['no event', { event_name: undefined }, 400],
		['a `to` after today', { to: 20250616 }, 4002],
	])('refuses a cursor POST with %s', async (_label, change, code) => {
		expect(await post('batch_size=23', { ...JANUARY, ...change })).toMatchObject({
			status: 400,
			body: { status: 'fail', code },
		});
	});

	it.each(['/1/events.json', '/1/counts/events.json', '/1/counts/profiles.json'])(
		'refuses a `to` after today on %s with code 4002, as exports do',
		async (path) => {
			expect(await send(`${sim.url}${path}`, { ...JANUARY, to: 20250616 })).toMatchObject({
				status: 400,
				body: { status: 'fail', code: 4002 },
			});
		},
	);

	it('refuses a body not sent as JSON, and batch sizes over 5000 or not a number; pages batch_size 50 by 46 (`to` = today), below 23 as unlimited, from its record cache as often as asked', async () => {
		const asText = post('batch_size=23', JANUARY, { 'Content-Type': 'text/plain' });
		const badSizes = ['5001', '0', 'abc'].map((size) => post(`batch_size=${size}`));
		const refused = await Promise.all([asText, ...badSizes]);
		expect(refused.map(({ status }) => status)).toEqual([400, 400, 400, 400]);
		const cursor = (await post('batch_size=50', { ...JANUARY, to: 20250615 })).body.cursor;
		expect((await page(cursor as string)).body.records).toHaveLength(46);
		const everyone = sim.dataset.profilesFor('Charged', 20240101, 20240131);
		const unlimited = await cursorOf('batch_size=5&app=true');
		for (const _time of [1, 2])
			expect((await page(unlimited)).body).toEqual({ status: 'success', records: everyone });
		const withoutEvents = (await page(await cursorOf('batch_size=5&events=false'))).body.records!;
		expect(withoutEvents).toHaveLength(everyone.length);
		expect(withoutEvents.filter((record) => Object.hasOwn(record as object, 'events'))).toEqual([]);
	});

	it('hands out cursors of 1.5-2.4 KB already percent-encoded; refuses one encoded twice (HTTP 200, code 3), or unknown', async () => {
		const cursor = await cursorOf();
		expect(cursor.length).toBeGreaterThanOrEqual(1500);
		expect(cursor.length).toBeLessThanOrEqual(2400);
		expect(decodeURIComponent(cursor)).toMatch(/^[A-Za-z0-9+/]+={1,2}$/);
		expect(await page(encodeURIComponent(cursor))).toMatchObject({
			status: 200,
			body: { status: 'fail', error: 'Incorrect Usage', code: 3 },
		});
		expect(await page(`${cursor.slice(0, -6)}AAAAAA`)).toMatchObject({ status: 400 });
	});

	it('expires cursors after an hour idle, and 4 hours after the POST however busy', async () => {
		const hour = 3_600_000;
		const idle = await cursorOf();
		now += hour + 60_000;
		expect((await page(idle)).body.error).toMatch(/expired/);

		let cursor = await cursorOf();
		for (let step = 0; step < 4; step++) {
			now += (50 / 60) * hour;
			cursor = (await page(cursor)).body.next_cursor as string;
		}
		now += (41 / 60) * hour;
		expect((await page(cursor)).body.error).toMatch(/expired/);
	});

	it.each([
		['requestInProgress', 200, 2],
		['tooManyRequests', 429, 429],
		['serverError500', 500, 500],
		['serviceUnavailable503', 503, 503],
		['failWith200', 200, 5],
		['wrongRegion', 401, 401],
		['expiredCursor', 400, 400],
	] as const)('fault %s answers HTTP %i, code %i, no Retry-After', async (kind, status, code) => {
		const body = { status: 'fail', code };
		expect(await pageTwoWith(kind)).toMatchObject({ status, retryAfter: null, body });
	});

	it('page-shaping faults: a short, an empty and a records-less page, each with a next_cursor', async () => {
		const next_cursor = expect.any(String);
		const short = (await pageTwoWith('shortPage')).body;
		expect(short.records!.length).toBeLessThan(23);
		expect(short).toHaveProperty('next_cursor');
		const empty = (await pageTwoWith('emptyPageWithCursor')).body;
		expect(empty).toEqual({ status: 'success', records: [], next_cursor });
		expect((await pageTwoWith('missingRecordsKey')).body).toEqual({
			status: 'success',
			next_cursor,
		});
	});

	it('fault futureDateByMessage refuses the cursor POST as a future date by message, code 400', async () => {
		sim.setFaults([{ kind: 'futureDateByMessage', at: 'post' }]);
		expect(await post()).toEqual({
			status: 400,
			retryAfter: null,
			body: { status: 'fail', error: 'To date cannot be in the future', code: 400 },
		});
	});

	it.each([
		['emptyBody401', 401, null],
		['htmlBody403', 403, 'text/html'],
		['htmlNotFound404', 404, 'text/html'],
		['html429', 429, 'text/html'],
		['html400', 400, 'text/html'],
		['html502', 502, 'text/html'],
	] as const)(
		'fault %s answers HTTP %i with no CleverTap body (Content-Type %s)',
		async (kind, status, type) => {
			sim.setFaults([{ kind, at: 2 }]);
			const response = await rawGet(
				`${sim.url}/1/profiles.json?cursor=${(await page(await cursorOf())).body.next_cursor}`,
			);
			const text = (await bodyOf(response)).toString();
			expect([response.statusCode, response.headers['content-type'] ?? null]).toEqual([
				status,
				type,
			]);
			expect(text).toMatch(type ? new RegExp(`^<html>[^]*<h1>${status} `) : /^$/);
		},
	);

	it.each([
		['the cursor POST with 307', 'post', 307],
		['a page GET with 302', 2, 302],
	] as const)('fault redirect answers %s to the location given', async (_label, at, status) => {
		const location = 'http://127.0.0.2:9/1/profiles.json';
		sim.setFaults([{ kind: 'redirect', at, location }]);
		const cursor = at === 'post' ? '' : (await page(await cursorOf())).body.next_cursor;
		const response = await fetch(`${sim.url}/1/profiles.json?cursor=${cursor}`, {
			method: at === 'post' ? 'POST' : 'GET',
			body: at === 'post' ? JSON.stringify(JANUARY) : undefined,
			headers: { ...AUTH, 'Content-Type': 'application/json' },
			redirect: 'manual',
		});
		expect([response.status, response.headers.get('location')]).toEqual([status, location]);
	});

	it('fault recordsNotAList sends the page as an object keyed "0", "1"..., with the next cursor', async () => {
		const { records, next_cursor } = (await pageTwoWith('recordsNotAList')).body;
		expect(Array.isArray(records)).toBe(false);
		expect(Object.keys(records!).slice(0, 2)).toEqual(['0', '1']);
		expect(next_cursor).toEqual(expect.any(String));
	});

	it('fault nullRecord puts a null among the real records of the page', async () => {
		const { records } = (await pageTwoWith('nullRecord')).body;
		expect(records!.filter((record) => record === null)).toHaveLength(1);
		expect(records!.filter((record) => record !== null).length).toBeGreaterThan(1);
	});

	it.each([
		['endlessChain', 23],
		['endlessEmptyChain', 0],
	] as const)(
		'fault %s sends the same page (%i records) forever, each time with a new cursor',
		async (kind, length) => {
			const first = await pageTwoWith(kind);
			const pages = [first.body];
			while (pages.length < 6) pages.push((await page(pages.at(-1)!.next_cursor as string)).body);
			expect(pages.map(({ records }) => records)).toEqual(Array(6).fill(first.body.records));
			expect(first.body.records).toHaveLength(length);
			expect(new Set(pages.map(({ next_cursor }) => next_cursor)).size).toBe(6);
		},
	);

	it('fault stallMidBody sends the headers with the full length and half the body, then nothing', async () => {
		sim.setFaults([{ kind: 'stallMidBody', at: 2 }]);
		const cursor = (await page(await cursorOf())).body.next_cursor;
		const response = await rawGet(`${sim.url}/1/profiles.json?cursor=${cursor}`);
		let received = 0;
		response.on('data', (chunk: Buffer) => (received += chunk.length));
		await new Promise((resolve) => setTimeout(resolve, 200));
		const length = Number(response.headers['content-length']);
		expect([response.statusCode, received, response.complete]).toEqual([
			200,
			Math.floor(length / 2),
			false,
		]);
		response.destroy();
	});

	it('fault badGzip answers HTTP 200 marked gzip with bytes that are not gzip', async () => {
		sim.setFaults([{ kind: 'badGzip', at: 2 }]);
		const cursor = (await page(await cursorOf())).body.next_cursor;
		const response = await rawGet(`${sim.url}/1/profiles.json?cursor=${cursor}`);
		const bytes = await bodyOf(response);
		expect([response.statusCode, response.headers['content-encoding']]).toEqual([200, 'gzip']);
		expect(() => gunzipSync(bytes)).toThrow();
	});

	/** Every record of a Get Events export, following next_cursor from the POST. */
	async function exportEvents(query = 'batch_size=23', json: object = JANUARY) {
		let { body } = await send(`${sim.url}/1/events.json?${query}`, json);
		const records: unknown[] = [];
		for (let cursor = body.cursor; cursor; cursor = body.next_cursor) {
			({ body } = await send(`${sim.url}/1/events.json?cursor=${cursor}`));
			records.push(...body.records!);
		}
		return records;
	}

	it('exports every occurrence of the event through the Get Events cursor chain', async () => {
		expect(await exportEvents()).toEqual(sim.dataset.eventsFor('Charged', 20240101, 20240131));
	});

	it('adds the device to each Get Events record with app=true', async () => {
		const [first] = (await exportEvents('batch_size=5000&app=true')) as Array<{ profile: object }>;
		expect(Object.keys(first.profile)).toEqual(
			expect.arrayContaining([
				'objectId',
				'platform',
				'app_version',
				'os_version',
				'make',
				'model',
			]),
		);
	});

	it('keeps a Get Events page for a retry after a fault (requestInProgress)', async () => {
		sim.setFaults([{ kind: 'requestInProgress', at: 2 }]);
		const { cursor } = (await send(`${sim.url}/1/events.json?batch_size=23`, JANUARY)).body;
		const second = (await send(`${sim.url}/1/events.json?cursor=${cursor}`)).body.next_cursor;
		const [refused, retried] = [
			await send(`${sim.url}/1/events.json?cursor=${second}`),
			await send(`${sim.url}/1/events.json?cursor=${second}`),
		];
		expect(refused.body.code).toBe(2);
		const everyone = sim.dataset.eventsFor('Charged', 20240101, 20240131);
		expect(retried.body.records).toEqual(everyone.slice(23, 46));
	});

	it('refuses a Get Events export of a notification event', async () => {
		const notification = { ...JANUARY, event_name: 'Notification Sent' };
		expect(await send(`${sim.url}/1/events.json`, notification)).toMatchObject({
			status: 400,
			body: { error: 'Export not allowed for this event' },
		});
	});

	it.each(['events', 'profiles'] as const)(
		'counts %s as partial three times (the POST, two polls), then the count the dataset gives',
		async (kind) => {
			const path = `${sim.url}/1/counts/${kind}.json`;
			const answers = [(await send(path, JANUARY)).body];
			const reqId = answers[0].req_id;
			while (answers.length < 5) answers.push((await send(`${path}?req_id=${reqId}`)).body);
			const count = sim.dataset.countFor(kind, 'Charged', 20240101, 20240131);
			const partial = { status: 'partial', req_id: expect.any(Number) };
			expect(answers).toEqual([
				partial,
				partial,
				partial,
				...Array(2).fill({ status: 'success', count }),
			]);
		},
	);

	it('answers a count at once with countPartialAnswers 0', async () => {
		const eager = await startSimulator({ population: 50, countPartialAnswers: 0 });
		try {
			expect((await send(`${eager.url}/1/counts/events.json`, JANUARY)).body).toEqual({
				status: 'success',
				count: eager.dataset.countFor('events', 'Charged', 20240101, 20240131),
			});
		} finally {
			await eager.close();
		}
	});

	it('refuses a count poll with an unknown req_id, CleverTap-shaped', async () => {
		expect(await send(`${sim.url}/1/counts/events.json?req_id=42`)).toMatchObject({
			status: 400,
			body: { status: 'fail', error: expect.any(String), code: expect.any(Number) },
		});
	});

	/** Keeps `count` lookups of the account unanswered (the hang fault) until the returned abort. */
	async function holdLookups(on: CleverTapSimulator, count: number) {
		const held = new AbortController();
		on.setFaults([{ kind: 'hang', at: 'byId', times: count }]);
		on.clearRequests();
		for (let i = 0; i < count; i++)
			send(`${on.url}/1/profile.json?identity=1`, undefined, {}, held.signal).catch(() => {});
		while (on.requests.length < count) await new Promise((resolve) => setTimeout(resolve, 5));
		return () => held.abort();
	}

	it('answers the 4th concurrent request of the account to one API with 429 and no Retry-After', async () => {
		const release = await holdLookups(sim, 3);
		try {
			expect(await send(`${sim.url}/1/profile.json?identity=1`)).toMatchObject({
				status: 429,
				retryAfter: null,
			});
		} finally {
			release();
		}
	});

	it('limits each API on its own: lookups at their limit leave Get Events free', async () => {
		const release = await holdLookups(sim, 3);
		try {
			expect((await send(`${sim.url}/1/events.json?batch_size=23`, JANUARY)).status).toBe(200);
		} finally {
			release();
		}
	});

	it('takes a per-API limit from maxConcurrentRequests', async () => {
		const strict = await startSimulator({ population: 50, maxConcurrentRequests: { profiles: 1 } });
		const release = await holdLookups(strict, 1);
		try {
			expect((await send(`${strict.url}/1/profile.json?identity=1`)).status).toBe(429);
		} finally {
			release();
			await strict.close();
		}
	});

	describe('Upload and Delete', () => {
		beforeEach(() => sim.uploads.clear());
		const upload = (...d: unknown[]) => send(`${sim.url}/1/upload`, { d });
		const profile = (identity: string, profileData: object) => ({
			type: 'profile',
			identity,
			profileData,
		});

		it('creates the profile of an unknown identity with the values uploaded', async () => {
			const answer = await upload(profile('u1', { Name: 'Ada', plan: 'Plus' }));
			expect(answer).toEqual({
				status: 200,
				retryAfter: null,
				body: { status: 'success', processed: 1, unprocessed: [] },
			});
			expect(sim.uploads.find('u1')).toMatchObject({
				objectId: expect.stringMatching(/^__/),
				profileData: { Name: 'Ada', plan: 'Plus' },
			});
		});

		it('applies $add, $remove, $incr, $decr and $delete to what is stored', async () => {
			await upload(profile('u1', { tags: ['a', 'b'], visits: 5, points: 10, Gender: 'F' }));
			await upload(
				profile('u1', {
					tags: { $add: ['c'] },
					visits: { $incr: 2 },
					points: { $decr: 3 },
					Gender: { $delete: 1 },
				}),
				profile('u1', { tags: { $remove: ['a'] } }),
			);
			expect(sim.uploads.find('u1')!.profileData).toEqual({
				tags: ['b', 'c'],
				visits: 7,
				points: 7,
			});
		});

		it('records events, at now when no ts is given', async () => {
			const evtData = { Amount: 12.5 };
			await upload({ type: 'event', identity: 'u2', evtName: 'Charged', evtData });
			expect(sim.uploads.events).toEqual([
				{
					identity: 'u2',
					objectId: sim.uploads.find('u2')!.objectId,
					evtName: 'Charged',
					evtData,
					ts: Math.floor(now / 1000),
				},
			]);
		});

		it.each([
			['a bad email', profile('u3', { Email: 'not-an-email' }), 515],
			['a phone without +country code', profile('u3', { Phone: '07700900123' }), 516],
			['a gender other than M or F', profile('u3', { Gender: 'male' }), 514],
			[
				'a restricted system event',
				{ type: 'event', identity: 'u3', evtName: 'App Launched' },
				513,
			],
			['an event without a name', { type: 'event', identity: 'u3' }, 509],
			['no identity or objectId', { type: 'profile', profileData: {} }, 523],
			['neither event nor profile', { type: 'people', identity: 'u3' }, 524],
			['a ts in milliseconds', { ...profile('u3', {}), ts: now }, 525],
			['an invalid objectId', { type: 'profile', objectId: 'a b', profileData: {} }, 526],
			['a record that is not an object', 'u3', 512],
			['a value over 512 bytes', profile('u3', { note: 'x'.repeat(513) }), 522],
		])('refuses %s with its code, applying nothing', async (_label, record, code) => {
			expect((await upload(record)).body).toEqual({
				status: 'fail',
				processed: 0,
				unprocessed: [{ status: 'fail', code, error: expect.any(String), record }],
			});
			expect([sim.uploads.profiles.size, sim.uploads.events.length]).toEqual([0, 0]);
		});

		it('answers partial with HTTP 200 when some records are refused, applying the others', async () => {
			const answer = await upload(profile('u4', { Email: 'bad' }), profile('u5', { plan: 'Free' }));
			expect(answer).toMatchObject({ status: 200, body: { status: 'partial', processed: 1 } });
			expect([sim.uploads.find('u4'), sim.uploads.find('u5')?.profileData]).toEqual([
				undefined,
				{ plan: 'Free' },
			]);
		});

		it('refuses more than 1000 records a request with HTTP 400', async () => {
			const records = Array.from({ length: 1001 }, (_, i) => profile(`u${i}`, {}));
			expect((await upload(...records)).status).toBe(400);
			expect(sim.uploads.profiles.size).toBe(0);
		});

		it.each([
			['serverErrorBeforeRecording', 500, 0],
			['serverErrorAfterRecording', 500, 1],
		] as const)('fault %s answers HTTP %i with %i record applied', async (kind, status, stored) => {
			sim.setFaults([{ kind, at: 'post' }]);
			expect((await upload(profile('u6', {}))).status).toBe(status);
			expect(sim.uploads.profiles.size).toBe(stored);
		});

		it('fault dropAfterRecording applies the records, then drops the connection', async () => {
			sim.setFaults([{ kind: 'dropAfterRecording', at: 'post' }]);
			await expect(upload(profile('u7', {}))).rejects.toThrow();
			expect(sim.uploads.find('u7')).toBeDefined();
		});

		it('fault slowBatch answers the upload delayMs late', async () => {
			sim.setFaults([{ kind: 'slowBatch', at: 'post', delayMs: 300 }]);
			const started = performance.now();
			expect((await upload(profile('u8', {}))).body.status).toBe('success');
			expect(performance.now() - started).toBeGreaterThanOrEqual(290);
		});

		it('takes 15 concurrent uploads of the account; the 16th gets 429', async () => {
			const held = new AbortController();
			sim.setFaults([{ kind: 'hang', at: 'post', times: 15 }]);
			sim.clearRequests();
			for (let i = 0; i < 15; i++)
				send(`${sim.url}/1/upload`, { d: [] }, {}, held.signal).catch(() => {});
			while (sim.requests.length < 15) await new Promise((resolve) => setTimeout(resolve, 5));
			try {
				expect((await upload(profile('u9', {}))).status).toBe(429);
			} finally {
				held.abort();
			}
		});

		const remove = (json: object) => send(`${sim.url}/1/delete/profiles.json`, json);

		it('deletes profiles by identity or by guid, one or a list, unknown ones included', async () => {
			await upload(profile('d1', {}), profile('d2', {}), profile('d3', {}));
			const guid = sim.uploads.find('d3')!.objectId;
			expect((await remove({ identity: ['d1', 'd2', 'nobody'] })).body).toEqual({
				status: 'success',
			});
			expect((await remove({ guid })).body).toEqual({ status: 'success' });
			expect(sim.uploads.profiles.size).toBe(0);
		});

		it.each([
			['both identity and guid', { identity: 'd1', guid: '__x' }],
			['more than 100', { identity: Array.from({ length: 101 }, (_, i) => `d${i}`) }],
		])('refuses a delete of %s with HTTP 400', async (_label, json) => {
			expect(await remove(json)).toMatchObject({ status: 400, body: { status: 'fail' } });
		});
	});
});

describe('the seeded population, the ground truth of the other tests', () => {
	const dataset = createDataset(20240101, 2000);
	const charged = (set = dataset, from = 20240101, to = 20240131) =>
		set.exportOrder('Charged', from, to);

	it('is the same for the same seed, and another for another seed', () => {
		const january = (seed: number) =>
			createDataset(seed, 2000).profilesFor('Charged', 20240101, 20240131);
		expect(january(20240101)).toEqual(dataset.profilesFor('Charged', 20240101, 20240131));
		expect(january(7)).not.toEqual(january(20240101));
	});

	it('goes on up to the last day it is given, leaving earlier days as they were', () => {
		const reachingLater = createDataset(20240101, 2000, { lastDate: () => 20261115 });
		expect(charged(reachingLater)).toEqual(charged());
		expect(charged(reachingLater, 20251231, 20251231)).toEqual(
			charged(dataset, 20251231, 20251231),
		);
		const lastDayBuyers = charged(reachingLater, 20261115, 20261115);
		expect(lastDayBuyers.length).toBeGreaterThan(0);
		expect(reachingLater.exportOrder('App Launched', 20261116, 20261231)).toEqual([]);
		const reachingFurther = createDataset(20240101, 2000, { lastDate: () => 20261231 });
		expect(charged(reachingFurther, 20261115, 20261115)).toEqual(lastDayBuyers);
	});

	it('with oneActiveDayIn (for the benchmark), puts every user on exactly one day of the range', () => {
		const oneDay = createDataset(20240101, 600, {
			oneActiveDayIn: { from: 20251201, to: 20251203 },
		});
		const days = [1, 2, 3].map((day) =>
			oneDay.exportOrder('App Launched', 20251200 + day, 20251200 + day),
		);
		expect(days.flat().sort((a, b) => a - b)).toEqual([...Array(600).keys()]);
		expect(Math.min(...days.map((users) => users.length))).toBeGreaterThan(150);
	});

	it('has people doing one event several times, on different days and times, as their summaries count', () => {
		const byPerson = new Map<number, Array<{ day: number; ts: number }>>();
		for (const { user, day, ts } of dataset.eventOrder('Product Viewed', 20230101, 20251231))
			byPerson.set(user, [...(byPerson.get(user) ?? []), { day, ts }]);
		const repeaters = [...byPerson.values()].filter(
			(times) => new Set(times.map(({ day }) => day)).size > 1,
		);
		expect(repeaters.length).toBeGreaterThan(byPerson.size / 2);
		for (const [user, times] of byPerson) {
			const { count, first_seen, last_seen } = dataset.recordOf(user).events['Product Viewed'];
			expect([times.length, times[0].ts, times.at(-1)!.ts]).toEqual([count, first_seen, last_seen]);
		}
	});

	it('holds, for a range, the users whose event summary overlaps it', () => {
		const week = dataset.profilesFor('Added To Cart', 20240301, 20240307);
		expect(week.length).toBeGreaterThan(0);
		for (const { events } of week) {
			expect(events['Added To Cart'].first_seen).toBeLessThan(Date.UTC(2024, 2, 8) / 1000);
			expect(events['Added To Cart'].last_seen).toBeGreaterThanOrEqual(Date.UTC(2024, 2, 1) / 1000);
		}
	});
});

it('`npm run simulator` prints the URL and the demo account, serves, and exits cleanly on SIGTERM', async () => {
	// tsx's own CLI would relay the signal, but gives its child only 30 ms to confirm (143 under load).
	const cli = ['--import', 'tsx', 'test/simulator/cli.ts', '--port', '0'];
	const child = spawn(process.execPath, cli, { cwd: join(__dirname, '..', '..') });
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
		expect((await send(`${url}/1/profile.json?identity=0`)).body.status).toBe('fail');
		child.kill('SIGTERM');
		expect(await exited).toBe(0);
	} finally {
		child.kill('SIGKILL');
	}
});
