import {
	shapeForExport,
	startSimulator,
	type CleverTapSimulator,
	type ExportedRecord,
	type FaultSpec,
} from '../simulator';
import { carefulExport, withoutRepeats, type CarefulExport } from './careful-export';
import { call, walkExport } from './simulator-client';

/** About 100 profiles: 5 pages of at most 23. */
const QUERY = { event: 'Charged', from: 20240101, to: 20240110 };
const byId = (records: ExportedRecord[]) =>
	[...records].sort((a, b) => a.platformInfo[0].objectId.localeCompare(b.platformInfo[0].objectId));

describe('switchable faults: each fires where and as often as asked, and the export still completes exactly', () => {
	let sim: CleverTapSimulator;
	let truth: ExportedRecord[];
	/** Records per page of the same export without faults. */
	let naturalPageSizes: number[];
	beforeAll(async () => {
		sim = await startSimulator();
		truth = sim.dataset
			.profilesFor(QUERY.event, QUERY.from, QUERY.to)
			.map((record) => shapeForExport(record, { app: false, events: true, profile: true }));
		naturalPageSizes = (await walkExport(sim, QUERY)).pages.map((page) => page.recordCount ?? 0);
	});
	afterAll(() => sim.close());
	beforeEach(() => {
		sim.setFaults([]);
		sim.clearRequests();
	});

	async function exportWith(...faults: FaultSpec[]): Promise<CarefulExport> {
		sim.setFaults(faults);
		return await carefulExport(sim, QUERY);
	}
	const outcomes = (run: CarefulExport) => run.gets.map((get) => get.outcome);

	it('the export used here spans several pages', () => {
		expect(naturalPageSizes.length).toBeGreaterThanOrEqual(4);
		expect(truth.length).toBeGreaterThan(69);
	});

	describe('answers that replace a page: the same cursor works on retry and the position is kept', () => {
		it('requestInProgress: HTTP 200, code 2, "Request still in progress"', async () => {
			const run = await exportWith({ kind: 'requestInProgress', at: 2, times: 2 });
			expect(outcomes(run).slice(0, 4)).toEqual(['ok', '200 fail 2', '200 fail 2', 'ok']);
			expect(run.gets[1].body).toEqual({
				status: 'fail',
				error: 'Request still in progress, please retry later',
				code: 2,
			});
			expect(new Set(run.gets.slice(1, 4).map((get) => get.cursor)).size).toBe(1);
			expect(run.records).toEqual(truth);
		});

		it('tooManyRequests: HTTP 429 without Retry-After', async () => {
			const run = await exportWith({ kind: 'tooManyRequests', at: 3 });
			expect(outcomes(run).slice(0, 4)).toEqual(['ok', 'ok', '429 fail 429', 'ok']);
			expect(run.gets[2].retryAfter).toBeNull();
			expect(run.records).toEqual(truth);
		});

		it.each([
			['serverError500', 500],
			['serviceUnavailable503', 503],
		] as const)('%s: HTTP %i', async (kind, status) => {
			const run = await exportWith({ kind, at: 1, times: 2 });
			expect(outcomes(run).slice(0, 3)).toEqual([
				`${status} fail ${status}`,
				`${status} fail ${status}`,
				'ok',
			]);
			expect(run.records).toEqual(truth);
		});

		it('connectionReset: the socket closes without a response', async () => {
			const run = await exportWith({ kind: 'connectionReset', at: 2 });
			expect(outcomes(run).slice(0, 3)).toEqual(['ok', 'no answer', 'ok']);
			expect(run.gets[1].cursor).toBe(run.gets[2].cursor);
			expect(
				sim.requests
					.filter((request) => request.method === 'GET')
					.map((request) => request.status)
					.slice(0, 3),
			).toEqual([200, 0, 200]);
			expect(run.records).toEqual(truth);
		});

		it('hang: no answer at all, until the client gives up', async () => {
			const run = await exportWith({ kind: 'hang', at: 2 });
			expect(outcomes(run).slice(0, 3)).toEqual(['ok', 'no answer', 'ok']);
			expect(run.records).toEqual(truth);
		});

		it('malformedBody: HTTP 200 with a body that is not JSON', async () => {
			const run = await exportWith({ kind: 'malformedBody', at: 2 });
			expect(outcomes(run).slice(0, 3)).toEqual(['ok', 'broken json', 'ok']);
			expect(run.gets[1].status).toBe(200);
			expect(run.records).toEqual(truth);
		});

		it('truncatedBody: HTTP 200 with the page JSON cut off half-way', async () => {
			const run = await exportWith({ kind: 'truncatedBody', at: 2 });
			expect(outcomes(run).slice(0, 3)).toEqual(['ok', 'broken json', 'ok']);
			expect(run.gets[1].text).toMatch(/^\{"status":"success","records":\[/);
			expect(run.gets[1].text!.length).toBeLessThan(run.gets[2].text!.length);
			expect(run.records).toEqual(truth);
		});

		it('failWith200: HTTP 200 with status "fail"', async () => {
			const run = await exportWith({ kind: 'failWith200', at: 2 });
			expect(run.gets[1].status).toBe(200);
			expect(run.gets[1].body).toMatchObject({
				status: 'fail',
				error: expect.any(String),
				code: expect.any(Number),
			});
			expect(outcomes(run)[2]).toBe('ok');
			expect(run.records).toEqual(truth);
		});

		it('wrongRegion: HTTP 401 "Invalid Credentials"', async () => {
			const run = await exportWith({ kind: 'wrongRegion', at: 2 });
			expect(run.gets[1].body).toEqual({ status: 'fail', error: 'Invalid Credentials', code: 401 });
			expect(run.records).toEqual(truth);
		});

		it("at 'last': fires on the GET that returns the final page", async () => {
			const run = await exportWith({ kind: 'serviceUnavailable503', at: 'last' });
			const last = outcomes(run).length - 1;
			expect(outcomes(run)[last - 1]).toBe('503 fail 503');
			expect(outcomes(run).filter((outcome) => outcome !== 'ok')).toHaveLength(1);
			expect(run.gets[last].body).not.toHaveProperty('next_cursor');
			expect(run.records).toEqual(truth);
		});
	});

	describe('expiredCursor', () => {
		it('reports the cursor expired (HTTP 400), and the export stays dead until it is restarted', async () => {
			sim.setFaults([{ kind: 'expiredCursor', at: 3 }]);
			const first = await walkExport(sim, QUERY).catch((error: Error) => error.message);
			expect(first).toMatch(/400 .*expired/i);
			const [expiredCursor] = sim.requests
				.filter((request) => request.status === 400)
				.map((request) => request.rawQuery.slice('cursor='.length));
			const again = await call(sim, 'GET', `/1/profiles.json?cursor=${expiredCursor}`);
			expect(again.status).toBe(400);
			expect(again.body?.error).toMatch(/expired/i);
			// Restarting from the POST works: the fault fired its one time.
			expect((await walkExport(sim, QUERY)).records).toEqual(truth);
		});

		it('a careful client restarts and ends with the ground truth', async () => {
			const run = await exportWith({ kind: 'expiredCursor', at: 3 });
			expect(run.posts).toHaveLength(2);
			expect(run.attempts.map((entry) => `${entry.step} ${entry.outcome}`).slice(0, 5)).toEqual([
				'post ok',
				'get ok',
				'get ok',
				'get 400 fail 400',
				'post ok',
			]);
			expect(run.records).toEqual(truth);
		});
	});

	describe('on the cursor POST', () => {
		it('exportNotAllowed: HTTP 400 "Export not allowed for this event"', async () => {
			const run = await exportWith({ kind: 'exportNotAllowed', at: 'post' });
			expect(run.posts.map((post) => post.outcome)).toEqual(['400 fail 400', 'ok']);
			expect(run.posts[0].body).toEqual({
				status: 'fail',
				error: 'Export not allowed for this event',
				code: 400,
			});
			expect(run.records).toEqual(truth);
		});

		it.each(['requestInProgress', 'connectionReset', 'truncatedBody'] as const)(
			'%s',
			async (kind) => {
				const run = await exportWith({ kind, at: 'post' });
				expect(run.posts).toHaveLength(2);
				expect(run.posts[0].outcome).not.toBe('ok');
				expect(run.records).toEqual(truth);
			},
		);
	});

	describe('pages that look different but lose nothing', () => {
		it('shortPage: fewer records than the page size, with a next_cursor', async () => {
			const run = await exportWith({ kind: 'shortPage', at: 2, times: 2 });
			const sizes = run.gets.map((get) => get.body!.records!.length);
			expect(sizes[0]).toBe(naturalPageSizes[0]);
			expect(sizes[1]).toBeLessThan(naturalPageSizes[1]);
			expect(sizes[2]).toBeLessThan(naturalPageSizes[2]);
			expect(run.gets[1].body?.next_cursor).toBeDefined();
			expect(run.records).toEqual(truth);
		});

		it('emptyPageWithCursor: records [] and a next_cursor', async () => {
			const run = await exportWith({ kind: 'emptyPageWithCursor', at: 1 });
			expect(run.gets[0].body).toEqual({
				status: 'success',
				records: [],
				next_cursor: expect.any(String),
			});
			expect(run.gets[1].body!.records!.length).toBe(naturalPageSizes[0]);
			expect(run.records).toEqual(truth);
		});

		it('missingRecordsKey: no records key at all, and a next_cursor', async () => {
			const run = await exportWith({ kind: 'missingRecordsKey', at: 2 });
			expect(run.gets[1].body).toEqual({ status: 'success', next_cursor: expect.any(String) });
			expect(run.records).toEqual(truth);
		});

		it("at 'last': the final records move behind an empty page", async () => {
			const run = await exportWith({ kind: 'emptyPageWithCursor', at: 'last' });
			expect(run.gets).toHaveLength(naturalPageSizes.length + 1);
			expect(run.gets[naturalPageSizes.length - 1].body).toEqual({
				status: 'success',
				records: [],
				next_cursor: expect.any(String),
			});
			expect(run.records).toEqual(truth);
		});

		it('repeatedProfiles: the page repeats profiles sent on an earlier page', async () => {
			const run = await exportWith({ kind: 'repeatedProfiles', at: 2 });
			const firstPageIds = run.gets[0].body!.records!.map(
				(record) => record.platformInfo[0].objectId,
			);
			const secondPageIds = run.gets[1].body!.records!.map(
				(record) => record.platformInfo[0].objectId,
			);
			expect(secondPageIds.some((id) => firstPageIds.includes(id))).toBe(true);
			expect(run.records.length).toBeGreaterThan(truth.length);
			expect(withoutRepeats(run.records)).toEqual(truth);
		});

		it('repeatedProfiles on page 1: a profile of page 2 shows up early as well', async () => {
			const run = await exportWith({ kind: 'repeatedProfiles', at: 1 });
			expect(run.records.length).toBeGreaterThan(truth.length);
			expect(byId(withoutRepeats(run.records))).toEqual(byId(truth));
		});

		it('repeatedCursor: next_cursor equals the cursor sent, as many times as asked', async () => {
			const run = await exportWith({ kind: 'repeatedCursor', at: 2, times: 2 });
			const [, second, third, fourth] = run.gets;
			expect(second.body!.next_cursor).toBe(second.cursor);
			expect(third.cursor).toBe(second.cursor);
			expect(third.body!.next_cursor).toBe(third.cursor);
			expect(fourth.cursor).toBe(second.cursor);
			expect(fourth.body!.next_cursor).not.toBe(fourth.cursor);
			expect(withoutRepeats(run.records)).toEqual(truth);
		});

		it('repeatedCursor without end: a client must notice the chain does not advance', async () => {
			sim.setFaults([{ kind: 'repeatedCursor', at: 2, times: Infinity }]);
			await expect(carefulExport(sim, QUERY)).rejects.toThrow('never advances');
		});
	});

	describe('on the by-ID GET', () => {
		let identity: string;
		beforeAll(() => {
			identity = sim.dataset
				.profilesFor('Charged', 20240101, 20240131)
				.find((record) => record.identity)!.identity!;
		});
		const lookUp = () => call(sim, 'GET', `/1/profile.json?identity=${identity}`);

		it('fires on profile.json only, then answers normally', async () => {
			sim.setFaults([{ kind: 'requestInProgress', at: 'byId', times: 2 }]);
			await walkExport(sim, QUERY);
			expect((await lookUp()).body).toMatchObject({ status: 'fail', code: 2 });
			expect((await lookUp()).body).toMatchObject({ status: 'fail', code: 2 });
			expect((await lookUp()).body?.status).toBe('success');
		});

		it('can cut the answer short or drop the connection', async () => {
			sim.setFaults([
				{ kind: 'truncatedBody', at: 'byId' },
				{ kind: 'connectionReset', at: 'byId' },
			]);
			const truncated = await lookUp();
			expect(truncated.status).toBe(200);
			expect(truncated.body).toBeUndefined();
			await expect(lookUp()).rejects.toThrow();
			expect((await lookUp()).body?.status).toBe('success');
		});
	});

	describe('counting and switching', () => {
		it('a fault at page N also fires on later pages until its times are used up', async () => {
			const run = await exportWith({ kind: 'shortPage', at: 2, times: 3 });
			const sizes = run.gets.map((get) => get.body!.records!.length);
			expect(sizes.slice(1, 4).every((size, index) => size < naturalPageSizes[index + 1])).toBe(
				true,
			);
			expect(run.records).toEqual(truth);
		});

		it('counts across exports: once used up, the next export is clean', async () => {
			sim.setFaults([{ kind: 'serverError500', at: 1 }]);
			expect(outcomes(await carefulExport(sim, QUERY))[0]).toBe('500 fail 500');
			expect(outcomes(await carefulExport(sim, QUERY)).every((outcome) => outcome === 'ok')).toBe(
				true,
			);
		});

		it('setFaults replaces the faults and resets the counters', async () => {
			sim.setFaults([{ kind: 'serverError500', at: 1 }]);
			await carefulExport(sim, QUERY);
			sim.setFaults([{ kind: 'serverError500', at: 1 }]);
			expect(outcomes(await carefulExport(sim, QUERY))[0]).toBe('500 fail 500');
			sim.setFaults([]);
			expect(outcomes(await carefulExport(sim, QUERY)).every((outcome) => outcome === 'ok')).toBe(
				true,
			);
		});

		it('only the first matching fault fires on one request', async () => {
			const run = await exportWith(
				{ kind: 'serverError500', at: 1 },
				{ kind: 'requestInProgress', at: 1 },
			);
			expect(outcomes(run).slice(0, 3)).toEqual(['500 fail 500', '200 fail 2', 'ok']);
		});

		it('a fault for a page the export never reaches does not fire', async () => {
			const run = await exportWith({ kind: 'serverError500', at: 99 });
			expect(outcomes(run).every((outcome) => outcome === 'ok')).toBe(true);
		});

		it('starts with the faults given to startSimulator', async () => {
			const faulty = await startSimulator({ faults: [{ kind: 'requestInProgress', at: 1 }] });
			try {
				expect(outcomes(await carefulExport(faulty, QUERY)).slice(0, 2)).toEqual([
					'200 fail 2',
					'ok',
				]);
			} finally {
				await faulty.close();
			}
		});

		it('refuses faults that could never fire', () => {
			expect(() => sim.setFaults([{ kind: 'exportNotAllowed', at: 2 }])).toThrow(/never fire/);
			expect(() => sim.setFaults([{ kind: 'shortPage', at: 'post' }])).toThrow(/never fire/);
			expect(() => sim.setFaults([{ kind: 'repeatedCursor', at: 'byId' }])).toThrow(/never fire/);
			expect(() => sim.setFaults([{ kind: 'hang', at: 0 }])).toThrow(/never fire/);
			expect(() => sim.setFaults([{ kind: 'hang', at: 1, times: 0 }])).toThrow(/never fire/);
		});
	});
});
