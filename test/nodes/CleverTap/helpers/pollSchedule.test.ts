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
	triggerOn: 'profilesDidEvent',
	eventName: 'Charged',
	startDay,
	lastCoveredDay,
});
const request = {
	triggerOn: 'profilesDidEvent',
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
		'a changed mode starts over: the days covered were of the other mode',
		{ triggerOn: 'eachEvent', position: position(20260301) },
		[20260309],
	],
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

const kept = {
	triggerOn: 'profilesDidEvent',
	eventName: 'Charged',
	startDay: null,
	lastCoveredDay: 20260309,
};
const { triggerOn: _mode, ...savedBeforeModes } = kept;

it.each<[string, unknown, unknown]>([
	['the position the trigger keeps', kept, kept],
	['no position yet', undefined, undefined],
	['a position saved before modes as one of Profiles Who Did an Event', savedBeforeModes, kept],
	['a day stored as text', { ...kept, lastCoveredDay: ' 20260309' }, kept],
	[
		'a start day stored as text',
		{ ...kept, startDay: '20260301' },
		{ ...kept, startDay: 20260301 },
	],
])('readPosition reads %s', (_label, position, expected) => {
	expect(readPosition({ position }, null)).toEqual(expected);
});

const damaged: Array<[string, unknown]> = [
	['an impossible day', { ...kept, lastCoveredDay: 20241399 }],
	['a day that is not YYYYMMDD', { ...kept, lastCoveredDay: '2026-03-09' }],
	['a start day that is no day', { ...kept, startDay: 'x' }],
	['no event name', { lastCoveredDay: 20260309, startDay: null }],
	['a mode that is not text', { ...kept, triggerOn: 1 }],
	['text instead of a position', 'yesterday'],
];

it.each(damaged)('readPosition refuses %s, naming what is stored', (_label, position) => {
	expect(() => readPosition({ position }, null)).toThrow(
		`The trigger's saved position is damaged: ${JSON.stringify(position)}`,
	);
});

it.each(damaged)('readPosition passes over %s when a Start Date is set', (_label, position) => {
	expect(readPosition({ position }, 20260301)).toBeUndefined();
});
