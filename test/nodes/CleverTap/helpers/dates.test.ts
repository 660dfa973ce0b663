import { DateTime } from 'luxon';

import {
	latestPossibleToday,
	toCleverTapDay,
	toDayRange,
} from '../../../../nodes/CleverTap/helpers/dates';
import { InvalidParameterError } from '../../../../nodes/CleverTap/helpers/InvalidParameterError';

describe('toCleverTapDay', () => {
	it.each([
		['a YYYYMMDD number', 20240131, 20240131],
		['YYYYMMDD text', '20240131', 20240131],
		['YYYYMMDD text with spaces', ' 20240131 ', 20240131],
		['an ISO date', '2024-01-31', 20240131],
		['a date-picker value', '2024-01-31T00:00:00', 20240131],
		[
			'an ISO date-time in another zone, keeping its written day',
			'2024-01-31T23:30:00.000-05:00',
			20240131,
		],
		['a leap day', '2024-02-29', 20240229],
		['a Date, by its UTC day', new Date(Date.UTC(2024, 0, 31, 12)), 20240131],
	])('reads %s', (_label, input, expected) => {
		expect(toCleverTapDay(input, 'From Date')).toBe(expected);
	});

	it('reads a Luxon DateTime (what $today gives) by its own calendar day, not UTC', () => {
		const lateEveningInNewYork = DateTime.fromISO('2024-03-10T23:00:00', {
			zone: 'America/New_York',
		});
		expect(toCleverTapDay(lateEveningInNewYork, 'To Date')).toBe(20240310);
		expect(toCleverTapDay(DateTime.fromISO('2024-03-10').minus({ days: 7 }), 'To Date')).toBe(
			20240303,
		);
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
		['a short number', 2024131],
		['a boolean', true],
		['a plain object', { when: 'today' }],
	])('refuses %s with a message naming the field and a hint', (_label, input) => {
		let thrown: unknown;
		try {
			toCleverTapDay(input, 'From Date');
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
	const now = new Date(Date.UTC(2024, 5, 15, 12)); // 2024-06-15 noon UTC

	it('returns both days as YYYYMMDD integers', () => {
		expect(toDayRange('2024-01-01', 20240131, now)).toEqual({ from: 20240101, to: 20240131 });
	});

	it('accepts a one-day range', () => {
		expect(toDayRange('2024-01-05', '2024-01-05', now)).toEqual({ from: 20240105, to: 20240105 });
	});

	it('refuses from after to', () => {
		expect(() => toDayRange('2024-02-01', '2024-01-31', now)).toThrow(
			'From Date (20240201) is after To Date (20240131)',
		);
	});

	it('accepts today, and tomorrow where some time zone is already there', () => {
		expect(toDayRange('2024-06-01', '2024-06-15', now).to).toBe(20240615);
		expect(toDayRange('2024-06-01', '2024-06-16', now).to).toBe(20240616);
	});

	it('refuses a To Date after the latest possible today', () => {
		expect(() => toDayRange('2024-06-01', '2024-06-17', now)).toThrow(
			'To Date (20240617) is in the future',
		);
	});
});

describe('latestPossibleToday', () => {
	it('is the date in UTC+14', () => {
		expect(latestPossibleToday(new Date(Date.UTC(2024, 11, 31, 9, 59)))).toBe(20241231);
		expect(latestPossibleToday(new Date(Date.UTC(2024, 11, 31, 10, 0)))).toBe(20250101);
	});
});
