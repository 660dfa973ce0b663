/**
 * Dates as CleverTap's export takes them: integers YYYYMMDD, whole days, inclusive.
 * The simulated account's time zone is UTC, so "a day" is a UTC day everywhere in the simulator.
 */

const MS_PER_DAY = 86_400_000;

/** Day 0 of the simulated history. The fixed history is 2024-01-01..2025-12-31; activity goes on after it up to the simulator's today (activity.ts). */
export const HISTORY_START = 20240101;
export const HISTORY_END = 20251231;
const HISTORY_START_MS = Date.UTC(2024, 0, 1);

/**
 * True for an integer that names a real calendar day, e.g. 20240229 but not 20230229.
 * Epoch seconds (1704067200) and strings ("20240101") are rejected, like the real API rejects them.
 */
export function isCalendarDate(value: unknown): value is number {
	if (typeof value !== 'number' || !Number.isInteger(value)) return false;
	if (value < 19000101 || value > 29991231) return false;
	const year = Math.floor(value / 10000);
	const month = Math.floor(value / 100) % 100;
	const day = value % 100;
	const date = new Date(Date.UTC(year, month - 1, day));
	return (
		date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
	);
}

/** Days since 2024-01-01 (negative before it). */
export function dayNumber(yyyymmdd: number): number {
	const year = Math.floor(yyyymmdd / 10000);
	const month = Math.floor(yyyymmdd / 100) % 100;
	const day = yyyymmdd % 100;
	return Math.round((Date.UTC(year, month - 1, day) - HISTORY_START_MS) / MS_PER_DAY);
}

export function dateOfDayNumber(day: number): number {
	const date = new Date(HISTORY_START_MS + day * MS_PER_DAY);
	return date.getUTCFullYear() * 10000 + (date.getUTCMonth() + 1) * 100 + date.getUTCDate();
}

export function epochSecondsOfDay(day: number): number {
	return (HISTORY_START_MS + day * MS_PER_DAY) / 1000;
}

export function utcDateOf(epochMs: number): number {
	const date = new Date(epochMs);
	return date.getUTCFullYear() * 10000 + (date.getUTCMonth() + 1) * 100 + date.getUTCDate();
}
