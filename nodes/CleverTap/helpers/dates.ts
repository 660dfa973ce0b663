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

function parseString(text: string): CleverTapDay | undefined {
	const trimmed = text.trim();
	if (/^\d{8}$/.test(trimmed)) return fromParts(splitDigits(trimmed));
	const iso = ISO_DATE_PREFIX.exec(trimmed);
	if (!iso) return undefined;
	return fromParts({ year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) });
}

function hasCalendarParts(value: object): value is CalendarParts {
	const candidate = value as Partial<CalendarParts>;
	return (
		typeof candidate.year === 'number' &&
		typeof candidate.month === 'number' &&
		typeof candidate.day === 'number'
	);
}

/**
 * Reads what an n8n user can put in a date field: a picker value or ISO string, YYYYMMDD as text
 * or number, a JavaScript Date, or a Luxon DateTime from an expression like `$today`.
 */
export function toCleverTapDay(value: unknown, fieldName: string): CleverTapDay {
	let day: CleverTapDay | undefined;
	if (typeof value === 'number') {
		day = Number.isInteger(value) ? parseString(String(value)) : undefined;
	} else if (typeof value === 'string') {
		day = parseString(value);
	} else if (value instanceof Date) {
		day = Number.isNaN(value.getTime()) ? undefined : parseString(value.toISOString());
	} else if (value !== null && typeof value === 'object' && hasCalendarParts(value)) {
		// Luxon DateTime (n8n's $today, $now): its own calendar parts, in its own zone.
		day = fromParts(value);
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

/** YYYYMMDD of `now` in the time zone furthest ahead (UTC+14): no account's "today" is later. */
export function latestPossibleToday(now: Date): CleverTapDay {
	const aheadOfUtc = new Date(now.getTime() + 14 * 60 * 60 * 1000);
	return parseString(aheadOfUtc.toISOString()) as CleverTapDay;
}

export interface DayRange {
	from: CleverTapDay;
	to: CleverTapDay;
}

/** Reads and checks an inclusive day range the way CleverTap will judge it. */
export function toDayRange(fromValue: unknown, toValue: unknown, now: Date): DayRange {
	const from = toCleverTapDay(fromValue, 'From Date');
	const to = toCleverTapDay(toValue, 'To Date');
	if (from > to) {
		throw new InvalidParameterError(
			`From Date (${from}) is after To Date (${to})`,
			'The range is inclusive: set From Date on or before To Date.',
		);
	}
	if (to > latestPossibleToday(now)) {
		throw new InvalidParameterError(
			`To Date (${to}) is in the future`,
			"CleverTap refuses ranges that end after today (in your account's time zone). Use today or an earlier day.",
		);
	}
	return { from, to };
}
