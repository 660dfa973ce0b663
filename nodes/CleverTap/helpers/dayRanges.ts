import type { CleverTapDay, DayRange } from './dates';

const DAY_MS = 24 * 60 * 60 * 1000;

function toDayNumber(day: CleverTapDay): number {
	return Date.UTC(Math.floor(day / 10000), (Math.floor(day / 100) % 100) - 1, day % 100) / DAY_MS;
}

function fromDayNumber(dayNumber: number): CleverTapDay {
	const date = new Date(dayNumber * DAY_MS);
	return date.getUTCFullYear() * 10000 + (date.getUTCMonth() + 1) * 100 + date.getUTCDate();
}

/** The day `days` calendar days after (or, negative, before) `day`. */
export function addDays(day: CleverTapDay, days: number): CleverTapDay {
	return fromDayNumber(toDayNumber(day) + days);
}

/** How many calendar days an inclusive range covers. */
export function daysIn({ from, to }: DayRange): number {
	return toDayNumber(to) - toDayNumber(from) + 1;
}

/**
 * Cuts an inclusive day range into at most `parts` contiguous, non-overlapping ranges of nearly
 * equal length that together cover it exactly (a range of fewer days gives fewer parts). "Who did
 * the event on days A..B" is the union of the answers for the parts.
 */
export function splitDayRange(range: DayRange, parts: number): DayRange[] {
	const first = toDayNumber(range.from);
	const total = daysIn(range);
	const count = Math.max(1, Math.min(parts, total));
	const ranges: DayRange[] = [];
	for (let part = 0; part < count; part++) {
		const start = first + Math.floor((part * total) / count);
		const end = first + Math.floor(((part + 1) * total) / count) - 1;
		ranges.push({ from: fromDayNumber(start), to: fromDayNumber(end) });
	}
	return ranges;
}
