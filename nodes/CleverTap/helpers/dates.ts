import { DateTime } from 'luxon';

import { InvalidParameterError } from './InvalidParameterError';

/** A calendar day as CleverTap wants it: the integer YYYYMMDD. */
export type CleverTapDay = number;

const DATE_HINT =
	'Use a date from the picker, YYYY-MM-DD, YYYYMMDD, or an expression such as {{ $today.minus(7, "days") }}.';

interface CalendarParts {
	year: number;
	month: number;
	day: number;
}

function isValidCalendarDay({ year, month, day }: CalendarParts): boolean {
	if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
	if (year < 1970 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
	const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
	return day <= daysInMonth;
}

function fromParts(parts: CalendarParts): CleverTapDay | undefined {
	return isValidCalendarDay(parts) ? parts.year * 10000 + parts.month * 100 + parts.day : undefined;
}

function splitDigits(yyyymmdd: string): CalendarParts {
	return {
		year: Number(yyyymmdd.slice(0, 4)),
		month: Number(yyyymmdd.slice(4, 6)),
		day: Number(yyyymmdd.slice(6, 8)),
	};
}

// The calendar date as written: "2024-01-31T23:30:00-05:00" is the 31st, because CleverTap
// counts days in the account's time zone, not in UTC.
const ISO_DATE_PREFIX = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/;

/** A day written as text (YYYYMMDD, or an ISO date or date-time), or undefined. */
export function parseDayText(text: string): CleverTapDay | undefined {
	const trimmed = text.trim();
	if (/^\d{8}$/.test(trimmed)) return fromParts(splitDigits(trimmed));
	const iso = ISO_DATE_PREFIX.exec(trimmed);
	if (!iso) return undefined;
	return fromParts({ year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) });
}

/** The calendar day a moment (epoch milliseconds) falls on in a time zone (IANA name). */
function dayOfMoment(epochMs: number, zone: string): CleverTapDay | undefined {
	if (!DateTime.fromMillis(0, { zone }).isValid) {
		throw new InvalidParameterError(
			`The workflow's time zone "${zone}" is not a time zone n8n knows`,
			"Choose a time zone in the workflow's settings (Settings > Timezone).",
		);
	}
	const local = DateTime.fromMillis(epochMs, { zone });
	return local.isValid ? fromParts(local) : undefined;
}

/** The calendar day an instant falls on in a time zone (IANA name). */
export function dayInTimeZone(instant: Date, timeZone: string): CleverTapDay {
	return dayOfMoment(instant.getTime(), timeZone) as CleverTapDay;
}

/**
 * Reads what an n8n user can put in a date field. Text (a picker value, an ISO date or
 * date-time, YYYYMMDD) and YYYYMMDD numbers keep the day they spell, whatever offset they carry.
 * A moment in time (a JavaScript Date, a Luxon DateTime such as `$today` or `$now`) counts as
 * the day it is in the workflow's time zone, the zone n8n's own expressions work in.
 */
export function toCleverTapDay(value: unknown, fieldName: string, timeZone: string): CleverTapDay {
	let day: CleverTapDay | undefined;
	if (typeof value === 'number') {
		day = Number.isInteger(value) ? parseDayText(String(value)) : undefined;
	} else if (typeof value === 'string') {
		day = parseDayText(value);
	} else if (value instanceof Date) {
		day = Number.isNaN(value.getTime()) ? undefined : dayOfMoment(value.getTime(), timeZone);
	} else if (DateTime.isDateTime(value)) {
		// isDateTime, not instanceof: expressions build DateTimes with n8n's own copy of Luxon.
		day = value.isValid ? dayOfMoment(value.toMillis(), timeZone) : undefined;
	}

	if (day === undefined) {
		const shown = value === undefined || value === '' ? 'nothing' : `"${String(value)}"`;
		throw new InvalidParameterError(
			`${fieldName}: ${shown} is not a date that can be read`,
			DATE_HINT,
		);
	}
	return day;
}

export interface DayRange {
	from: CleverTapDay;
	to: CleverTapDay;
}

/** UTC+14 (the sign of Etc zones is inverted): no place on Earth has a later "today". */
const FURTHEST_AHEAD_ZONE = 'Etc/GMT-14';

/** Reads and checks an inclusive day range. */
export function toDayRange(
	fromValue: unknown,
	toValue: unknown,
	now: Date,
	timeZone: string,
): DayRange {
	const from = toCleverTapDay(fromValue, 'From Date', timeZone);
	const to = toCleverTapDay(toValue, 'To Date', timeZone);
	if (from > to) {
		throw new InvalidParameterError(
			`From Date (${from}) is after To Date (${to})`,
			'The range is inclusive: set From Date on or before To Date.',
		);
	}
	// Only a day that has begun nowhere is certainly refused: the account's zone is not known here,
	// and CleverTap's own refusal (code 4002) covers the rest with its advice.
	const latestToday = dayInTimeZone(now, FURTHEST_AHEAD_ZONE);
	if (to > latestToday) {
		throw new InvalidParameterError(
			`To Date (${to}) is in the future`,
			"It has not begun anywhere yet, and CleverTap refuses ranges that end after today in your account's time zone. Use today or an earlier day.",
		);
	}
	return { from, to };
}
