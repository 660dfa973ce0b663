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

	const lateEveningInNewYork = DateTime.fromISO('2024-03-10T23:00:00', {
		zone: 'America/New_York',
	});
	it.each([
		// A Date and a Luxon DateTime in Auckland are played through a workflow in getByEvent.test.ts.
		['a Date', LOS_ANGELES, new Date('2024-01-10T03:00:00Z'), 20240109],
		['a Date', KIRITIMATI, new Date('2024-01-09T10:00:00Z'), 20240110],
		['a Date', KIRITIMATI, new Date('2024-01-09T09:59:59Z'), 20240109],
		['a Luxon DateTime made in another zone', LOS_ANGELES, lateEveningInNewYork, 20240310],
		// n8n builds $today in the workflow's zone: it stays that day.
		[
			'$today.minus(7, days)',
			AUCKLAND,
			DateTime.fromISO('2024-01-10', { zone: AUCKLAND }).minus({ days: 7 }),
			20240103,
		],
	])(
		'a moment counts as its day in the workflow zone: %s in %s',
		(_label, zone, moment, expected) => {
			expect(toCleverTapDay(moment, 'To Date', zone)).toBe(expected);
		},
	);

	it('refuses a workflow zone that does not exist, saying where to set it', () => {
		expect(() => toCleverTapDay(new Date(), 'To Date', 'Mars/Olympus_Mons')).toThrow(
			`The workflow's time zone "Mars/Olympus_Mons" is not a time zone n8n knows`,
		);
	});

	it.each([
		['nothing', ''],
		['null', null],
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
		expect(() => toCleverTapDay(input, 'From Date', AUCKLAND)).toThrow(
			expect.objectContaining({
				constructor: InvalidParameterError,
				message: expect.stringMatching(/^From Date: .* is not a date that can be read$/),
				hint: expect.stringMatching(/YYYY-MM-DD/),
			}),
		);
	});
});

describe('toDayRange', () => {
	const now = new Date('2024-06-15T12:00:00Z'); // the 16th in Kiritimati, the 15th in Los Angeles

	// CleverTap judges the days in its own zone, so only a To Date that has begun nowhere is refused.
	it("accepts a To Date that has begun in some zone, though not in the workflow's", () => {
		// Noon UTC on the 15th is already the 16th at UTC+14, whatever the workflow's zone.
		expect(toDayRange('2024-06-01', '2024-06-16', now, LOS_ANGELES).to).toBe(20240616);
	});

	it('refuses a To Date that has begun in no zone yet', () => {
		expect(() => toDayRange('2024-06-01', '2024-06-17', now, KIRITIMATI)).toThrow(
			'To Date (20240617) is in the future',
		);
	});

	it("accepts a Date To Date that is today in the workflow's zone, though tomorrow in UTC", () => {
		// 23:00 on the 15th in Los Angeles is already the 16th in UTC: it is today there, not the future.
		const lateTonightInLosAngeles = new Date('2024-06-16T06:00:00Z');
		const nowInLosAngeles = new Date('2024-06-16T05:00:00Z');
		expect(toDayRange('2024-06-01', lateTonightInLosAngeles, nowInLosAngeles, LOS_ANGELES).to).toBe(
			20240615,
		);
	});
});
