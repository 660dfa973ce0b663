import {
	DEMO_ACCOUNT,
	shapeForExport,
	startSimulator,
	type CleverTapSimulator,
} from '../simulator';
import { getPage, newCursor, objectIds, walkExport } from './simulator-client';

const JANUARY_CHARGED = { event: 'Charged', from: 20240101, to: 20240131 };
const DEFAULT_SHAPE = { app: false, events: true, profile: true };

describe('the cursor chain (clevertap-api.md "Get by event", step 2)', () => {
	let sim: CleverTapSimulator;
	beforeAll(async () => {
		sim = await startSimulator();
	});
	afterAll(() => sim.close());

	it('returns the whole export, in order and without repeats, across 10+ pages of at most 23', async () => {
		const truth = sim.dataset.profilesFor('Charged', 20240101, 20240131);
		const { records, pages } = await walkExport(sim, JANUARY_CHARGED);
		expect(pages.length).toBeGreaterThanOrEqual(10);
		expect(records).toEqual(truth.map((record) => shapeForExport(record, DEFAULT_SHAPE)));
		expect(pages.every((page) => page.recordCount! <= 23)).toBe(true);
	});

	it('ends with a page that has records but no next_cursor; every other page has one', async () => {
		const { pages } = await walkExport(sim, JANUARY_CHARGED);
		const last = pages[pages.length - 1];
		expect(last.body).not.toHaveProperty('next_cursor');
		expect(last.recordCount).toBeGreaterThan(0);
		expect(pages.slice(0, -1).every((page) => typeof page.nextCursor === 'string')).toBe(true);
		expect(Object.keys(pages[0].body)).toEqual(['status', 'records', 'next_cursor']);
	});

	it('sends pages shorter than the page size while more remain (a client must not stop on them)', async () => {
		const { pages } = await walkExport(sim, JANUARY_CHARGED);
		const shortButNotLast = pages.slice(0, -1).filter((page) => page.recordCount! < 23);
		expect(shortButNotLast.length).toBeGreaterThanOrEqual(2);
		expect(pages[2].recordCount).toBeLessThan(23);
		expect(pages[2].nextCursor).toBeDefined();
	});

	it('answers an empty range with no records key and no next_cursor', async () => {
		const cursor = await newCursor(sim, { event: 'Charged', from: 20230101, to: 20230131 });
		const page = await getPage(sim, cursor);
		expect(page.status).toBe(200);
		expect(page.body).toEqual({ status: 'success' });
	});

	describe('cursors', () => {
		it('are opaque, 1.5-2.4 KB, base64 already percent-encoded (%2F, %2B, %3D)', async () => {
			const { pages } = await walkExport(sim, JANUARY_CHARGED);
			const cursors = [
				await newCursor(sim, JANUARY_CHARGED),
				...pages.slice(0, -1).map((page) => page.nextCursor!),
			];
			for (const cursor of cursors) {
				expect(cursor.length).toBeGreaterThanOrEqual(1500);
				expect(cursor.length).toBeLessThanOrEqual(2400);
				expect(cursor).toContain('%2F');
				expect(cursor).toContain('%2B');
				expect(cursor).toContain('%3D');
				expect(decodeURIComponent(cursor)).toMatch(/^[A-Za-z0-9+/]+={1,2}$/);
			}
			expect(new Set(cursors).size).toBe(cursors.length);
		});

		it('sent encoded a second time (containing %25) get HTTP 200 "Incorrect Usage", code 3', async () => {
			const cursor = await newCursor(sim, JANUARY_CHARGED);
			const answer = await getPage(sim, encodeURIComponent(cursor));
			expect(answer.status).toBe(200);
			expect(answer.body).toEqual({ status: 'fail', error: 'Incorrect Usage', code: 3 });
			expect(sim.requests[sim.requests.length - 1].rawQuery).toContain('%252F');
			expect((await getPage(sim, cursor)).body?.status).toBe('success');
		});

		it('unknown, or sent decoded, get HTTP 400 "Invalid cursor"', async () => {
			const cursor = await newCursor(sim, JANUARY_CHARGED);
			for (const wrong of [
				`${cursor.slice(0, -6)}AAAAAA`,
				decodeURIComponent(cursor).replace(/\+/g, '%20'),
			]) {
				const answer = await getPage(sim, wrong);
				expect(answer.status).toBe(400);
				expect(answer.body).toMatchObject({ status: 'fail', code: 400 });
				expect(answer.body?.error).toMatch(/invalid cursor/i);
			}
		});

		it("belong to the account that created them: another account's cursor is invalid", async () => {
			const other = {
				accountId: 'TEST-OTHER-ACC',
				passcode: 'SIM-PASS-OTHER-0123456789',
				region: 'eu1' as const,
			};
			const twoAccounts = await startSimulator({ accounts: [DEMO_ACCOUNT, other] });
			try {
				const cursor = await newCursor(twoAccounts, JANUARY_CHARGED);
				expect((await getPage(twoAccounts, cursor, { account: other })).status).toBe(400);
			} finally {
				await twoAccounts.close();
			}
		});

		it('can be fetched again: the same cursor returns the same page', async () => {
			const cursor = await newCursor(sim, JANUARY_CHARGED);
			const first = await getPage(sim, cursor);
			const again = await getPage(sim, cursor);
			expect(objectIds(again.body!.records!)).toEqual(objectIds(first.body!.records!));
		});

		it('are required on the GET', async () => {
			const answer = await getPage(sim, '');
			expect(answer.status).toBe(400);
			expect(answer.body?.status).toBe('fail');
		});
	});

	describe('lifetime: about 4 h from creation, 1 h idle', () => {
		let now = Date.UTC(2025, 5, 1, 9, 0, 0);
		let timed: CleverTapSimulator;
		beforeAll(async () => {
			timed = await startSimulator({ clock: () => now });
		});
		afterAll(() => timed.close());
		const minutes = (count: number) => count * 60_000;

		it('expires a cursor left unused for over an hour (HTTP 400, "expired")', async () => {
			const cursor = await newCursor(timed, JANUARY_CHARGED);
			now += minutes(59);
			const page = await getPage(timed, cursor);
			expect(page.body?.status).toBe('success');
			now += minutes(61);
			const expired = await getPage(timed, page.body!.next_cursor!);
			expect(expired.status).toBe(400);
			expect(expired.body).toMatchObject({ status: 'fail', code: 400 });
			expect(expired.body?.error).toMatch(/expired/i);
		});

		it('expires an export 4 hours after its POST, however busy', async () => {
			let cursor = await newCursor(timed, JANUARY_CHARGED);
			for (let step = 0; step < 4; step++) {
				now += minutes(50);
				const page = await getPage(timed, cursor);
				expect(page.body?.status).toBe('success');
				cursor = page.body!.next_cursor!;
			}
			now += minutes(41);
			const expired = await getPage(timed, cursor);
			expect(expired.status).toBe(400);
			expect(expired.body?.error).toMatch(/expired/i);
		});
	});

	it('serves the same pages from its record cache (cacheRecords, for benchmarks), also the second time', async () => {
		const cached = await startSimulator({ cacheRecords: true });
		try {
			const uncached = await walkExport(sim, JANUARY_CHARGED);
			for (let walk = 0; walk < 2; walk++) {
				const { records, pages } = await walkExport(cached, JANUARY_CHARGED);
				expect(records).toEqual(uncached.records);
				expect(pages.map((page) => Object.keys(page.body))).toEqual(
					uncached.pages.map((page) => Object.keys(page.body)),
				);
			}
		} finally {
			await cached.close();
		}
	});
});
