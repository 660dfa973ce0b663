import { daysIn, splitDayRange } from '../../../../nodes/CleverTap/helpers/dayRanges';

const cases: Array<[{ from: number; to: number }, number]> = [
	[{ from: 20240101, to: 20240131 }, 3],
	[{ from: 20240215, to: 20240315 }, 3], // across a leap-year February
	[{ from: 20231230, to: 20240102 }, 2], // across a year
	[{ from: 20240101, to: 20240102 }, 3], // fewer days than parts
	[{ from: 20240229, to: 20240229 }, 3], // one day stays whole
];

it.each(cases)(
	'splitDayRange cuts %p into %i parts, or one per day if it has fewer',
	(range, parts) => {
		expect(splitDayRange(range, parts).length).toBe(Math.min(parts, daysIn(range)));
	},
);

it.each(cases)(
	"splitDayRange's parts of %p (%i asked) cover it day after day, each day once",
	(range, parts) => {
		const pieces = splitDayRange(range, parts);

		expect(pieces[0].from).toBe(range.from);
		expect(pieces[pieces.length - 1].to).toBe(range.to);
		expect(pieces.reduce((sum, piece) => sum + daysIn(piece), 0)).toBe(daysIn(range));
		for (let i = 1; i < pieces.length; i++) {
			expect(daysIn({ from: pieces[i - 1].to, to: pieces[i].from })).toBe(2);
		}
	},
);
