/**
 * The CleverTap Trigger polled as n8n's cron polls an active workflow (n8n-core's
 * PollTriggerExecutor), against the simulator, with the clock fixed: each test sets the time of
 * each poll, and the simulator's today follows the same clock.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { harnessLogger } from '../../helpers/n8n-engine';
import { pollingTrigger, type PollOutcome } from '../../helpers/poll-trigger';
import { objectIdsOf, simulatorCredentials, useSimulator } from '../../support/clevertap-fixture';

// Only Date is faked: timers, promises and sockets run for real.
const NOT_DATE = [
	'hrtime',
	'nextTick',
	'performance',
	'queueMicrotask',
	'setImmediate',
	'clearImmediate',
	'setInterval',
	'clearInterval',
	'setTimeout',
	'clearTimeout',
] as const;

beforeAll(() => {
	jest.useFakeTimers({ doNotFake: [...NOT_DATE], now: new Date('2026-03-01T00:00:00Z') });
});
afterAll(() => {
	jest.useRealTimers();
});

const setClock = (iso: string) => jest.setSystemTime(new Date(iso));

describe('CleverTap Trigger: scheduled polls against the simulator', () => {
	// The simulator's today follows the faked clock; a test may make CleverTap slow, or its zone behind.
	let simulatorClock = () => Date.now();
	const simulator = useSimulator({ clock: () => simulatorClock() });
	const sim = () => simulator.current;
	beforeEach(() => {
		simulatorClock = () => Date.now();
	});

	type Trigger = Awaited<ReturnType<typeof trigger>>;
	const trigger = async (
		parameters: INodeParameters,
		extra: { timezone?: string; pollBudgetMs?: number } = {},
	) =>
		await pollingTrigger({
			nodeName: 'cleverTapTrigger',
			parameters: { options: {}, ...parameters },
			credentials: { cleverTapApi: simulatorCredentials(sim()) },
			settings: { timezone: extra.timezone ?? 'UTC' },
			pollBudgetMs: extra.pollBudgetMs,
		});

	/** The CleverTap IDs a poll emitted, in order, once it is checked not to have failed. */
	function emittedIds({ emitted, error }: PollOutcome): string[] {
		expect(error?.message).toBeUndefined();
		return objectIdsOf(emitted ?? []);
	}

	/** Who did the event on these days (the simulator's ground truth), each once, in day order. */
	const truth = (eventName: string, days: number[]) => [
		...new Set(days.flatMap((day) => sim().dataset.objectIdsFor(eventName, day, day))),
	];

	/** The days of the exports CleverTap was asked for, in order (from = to: one day each). */
	const exportedDays = () =>
		sim()
			.requests.filter((request) => request.method === 'POST')
			.map((request) => {
				const { from, to } = request.body as { from: number; to: number };
				expect(to).toBe(from);
				return from;
			});

	/** One scheduled poll: the days it exported, once it is checked to emit exactly who did the event on them. */
	async function pollDays(polled: Trigger): Promise<number[]> {
		sim().clearRequests();
		const outcome = await polled.poll();
		const days = exportedDays();
		expect(emittedIds(outcome)).toEqual(truth('Charged', days));
		return days;
	}

	const positionOf = (polled: Trigger) =>
		(polled.savedStaticData()['node:Trigger'] as IDataObject | undefined)?.position;

	it('covers the last complete day first (no backfill), then each day once it is complete; after days of downtime, a restart catches up oldest first, at most Max Days per Poll a poll: none twice, none skipped', async () => {
		setClock('2026-03-10T06:00:00Z');
		const charged = await trigger({ eventName: 'Charged' });
		expect(truth('Charged', [20260309]).length).toBeGreaterThan(0);
		expect(await pollDays(charged)).toEqual([20260309]);

		sim().clearRequests();
		expect(await charged.poll()).toEqual({});
		setClock('2026-03-11T01:59:00Z'); // the 10th ended, but less than Delay (2 hours) ago
		expect(await charged.poll()).toEqual({});
		expect(sim().requests).toEqual([]);

		setClock('2026-03-11T02:00:00Z');
		expect(await pollDays(charged)).toEqual([20260310]);
		expect(positionOf(charged)).toEqual({
			triggerOn: 'profilesDidEvent',
			eventName: 'Charged',
			startDay: null,
			lastCoveredDay: 20260310,
		});

		charged.restart();
		setClock('2026-03-20T06:00:00Z'); // nine more complete days: the 11th to the 19th
		expect(await pollDays(charged)).toEqual([
			20260311, 20260312, 20260313, 20260314, 20260315, 20260316, 20260317,
		]);
		expect(await pollDays(charged)).toEqual([20260318, 20260319]);
		expect(await charged.poll()).toEqual({});
	});

	it('Each Event emits every event of each complete day exactly once, day after day; Fetch Test Event gives the first 10 of the last complete day; a position kept by the other mode does not count', async () => {
		const eventsOn = (days: number[]) =>
			days.flatMap((day) => sim().dataset.eventsFor('Charged', day, day));
		setClock('2026-03-10T06:00:00Z');
		const each = await trigger({ triggerOn: 'eachEvent', eventName: 'Charged' });
		// Saved by Profiles Who Did an Event (before modes, so without triggerOn): not this mode's days.
		each.restart({
			'node:Trigger': {
				position: { eventName: 'Charged', startDay: null, lastCoveredDay: 20260301 },
			},
		});
		const sample = await each.fetchTestEvent();
		expect(sample.emitted?.map(({ json }) => json)).toEqual(eventsOn([20260309]).slice(0, 10));
		sim().clearRequests();

		const first = await each.poll();
		expect(first.emitted?.map(({ json }) => json)).toEqual(eventsOn([20260309]));
		expect(sim().requests.every((request) => request.path === '/1/events.json')).toBe(true);
		expect(positionOf(each)).toEqual({
			triggerOn: 'eachEvent',
			eventName: 'Charged',
			startDay: null,
			lastCoveredDay: 20260309,
		});

		setClock('2026-03-12T06:00:00Z');
		sim().clearRequests();
		const second = await each.poll();
		expect(exportedDays()).toEqual([20260310, 20260311]);
		expect(second.emitted?.map(({ json }) => json)).toEqual(eventsOn([20260310, 20260311]));
		const people = new Set(eventsOn([20260310, 20260311]).map((record) => record.profile.objectId));
		expect(people.size).toBeLessThan(second.emitted?.length ?? 0); // a person once per event
		expect(await each.poll()).toEqual({});
	});

	it('Each Event: a first day that does not fit in the poll points to Event Get Many with One File', async () => {
		setClock('2026-03-10T06:00:00Z');
		const each = await trigger(
			{ triggerOn: 'eachEvent', eventName: 'Charged' },
			{ pollBudgetMs: 0 },
		);
		const failed = await each.poll();
		expect(failed.error?.message).toMatch(/^Exporting one day of "Charged" \(2026-03-09\)/);
		expect(failed.error?.description).toMatch(/Event "Get Many" with Output "One File"/);
	});

	it('neither Fetch Test Event (at most 10 profiles of the last complete day) nor a poll that fails in any of its exports (it emits nothing) moves the position: the next poll covers the same days', async () => {
		setClock('2026-03-25T06:00:00Z');
		// From a Start Date: the 23rd fits on one page of 23, the 24th needs two.
		expect(truth('Charged', [20260323]).length).toBeLessThanOrEqual(23);
		expect(truth('Charged', [20260324]).length).toBeGreaterThan(23);
		const charged = await trigger({
			eventName: 'Charged',
			options: { startDate: '2026-03-23', batchSize: 23, maxRetries: 0 },
		});
		const sample = await charged.fetchTestEvent();
		expect(emittedIds(sample)).toEqual(truth('Charged', [20260324]).slice(0, 10));
		sim().clearRequests();

		sim().setFaults([{ kind: 'serverError500', at: 2 }]);
		const failed = await charged.poll();
		expect(failed.emitted).toBeUndefined();
		expect(failed.error?.message).toMatch(/^CleverTap: Internal Server Error/);
		expect(exportedDays()).toEqual([20260323, 20260324]);
		expect(positionOf(charged)).toBeUndefined();

		expect(await pollDays(charged)).toEqual([20260323, 20260324]);
	});

	it('a day nobody did the event on is covered once, though the poll emits nothing; Fetch Test Event says nobody did it', async () => {
		setClock('2026-03-10T06:00:00Z');
		const installs = await trigger({ eventName: 'App Installed' });
		const { error } = await installs.fetchTestEvent();
		expect(error?.message).toBe(
			'No profile did "App Installed" on 2026-03-09, the last complete day',
		);
		sim().clearRequests();
		expect(await installs.poll()).toEqual({});
		expect(await installs.poll()).toEqual({});
		setClock('2026-03-11T06:00:00Z');
		expect(await installs.poll()).toEqual({});
		expect(exportedDays()).toEqual([20260309, 20260310]);
		expect(truth('App Installed', [20260309, 20260310])).toEqual([]);
	});

	it('polls that overlap in time (a slow poll meets the next one) export once; Simplify flattens each profile, with the exported event summary', async () => {
		setClock('2026-03-10T06:00:00Z');
		const charged = await trigger({ eventName: 'Charged', simplify: true });
		harnessLogger().clear();
		const outcomes = await charged.pollTwiceAtOnce();
		expect(harnessLogger().messages('info')).toContain(
			'CleverTap Trigger: the previous poll is still running; this one skips',
		);
		expect(outcomes.every((outcome) => outcome.error === undefined)).toBe(true);
		expect(exportedDays()).toEqual([20260309]);
		const emitted = outcomes.flatMap((outcome) => outcome.emitted ?? []);
		const profiles = sim().dataset.profilesFor('Charged', 20260309, 20260309);
		expect(emitted.map(({ json }) => [json.cleverTapId, json.eventCount])).toEqual(
			profiles.map((profile) => [profile.platformInfo[0].objectId, profile.events.Charged.count]),
		);
	});

	it("refuses a setting it cannot use before asking CleverTap anything; a first day that does not fit in the poll's time budget fails clearly, pointing to Get by Event", async () => {
		setClock('2026-03-10T06:00:00Z');
		const refusing = await trigger({ eventName: 'Charged', options: { maxDaysPerPoll: 0 } });
		const refused = await refusing.poll();
		expect(refused.error?.name).toBe('NodeOperationError');
		expect(refused.error?.message).toMatch(/^Max Days per Poll must be/);
		expect(sim().requests).toEqual([]);

		const tooSmall = await trigger({ eventName: 'Charged' }, { pollBudgetMs: 0 });
		const failed = await tooSmall.poll();
		expect(failed.emitted).toBeUndefined();
		expect(failed.error?.message).toMatch(
			/^Exporting one day of "Charged" \(2026-03-09\) takes longer than one poll may run/,
		);
		expect(failed.error?.description).toMatch(/Get by Event.*One File.*Schedule Trigger/);
		expect(positionOf(tooSmall)).toBeUndefined();
	});

	it('when CleverTap is slow, so a catch-up does not fit in one poll, stops after the day in progress when the budget nears its end, and the next poll goes on from there', async () => {
		// Every time the simulator looks at its clock (several times per request), 20 seconds pass.
		simulatorClock = () => {
			jest.setSystemTime(Date.now() + 20_000);
			return Date.now();
		};
		setClock('2026-03-20T06:00:00Z');
		const charged = await trigger({ eventName: 'Charged', options: { startDate: '2026-03-10' } });
		const firstDays = await pollDays(charged);
		expect(firstDays.length).toBeGreaterThan(1);
		expect(firstDays.length).toBeLessThan(7);
		const lastCovered = firstDays[firstDays.length - 1];
		expect(positionOf(charged)).toMatchObject({ lastCoveredDay: lastCovered });

		expect((await pollDays(charged))[0]).toBe(lastCovered + 1);
	});

	it("with the account's time zone behind the workflow's, a day CleverTap still calls future (code 4002) is not complete: the days before it are covered, the position stays before it", async () => {
		// The account's day is UTC-12's; the workflow's is Kiribati's (UTC+14).
		simulatorClock = () => Date.now() - 12 * 3_600_000;
		// 10:30 UTC: the 10th has ended in Kiribati, but it is still the 9th for the account.
		setClock('2026-03-10T10:30:00Z');
		const charged = await trigger(
			{ eventName: 'Charged', options: { startDate: '2026-03-09', delayHours: 0 } },
			{ timezone: 'Pacific/Kiritimati' },
		);
		const first = await charged.poll();
		expect(exportedDays()).toEqual([20260309, 20260310]);
		expect(sim().requests.at(-1)?.status).toBe(400);
		expect(emittedIds(first)).toEqual(truth('Charged', [20260309]));
		expect(positionOf(charged)).toMatchObject({ lastCoveredDay: 20260309 });

		setClock('2026-03-10T12:30:00Z'); // now the 10th for the account too
		expect(await pollDays(charged)).toEqual([20260310]);
	});

	it('takes a refusal that says "future" without code 4002 as a day not over yet: the poll does not fail, emits nothing and keeps its position', async () => {
		setClock('2026-03-12T06:00:00Z');
		const charged = await trigger({ eventName: 'Charged' });
		charged.restart({
			'node:Trigger': {
				position: { eventName: 'Charged', startDay: null, lastCoveredDay: 20260310 },
			},
		});
		sim().setFaults([{ kind: 'futureDateByMessage', at: 'post' }]);
		expect(await charged.poll()).toEqual({});
		expect(exportedDays()).toEqual([20260311]);
		expect(positionOf(charged)).toMatchObject({ lastCoveredDay: 20260310 });
	});

	describe('with damaged trigger state (the saved position edited while n8n was down)', () => {
		async function restartedWith(lastCoveredDay: unknown) {
			setClock('2026-03-12T06:00:00Z');
			const charged = await trigger({ eventName: 'Charged' });
			const position = { eventName: 'Charged', startDay: null, lastCoveredDay };
			charged.restart({ 'node:Trigger': { position } });
			sim().clearRequests();
			return charged;
		}

		it('reads a day stored as text as that day, and goes on from it', async () => {
			const charged = await restartedWith('20260310');
			expect(await pollDays(charged)).toEqual([20260311]);
		});

		it('fails the poll on an impossible day, naming it and pointing to Start Date', async () => {
			const outcome = await (await restartedWith(20241399)).poll();
			expect(outcome.error?.message).toMatch(/position is damaged: .*20241399/);
			expect(outcome.error?.description).toMatch(/Set the Start Date option/);
			expect(sim().requests).toEqual([]);
		});
	});
});
