import { DateTime } from 'luxon';

import { toCleverTapDay, toDayRange } from '../../../../nodes/CleverTap/helpers/dates';
import { InvalidParameterError } from '../../../../nodes/CleverTap/helpers/InvalidParameterError';

const AUCKLAND = 'Pacific/Auckland'; // UTC+13 in January
const KIRITIMATI = 'Pacific/Kiritimati'; // UTC+14, the first zone into each day
const LOS_ANGELES = 'America/Los_Angeles'; // UTC-8 in January

describe('toCleverTapDay', () => {
	it.each([
		['a YYYYMMDD number', 20240131, 20240131],
		['YYYYMMDD text', ' 20240131 ', 20240131],
		['an ISO date', '2024-01-31', 20240131],
		['a date-picker value', '2024-01-31T00:00:00', 20240131],
		['a leap day', '2024-02-29', 20240229],
		['a date-time with an offset, by its written day', '2024-01-31T23:30:00-05:00', 20240131],
		['a UTC date-time, by its written day', '2024-01-09T15:00:00Z', 20240109],
	])('reads %s, whatever the workflow zone', (_label, input, expected) => {
		for (const zone of [AUCKLAND, KIRITIMATI, LOS_ANGELES, 'UTC']) {
			expect(toCleverTapDay(input, 'From Date', zone)).toBe(expected);
		}
	});

	describe('a moment in time counts as its day in the workflow zone', () => {
		it.each([
			// 15:00 UTC on the 9th is the 10th in Auckland, still the 9th in Los Angeles.
			[AUCKLAND, new Date('2024-01-09T15:00:00Z'), 20240110],
			['UTC', new Date('2024-01-09T15:00:00Z'), 20240109],
			[LOS_ANGELES, new Date('2024-01-10T03:00:00Z'), 20240109],
			[KIRITIMATI, new Date('2024-01-09T10:00:00Z'), 20240110],
			[KIRITIMATI, new Date('2024-01-09T09:59:59Z'), 20240109],
		])('a JavaScript Date in %s', (zone, moment, expected) => {
			expect(toCleverTapDay(moment, 'To Date', zone)).toBe(expected);
		});

		it('a Luxon DateTime, whatever zone it was made in', () => {
			const lateEveningInNewYork = DateTime.fromISO('2024-03-10T23:00:00', {
				zone: 'America/New_York',
			});
			expect(toCleverTapDay(lateEveningInNewYork, 'To Date', 'America/New_York')).toBe(20240310);
			expect(toCleverTapDay(lateEveningInNewYork, 'To Date', AUCKLAND)).toBe(20240311);
			expect(toCleverTapDay(lateEveningInNewYork, 'To Date', LOS_ANGELES)).toBe(20240310);
		});

		it("$today made in the workflow zone stays that day (n8n builds it in the workflow's zone)", () => {
			const todayInAuckland = DateTime.fromISO('2024-01-10', { zone: AUCKLAND });
			expect(toCleverTapDay(todayInAuckland, 'From Date', AUCKLAND)).toBe(20240110);
			expect(toCleverTapDay(todayInAuckland.minus({ days: 7 }), 'From Date', AUCKLAND)).toBe(
				20240103,
			);
		});

		it('refuses a workflow zone that does not exist, saying where to set it', () => {
			expect(() => toCleverTapDay(new Date(), 'To Date', 'Mars/Olympus_Mons')).toThrow(
				`The workflow's time zone "Mars/Olympus_Mons" is not a time zone n8n knows`,
			);
		});
	});

	it.each([
		['nothing', ''],
		['undefined', undefined],
		['null', null],
		['words', 'last tuesday'],
		['an impossible day', '2023-02-29'],
		['an impossible month', '20241301'],
		['epoch seconds', 1706659200],
		['a fraction', 20240131.5],
		['an invalid Date', new Date('nope')],
		['an invalid DateTime', DateTime.fromISO('nope')],
		['a short number', 2024131],
		['a boolean', true],
		['a plain object with date parts', { year: 2024, month: 1, day: 31 }],
	])('refuses %s with a message naming the field and a hint', (_label, input) => {
		let thrown: unknown;
		try {
			toCleverTapDay(input, 'From Date', AUCKLAND);
		} catch (error) {
			thrown = error;
		}
		expect(thrown).toBeInstanceOf(InvalidParameterError);
		expect((thrown as InvalidParameterError).message).toMatch(
			/^From Date: .* is not a date that can be read$/,
		);
		expect((thrown as InvalidParameterError).hint).toMatch(/YYYY-MM-DD/);
	});
});

describe('toDayRange', () => {
	const now = new Date('2024-06-15T12:00:00Z'); // the 16th in Kiritimati, the 15th in Los Angeles

	it('returns both days as YYYYMMDD integers, a one-day range included', () => {
		expect(toDayRange('2024-01-01', 20240131, now, 'UTC')).toEqual({
			from: 20240101,
			to: 20240131,
		});
		expect(toDayRange('2024-01-05', '2024-01-05', now, 'UTC')).toEqual({
			from: 20240105,
			to: 20240105,
		});
	});

	it('refuses from after to', () => {
		expect(() => toDayRange('2024-02-01', '2024-01-31', now, 'UTC')).toThrow(
			'From Date (20240201) is after To Date (20240131)',
		);
	});

	it('refuses only a To Date that has begun nowhere: CleverTap judges the rest in its own zone', () => {
		// Noon UTC on the 15th is already the 16th at UTC+14, whatever the workflow's zone.
		expect(toDayRange('2024-06-01', '2024-06-16', now, LOS_ANGELES).to).toBe(20240616);

		let thrown: unknown;
		try {
			toDayRange('2024-06-01', '2024-06-17', now, KIRITIMATI);
		} catch (error) {
			thrown = error;
		}
		expect((thrown as InvalidParameterError).message).toBe('To Date (20240617) is in the future');
	});

	it('reads a Date To Date and today by the same rule', () => {
		// 23:00 on the 15th in Los Angeles is already the 16th in UTC: it is today there, not the future.
		const lateTonightInLosAngeles = new Date('2024-06-16T06:00:00Z');
		const nowInLosAngeles = new Date('2024-06-16T05:00:00Z');
		expect(toDayRange('2024-06-01', lateTonightInLosAngeles, nowInLosAngeles, LOS_ANGELES).to).toBe(
			20240615,
		);
	});
});
