/**
 * The CleverTap Trigger's schedule: which days a poll covers, where the last poll stopped, and
 * when a poll should stop to stay within n8n's time budget. Days are CleverTap's YYYYMMDD.
 */
import { dayInTimeZone, parseDayText, type CleverTapDay } from './dates';
import { InvalidParameterError } from './InvalidParameterError';
import { addDays } from './dayRanges';

/** n8n 2.40 and later give each poll 5 minutes unless configured otherwise; n8n 1.x has no budget, so we assume the same. */
export const DEFAULT_POLL_BUDGET_MS = 5 * 60_000;

/** A day counts as complete this long after it ends, so CleverTap has taken in its last events. */
export const DEFAULT_DELAY_HOURS = 2;

/** How many days one catch-up poll covers at most. */
export const DEFAULT_MAX_DAYS_PER_POLL = 7;

/** Manual mode ("Fetch Test Event") shows at most this many profiles. */
export const MANUAL_SAMPLE_SIZE = 10;

/** What the trigger emits: "profilesDidEvent" (the profiles), "eachEvent" (the events). */
export type TriggerMode = string;

/** The mode of a position saved before the trigger had modes. */
const MODE_OF_OLD_POSITIONS: TriggerMode = 'profilesDidEvent';

/**
 * What the trigger keeps in the workflow's static data. The mode, event and start day are kept
 * with the last day covered, so that changing any of them in the node starts over from the new
 * setting: a day covered in one mode was not covered in another.
 */
export interface PollPosition {
	triggerOn: TriggerMode;
	eventName: string;
	startDay: CleverTapDay | null;
	lastCoveredDay: CleverTapDay;
}

/**
 * The latest day that counts as complete at `now`: it ended (midnight in the workflow's time
 * zone) at least `delayHours` ago, leaving CleverTap time to finish taking in its events.
 */
export function lastCompleteDay(now: Date, timeZone: string, delayHours: number): CleverTapDay {
	const delayedNow = new Date(now.getTime() - delayHours * 3_600_000);
	return addDays(dayInTimeZone(delayedNow, timeZone), -1);
}

/** A day as the position stores it: YYYYMMDD, a number or (written by hand, say) its text. */
function storedDay(value: unknown): CleverTapDay | undefined {
	const text = typeof value === 'number' || typeof value === 'string' ? String(value).trim() : '';
	return /^\d{8}$/.test(text) ? parseDayText(text) : undefined;
}

/**
 * The position kept in static data; undefined when there is none yet. A damaged one is never
 * skipped over silently: it throws, naming what is stored, unless a Start Date is set (the
 * trigger then starts over from it, as it does whenever the Start Date changes).
 */
export function readPosition(
	staticData: Record<string, unknown>,
	startDaySetting: CleverTapDay | null,
): PollPosition | undefined {
	const { position } = staticData;
	if (position === undefined || position === null) return undefined;
	const stored = (typeof position === 'object' ? position : {}) as Record<string, unknown>;
	const lastCoveredDay = storedDay(stored.lastCoveredDay);
	const startDay = stored.startDay === null ? null : storedDay(stored.startDay);
	const triggerOn = stored.triggerOn ?? MODE_OF_OLD_POSITIONS;
	if (
		typeof triggerOn === 'string' &&
		typeof stored.eventName === 'string' &&
		lastCoveredDay !== undefined &&
		startDay !== undefined
	) {
		return { triggerOn, eventName: stored.eventName, startDay, lastCoveredDay };
	}
	if (startDaySetting !== null) return undefined;
	throw new InvalidParameterError(
		`The trigger's saved position is damaged: ${JSON.stringify(position)}`,
		'Set the Start Date option to the first day the trigger should cover: it then starts over from that day.',
	);
}

export interface CoverageRequest {
	position: PollPosition | undefined;
	triggerOn: TriggerMode;
	eventName: string;
	/** The Start Date option; null when unset (start with the last complete day, no backfill). */
	startDay: CleverTapDay | null;
	lastCompleteDay: CleverTapDay;
	maxDaysPerPoll: number;
}

/**
 * The days one poll covers, oldest first: every complete day after the last one covered, at
 * most maxDaysPerPoll of them; none when no new day is complete. A position kept for another
 * mode, event or start day does not count.
 */
export function daysToCover({
	position,
	triggerOn,
	eventName,
	startDay,
	lastCompleteDay: lastDay,
	maxDaysPerPoll,
}: CoverageRequest): CleverTapDay[] {
	const continues =
		position !== undefined &&
		position.triggerOn === triggerOn &&
		position.eventName === eventName &&
		position.startDay === startDay;
	const first = continues ? addDays(position.lastCoveredDay, 1) : (startDay ?? lastDay);
	const days: CleverTapDay[] = [];
	for (let day = first; day <= lastDay && days.length < maxDaysPerPoll; day = addDays(day, 1)) {
		days.push(day);
	}
	return days;
}

export interface BudgetState {
	/** Since the poll started. */
	elapsedMs: number;
	budgetMs: number;
	/** The longest any one day of this poll took so far. */
	longestDayMs: number;
}

/** Whether another day fits: it is expected to take as long as the longest day so far. */
export function budgetAllowsAnotherDay({
	elapsedMs,
	budgetMs,
	longestDayMs,
}: BudgetState): boolean {
	return elapsedMs + longestDayMs < budgetMs;
}

/** A day's export that still runs when the budget is spent is given up. */
export function isOverBudget({
	elapsedMs,
	budgetMs,
}: Pick<BudgetState, 'elapsedMs' | 'budgetMs'>): boolean {
	return elapsedMs >= budgetMs;
}
