import { getGlobalState } from 'n8n-workflow';

import {
	budgetAllowsAnotherDay,
	daysToCover,
	isOverBudget,
	lastCompleteDay,
	readPosition,
	type PollPosition,
} from '../../../../nodes/CleverTap/helpers/pollSchedule';

describe('lastCompleteDay', () => {
	it('is yesterday once delayHours have passed since midnight, the day before until then', () => {
		expect(lastCompleteDay(new Date('2026-03-10T01:59:00Z'), 'UTC', 2)).toBe(20260308);
		expect(lastCompleteDay(new Date('2026-03-10T02:00:00Z'), 'UTC', 2)).toBe(20260309);
		expect(lastCompleteDay(new Date('2026-03-10T00:00:00Z'), 'UTC', 0)).toBe(20260309);
	});

	it("counts days in the workflow's time zone", () => {
		// 03:00 UTC on the 10th is 22:00 on the 9th in New York (UTC-5): two hours earlier, the 9th
		// has not ended there. 20:00 UTC on the 9th is already 05:00 on the 10th in Tokyo (UTC+9).
		expect(lastCompleteDay(new Date('2026-01-10T03:00:00Z'), 'UTC', 2)).toBe(20260109);
		expect(lastCompleteDay(new Date('2026-01-10T03:00:00Z'), 'America/New_York', 2)).toBe(20260108);
		expect(lastCompleteDay(new Date('2026-01-09T20:00:00Z'), 'UTC', 2)).toBe(20260108);
		expect(lastCompleteDay(new Date('2026-01-09T20:00:00Z'), 'Asia/Tokyo', 2)).toBe(20260109);
	});

	it('reads a workflow left on n8n\'s default zone ("DEFAULT") in that zone', () => {
		const now = new Date('2026-01-10T03:00:00Z');
		expect(lastCompleteDay(now, 'DEFAULT', 2)).toBe(
			lastCompleteDay(now, getGlobalState().defaultTimezone, 2),
		);
	});
});

describe('daysToCover', () => {
	const at = (lastCoveredDay: number, startDay: number | null = null): PollPosition => ({
		eventName: 'Charged',
		startDay,
		lastCoveredDay,
	});
	const request = { eventName: 'Charged', startDay: null, maxDaysPerPoll: 7 };

	it('first poll without a Start Date: only the last complete day, no backfill', () => {
		expect(daysToCover({ ...request, position: undefined, lastCompleteDay: 20260309 })).toEqual([
			20260309,
		]);
	});

	it('first poll with a Start Date: from it, oldest first, at most maxDaysPerPoll days', () => {
		expect(
			daysToCover({
				...request,
				position: undefined,
				startDay: 20260301,
				lastCompleteDay: 20260309,
				maxDaysPerPoll: 3,
			}),
		).toEqual([20260301, 20260302, 20260303]);
	});

	it('then every complete day after the last one covered, and none when no new day is complete', () => {
		const next = { ...request, lastCompleteDay: 20260309 };
		expect(daysToCover({ ...next, position: at(20260307) })).toEqual([20260308, 20260309]);
		expect(daysToCover({ ...next, position: at(20260309) })).toEqual([]);
	});

	it('a Start Date still in the future covers nothing yet', () => {
		expect(
			daysToCover({
				...request,
				position: undefined,
				startDay: 20260320,
				lastCompleteDay: 20260309,
			}),
		).toEqual([]);
	});

	it('starts over when the event or the Start Date changed since the position was kept', () => {
		const next = { ...request, lastCompleteDay: 20260309 };
		expect(daysToCover({ ...next, eventName: 'App Launched', position: at(20260301) })).toEqual([
			20260309,
		]);
		expect(daysToCover({ ...next, startDay: 20260305, position: at(20260301, 20260201) })).toEqual([
			20260305, 20260306, 20260307, 20260308, 20260309,
		]);
	});
});

describe('readPosition', () => {
	it('reads what the trigger keeps, and nothing else', () => {
		const position = { eventName: 'Charged', startDay: null, lastCoveredDay: 20260309 };
		expect(readPosition({ position })).toEqual(position);
		expect(readPosition({})).toBeUndefined();
		expect(readPosition({ position: { ...position, lastCoveredDay: '20260309' } })).toBeUndefined();
		expect(readPosition({ position: { ...position, startDay: 'x' } })).toBeUndefined();
	});
});

describe('the poll budget', () => {
	it('allows another day only when one as long as the longest so far still fits', () => {
		expect(
			budgetAllowsAnotherDay({ elapsedMs: 100_000, budgetMs: 300_000, longestDayMs: 90_000 }),
		).toBe(true);
		expect(
			budgetAllowsAnotherDay({ elapsedMs: 220_000, budgetMs: 300_000, longestDayMs: 90_000 }),
		).toBe(false);
	});

	it('is spent once the elapsed time reaches it', () => {
		expect(isOverBudget({ elapsedMs: 299_999, budgetMs: 300_000 })).toBe(false);
		expect(isOverBudget({ elapsedMs: 300_000, budgetMs: 300_000 })).toBe(true);
	});
});
