import {
	daysToCover,
	lastCompleteDay,
	readPosition,
} from '../../../../nodes/CleverTap/helpers/pollSchedule';

describe('lastCompleteDay', () => {
	it.each([
		// The delay is played through the trigger (CleverTapTrigger.test.ts); here, the workflow's zone:
		// 03:00 UTC is 22:00 the day before in New York (UTC-5), 20:00 UTC is 05:00 the next day in
		// Tokyo (UTC+9).
		['2026-01-10T03:00:00Z', 'UTC', 2, 20260109],
		['2026-01-10T03:00:00Z', 'America/New_York', 2, 20260108],
		['2026-01-09T20:00:00Z', 'UTC', 2, 20260108],
		['2026-01-09T20:00:00Z', 'Asia/Tokyo', 2, 20260109],
	])(
		'at %s in %s, with a Delay of %i hours, the last complete day is %i',
		(now, zone, delayHours, expected) => {
			expect(lastCompleteDay(new Date(now), zone, delayHours)).toBe(expected);
		},
	);
});

const position = (lastCoveredDay: number, startDay: number | null = null) => ({
	eventName: 'Charged',
	startDay,
	lastCoveredDay,
});
const request = {
	eventName: 'Charged',
	startDay: null,
	maxDaysPerPoll: 7,
	lastCompleteDay: 20260309,
};

// First polls (with and without a Start Date), Max Days per Poll and catching up are played
// through the trigger in CleverTapTrigger.test.ts; these are the cases it does not reach.
it.each([
	['a Start Date still in the future covers nothing yet', { startDay: 20260320 }, []],
	[
		'a changed event starts over',
		{ eventName: 'App Launched', position: position(20260301) },
		[20260309],
	],
	[
		'a changed Start Date starts over from it',
		{ startDay: 20260305, position: position(20260301, 20260201) },
		[20260305, 20260306, 20260307, 20260308, 20260309],
	],
])('daysToCover: %s', (_label, change, expected) => {
	expect(daysToCover({ ...request, position: undefined, ...change })).toEqual(expected);
});

const saved = { eventName: 'Charged', startDay: null, lastCoveredDay: 20260309 };

it('readPosition reads the position the trigger saved', () => {
	expect(readPosition({ position: saved })).toEqual(saved);
});

it.each([
	['no position', {}],
	['a lastCoveredDay that is text', { position: { ...saved, lastCoveredDay: '20260309' } }],
	['a startDay that is not a day', { position: { ...saved, startDay: 'x' } }],
])('readPosition ignores static data with %s', (_label, staticData) => {
	expect(readPosition(staticData)).toBeUndefined();
});
