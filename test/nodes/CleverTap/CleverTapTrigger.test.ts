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

	type Poll = { outcome: PollOutcome; days: number[] };

	/** One scheduled poll: what it emitted, and the days it exported. */
	async function pollDays(polled: Trigger): Promise<Poll> {
		sim().clearRequests();
		const outcome = await polled.poll();
		return { outcome, days: exportedDays() };
	}

	/** Checks that each poll emitted exactly who did the event on the days it exported. */
	function expectEachEmitsWhoDidIt(polls: Poll[]) {
		for (const { outcome, days } of polls)
			expect(emittedIds(outcome)).toEqual(truth('Charged', days));
	}

	const positionOf = (polled: Trigger) =>
		(polled.savedStaticData()['node:Trigger'] as IDataObject | undefined)?.position;

	/**
	 * Each describe plays its polls once, in its beforeAll: useSimulator clears requests and faults
	 * (and the beforeEach above resets the clock) before each test, which is after a beforeAll.
	 */
	function startClean() {
		sim().clearRequests();
		sim().setFaults([]);
		simulatorClock = () => Date.now();
	}

	describe('polling day after day, then restarted after days of downtime', () => {
		let first: Poll;
		let sameDay: PollOutcome;
		let requestsOnSameDay: unknown[];
		let beforeDelay: PollOutcome;
		let requestsBeforeDelay: unknown[];
		let afterDelay: Poll;
		let position: unknown;
		let catchUp: Poll;
		let rest: Poll;
		let caughtUp: PollOutcome;
		beforeAll(async () => {
			startClean();
			setClock('2026-03-10T06:00:00Z');
			const charged = await trigger({ eventName: 'Charged' });
			expect(truth('Charged', [20260309]).length).toBeGreaterThan(0);
			first = await pollDays(charged);

			sim().clearRequests();
			sameDay = await charged.poll();
			requestsOnSameDay = [...sim().requests];
			setClock('2026-03-11T01:59:00Z'); // the 10th ended, but less than Delay (2 hours) ago
			beforeDelay = await charged.poll();
			requestsBeforeDelay = sim().requests.slice(requestsOnSameDay.length);

			setClock('2026-03-11T02:00:00Z');
			afterDelay = await pollDays(charged);
			position = positionOf(charged);

			charged.restart();
			setClock('2026-03-20T06:00:00Z'); // nine more complete days: the 11th to the 19th
			catchUp = await pollDays(charged);
			rest = await pollDays(charged);
			caughtUp = await charged.poll();
		});

		it('covers only the last complete day on its first poll (no backfill)', () => {
			expect(first.days).toEqual([20260309]);
		});

		it('emits exactly who did the event on the days each poll covered', () => {
			expectEachEmitsWhoDidIt([first, afterDelay, catchUp, rest]);
		});

		it('asks nothing and emits nothing when polled again the same day', () => {
			expect(sameDay).toEqual({});
			expect(requestsOnSameDay).toEqual([]);
		});

		it('asks nothing and emits nothing for a day that ended less than Delay ago', () => {
			expect(beforeDelay).toEqual({});
			expect(requestsBeforeDelay).toEqual([]);
		});

		it('covers that day once Delay has passed', () => {
			expect(afterDelay.days).toEqual([20260310]);
		});

		it('saves the last day covered as its position', () => {
			expect(position).toEqual({
				triggerOn: 'profilesDidEvent',
				eventName: 'Charged',
				startDay: null,
				lastCoveredDay: 20260310,
			});
		});

		it('after a restart, catches up oldest first, Max Days per Poll (7) at a time', () => {
			expect(catchUp.days).toEqual([
				20260311, 20260312, 20260313, 20260314, 20260315, 20260316, 20260317,
			]);
		});

		it('covers the days left on the next poll', () => {
			expect(rest.days).toEqual([20260318, 20260319]);
		});

		it('emits nothing once it has caught up', () => {
			expect(caughtUp).toEqual({});
		});
	});

	describe('Each Event, over a position kept by Profiles Who Did an Event', () => {
		const eventsOn = (days: number[]) =>
			days.flatMap((day) => sim().dataset.eventsFor('Charged', day, day));
		let sample: PollOutcome;
		let first: Poll;
		let firstPaths: string[];
		let position: unknown;
		let second: Poll;
		let caughtUp: PollOutcome;
		// The simulator's event times on a past day move when its today does: truth as each poll saw it.
		let firstTruth: unknown[];
		let secondTruth: Array<{ profile: { objectId: string } }>;
		beforeAll(async () => {
			startClean();
			setClock('2026-03-10T06:00:00Z');
			const each = await trigger({ triggerOn: 'eachEvent', eventName: 'Charged' });
			// Saved before modes existed, so without triggerOn: days of the other mode.
			each.restart({
				'node:Trigger': {
					position: { eventName: 'Charged', startDay: null, lastCoveredDay: 20260301 },
				},
			});
			sample = await each.fetchTestEvent();
			first = await pollDays(each);
			firstTruth = eventsOn([20260309]);
			firstPaths = sim().requests.map((request) => request.path);
			position = positionOf(each);
			setClock('2026-03-12T06:00:00Z');
			second = await pollDays(each);
			secondTruth = eventsOn([20260310, 20260311]);
			caughtUp = await each.poll();
		});

		const emittedRecords = ({ emitted }: PollOutcome) => emitted?.map(({ json }) => json);

		it('Fetch Test Event emits the first 10 events of the last complete day', () => {
			expect(emittedRecords(sample)).toEqual(firstTruth.slice(0, 10));
		});

		it("starts over at the last complete day: the other mode's position does not count", () => {
			expect(first.days).toEqual([20260309]);
		});

		it('exports through Get Events (/1/events.json)', () => {
			expect(new Set(firstPaths)).toEqual(new Set(['/1/events.json']));
		});

		it('emits every event of each day covered exactly once, in order', () => {
			expect(emittedRecords(first.outcome)).toEqual(firstTruth);
			expect(emittedRecords(second.outcome)).toEqual(secondTruth);
		});

		it('emits a person once per event they did', () => {
			const people = new Set(secondTruth.map((event) => event.profile.objectId));
			expect(people.size).toBeLessThan(second.outcome.emitted?.length ?? 0);
		});

		it('saves its mode with its position', () => {
			expect(position).toEqual({
				triggerOn: 'eachEvent',
				eventName: 'Charged',
				startDay: null,
				lastCoveredDay: 20260309,
			});
		});

		it('covers the days completed since, none twice, then nothing', () => {
			expect(second.days).toEqual([20260310, 20260311]);
			expect(caughtUp).toEqual({});
		});
	});

	describe("Each Event, with a first day that does not fit in the poll's time budget", () => {
		let failed: PollOutcome;
		beforeAll(async () => {
			startClean();
			setClock('2026-03-10T06:00:00Z');
			const each = await trigger(
				{ triggerOn: 'eachEvent', eventName: 'Charged' },
				{ pollBudgetMs: 0 },
			);
			failed = await each.poll();
		});

		it('points to Event Get Many with One File', () => {
			expect(failed.error?.description).toMatch(/Event "Get Many" with Output "One File"/);
		});
	});

	describe('Each Event, with Max Items per Poll below what two days hold', () => {
		const countOn = (day: number) => sim().dataset.eventsFor('Charged', day, day).length;
		let cap: number;
		let first: Poll;
		let second: Poll;
		let tooLarge: PollOutcome;
		beforeAll(async () => {
			startClean();
			setClock('2026-03-12T06:00:00Z');
			cap = Math.max(countOn(20260310), countOn(20260311));
			expect(countOn(20260310) + countOn(20260311)).toBeGreaterThan(cap);
			const each = await trigger({
				triggerOn: 'eachEvent',
				eventName: 'Charged',
				options: { startDate: '2026-03-10', maxItemsPerPoll: cap },
			});
			first = await pollDays(each);
			second = await pollDays(each);
			const small = await trigger({
				triggerOn: 'eachEvent',
				eventName: 'Charged',
				options: { maxItemsPerPoll: 1 },
			});
			tooLarge = await small.poll();
		});

		it('stops a catch-up before the day that would pass it', () => {
			expect(first.days).toEqual([20260310, 20260311]); // the 11th was asked, then left
			expect(first.outcome.emitted).toHaveLength(countOn(20260310));
		});

		it('covers that day on the next poll', () => {
			expect(second.days).toEqual([20260311]);
			expect(second.outcome.emitted).toHaveLength(countOn(20260311));
		});

		it('fails a poll whose first day alone passes it, naming the limit', () => {
			expect(tooLarge.error?.message).toMatch(/holds more than Max Items per Poll \(1\) events$/);
		});

		it('points to Event Get Many with One File for such a day', () => {
			expect(tooLarge.error?.description).toMatch(/Event "Get Many" with Output "One File"/);
		});
	});

	describe('Fetch Test Event, a poll failing in one of its exports, then the next poll', () => {
		let sample: PollOutcome;
		let failed: PollOutcome;
		let failedDays: number[];
		let position: unknown;
		let next: Poll;
		beforeAll(async () => {
			startClean();
			setClock('2026-03-25T06:00:00Z');
			// From a Start Date: the 23rd fits on one page of 23, the 24th needs two.
			expect(truth('Charged', [20260323]).length).toBeLessThanOrEqual(23);
			expect(truth('Charged', [20260324]).length).toBeGreaterThan(23);
			const charged = await trigger({
				eventName: 'Charged',
				options: { startDate: '2026-03-23', batchSize: 23, maxRetries: 0 },
			});
			sample = await charged.fetchTestEvent();
			sim().clearRequests();

			sim().setFaults([{ kind: 'serverError500', at: 2 }]);
			failed = await charged.poll();
			failedDays = exportedDays();
			position = positionOf(charged);

			next = await pollDays(charged);
		});

		it('Fetch Test Event emits at most 10 profiles of the last complete day', () => {
			expect(emittedIds(sample)).toEqual(truth('Charged', [20260324]).slice(0, 10));
		});

		it('the failed poll emits nothing', () => {
			expect(failed.emitted).toBeUndefined();
		});

		it("the failed poll reports CleverTap's error", () => {
			expect(failed.error?.message).toMatch(/^CleverTap: Internal Server Error/);
		});

		it('the failed poll had asked for each day from the Start Date', () => {
			expect(failedDays).toEqual([20260323, 20260324]);
		});

		it('neither Fetch Test Event nor the failed poll saves a position', () => {
			expect(position).toBeUndefined();
		});

		it('the next poll covers the same days', () => {
			expect(next.days).toEqual([20260323, 20260324]);
		});

		it('the next poll emits exactly who did the event on them', () => {
			expectEachEmitsWhoDidIt([next]);
		});
	});

	describe('an event nobody did on the days polled', () => {
		let sample: PollOutcome;
		let polls: PollOutcome[];
		let days: number[];
		beforeAll(async () => {
			startClean();
			setClock('2026-03-10T06:00:00Z');
			expect(truth('App Installed', [20260309, 20260310])).toEqual([]);
			const installs = await trigger({ eventName: 'App Installed' });
			sample = await installs.fetchTestEvent();
			sim().clearRequests();
			polls = [await installs.poll(), await installs.poll()];
			setClock('2026-03-11T06:00:00Z');
			polls.push(await installs.poll());
			days = exportedDays();
		});

		it('Fetch Test Event says nobody did it on the last complete day', () => {
			expect(sample.error?.message).toBe(
				'No profile did "App Installed" on 2026-03-09, the last complete day',
			);
		});

		it('its polls emit nothing', () => {
			expect(polls).toEqual([{}, {}, {}]);
		});

		it('covers each such day once', () => {
			expect(days).toEqual([20260309, 20260310]);
		});
	});

	describe('two polls that overlap in time (a slow poll meets the next one), Simplify on', () => {
		let outcomes: PollOutcome[];
		let infoLines: string[];
		let days: number[];
		beforeAll(async () => {
			startClean();
			setClock('2026-03-10T06:00:00Z');
			const charged = await trigger({ eventName: 'Charged', simplify: true });
			harnessLogger().clear();
			outcomes = await charged.pollTwiceAtOnce();
			infoLines = harnessLogger().messages('info');
			days = exportedDays();
		});
		const emitted = () => outcomes.flatMap((outcome) => outcome.emitted ?? []);
		const profiles = () => sim().dataset.profilesFor('Charged', 20260309, 20260309);

		it('the second logs that it skips', () => {
			expect(infoLines).toContain(
				'CleverTap Trigger: the previous poll is still running; this one skips',
			);
		});

		it('neither fails', () => {
			expect(outcomes.every((outcome) => outcome.error === undefined)).toBe(true);
		});

		it('export the day once', () => {
			expect(days).toEqual([20260309]);
		});

		it("together emit each of the day's profiles once", () => {
			expect(emitted().map(({ json }) => json.cleverTapId)).toEqual(
				profiles().map((profile) => profile.platformInfo[0].objectId),
			);
		});

		it('give each simplified profile the count of the exported event', () => {
			expect(emitted().map(({ json }) => json.eventCount)).toEqual(
				profiles().map((profile) => profile.events.Charged.count),
			);
		});
	});

	describe('with Max Days per Poll 0', () => {
		let refused: PollOutcome;
		let requests: unknown[];
		beforeAll(async () => {
			startClean();
			setClock('2026-03-10T06:00:00Z');
			const refusing = await trigger({ eventName: 'Charged', options: { maxDaysPerPoll: 0 } });
			refused = await refusing.poll();
			requests = [...sim().requests];
		});

		it('refuses the setting as a NodeOperationError', () => {
			expect(refused.error?.name).toBe('NodeOperationError');
			expect(refused.error?.message).toMatch(/^Max Days per Poll must be/);
		});

		it('asks CleverTap nothing', () => {
			expect(requests).toEqual([]);
		});
	});

	describe("with a first day that does not fit in the poll's time budget", () => {
		let failed: PollOutcome;
		let position: unknown;
		beforeAll(async () => {
			startClean();
			setClock('2026-03-10T06:00:00Z');
			const tooSmall = await trigger({ eventName: 'Charged' }, { pollBudgetMs: 0 });
			failed = await tooSmall.poll();
			position = positionOf(tooSmall);
		});

		it('emits nothing', () => {
			expect(failed.emitted).toBeUndefined();
		});

		it('fails, saying one day takes longer than one poll may run', () => {
			expect(failed.error?.message).toMatch(
				/^Exporting one day of "Charged" \(2026-03-09\) takes longer than one poll may run/,
			);
		});

		it('points to Get by Event with One File under a Schedule Trigger', () => {
			expect(failed.error?.description).toMatch(/Get by Event.*One File.*Schedule Trigger/);
		});

		it('saves no position', () => {
			expect(position).toBeUndefined();
		});
	});

	describe('when CleverTap is slow, so a catch-up does not fit in one poll', () => {
		let first: Poll;
		let position: unknown;
		let next: Poll;
		beforeAll(async () => {
			startClean();
			// Every time the simulator looks at its clock (several times per request), 20 seconds pass.
			simulatorClock = () => {
				jest.setSystemTime(Date.now() + 20_000);
				return Date.now();
			};
			setClock('2026-03-20T06:00:00Z');
			const charged = await trigger({ eventName: 'Charged', options: { startDate: '2026-03-10' } });
			first = await pollDays(charged);
			position = positionOf(charged);
			next = await pollDays(charged);
		});

		it('stops after the day in progress when the budget nears its end', () => {
			expect(first.days.length).toBeGreaterThan(1);
			expect(first.days.length).toBeLessThan(7);
		});

		it('emits exactly who did the event on the days each poll covered', () => {
			expectEachEmitsWhoDidIt([first, next]);
		});

		it('saves the last day it covered as its position', () => {
			expect(position).toMatchObject({ lastCoveredDay: first.days[first.days.length - 1] });
		});

		it('the next poll goes on from the day after', () => {
			expect(next.days[0]).toBe(first.days[first.days.length - 1] + 1);
		});
	});

	// The account's day is UTC-12's; the workflow's is Kiribati's (UTC+14).
	describe("with the account's time zone behind the workflow's", () => {
		let first: Poll;
		let lastStatus: number | undefined;
		let position: unknown;
		let later: Poll;
		beforeAll(async () => {
			startClean();
			simulatorClock = () => Date.now() - 12 * 3_600_000;
			// 10:30 UTC: the 10th has ended in Kiribati, but it is still the 9th for the account.
			setClock('2026-03-10T10:30:00Z');
			const charged = await trigger(
				{ eventName: 'Charged', options: { startDate: '2026-03-09', delayHours: 0 } },
				{ timezone: 'Pacific/Kiritimati' },
			);
			first = await pollDays(charged);
			lastStatus = sim().requests.at(-1)?.status;
			position = positionOf(charged);

			setClock('2026-03-10T12:30:00Z'); // now the 10th for the account too
			later = await pollDays(charged);
		});

		it("asks for each day complete in the workflow's zone", () => {
			expect(first.days).toEqual([20260309, 20260310]);
		});

		it('meets CleverTap calling the 10th future (code 4002, HTTP 400)', () => {
			expect(lastStatus).toBe(400);
		});

		it('emits who did the event on the days before it', () => {
			expect(emittedIds(first.outcome)).toEqual(truth('Charged', [20260309]));
		});

		it('keeps the position before it', () => {
			expect(position).toMatchObject({ lastCoveredDay: 20260309 });
		});

		it('covers it once it has begun for the account', () => {
			expect(later.days).toEqual([20260310]);
		});

		it('then emits exactly who did the event on it', () => {
			expectEachEmitsWhoDidIt([later]);
		});
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
			const poll = await pollDays(await restartedWith('20260310'));
			expect(poll.days).toEqual([20260311]);
			expectEachEmitsWhoDidIt([poll]);
		});

		it('fails the poll on an impossible day, naming it and pointing to Start Date', async () => {
			const outcome = await (await restartedWith(20241399)).poll();
			expect(outcome.error?.message).toMatch(/position is damaged: .*20241399/);
			expect(outcome.error?.description).toMatch(/Set the Start Date option/);
			expect(sim().requests).toEqual([]);
		});
	});
});
