/**
 * When each simulated user did what: per event, the sorted days (since 2024-01-01, UTC: the
 * account's time zone) on which the user did it, the ground truth behind "who did event E between
 * day A and day B". The history 2024-01-01..2025-12-31 is fixed. After it, the users who had not
 * churned go on being active up to a last day the simulator chooses (its today), from random
 * streams of their own, one per user and day: the history never changes, and a day's activity is
 * the same whatever the last day is.
 */
import { integerBetween, mix, mulberry32, traitsOf, userStream } from './people';

// Held in module constants: under jest, looking up the global `Math` in a hot loop is slow (see people.ts).
const { floor, log, max, min } = Math;

const MS_PER_DAY = 86_400_000;
const DAY_ZERO_MS = Date.UTC(2024, 0, 1);
/** The last day of the fixed history, 2025-12-31, as days since 2024-01-01. */
export const HISTORY_LAST_DAY = 730;

/** Days since 2024-01-01 (negative before it) of a YYYYMMDD date. */
export function dayNumber(yyyymmdd: number): number {
	const utc = Date.UTC(floor(yyyymmdd / 10000), (floor(yyyymmdd / 100) % 100) - 1, yyyymmdd % 100);
	return Math.round((utc - DAY_ZERO_MS) / MS_PER_DAY);
}

export function utcDateOf(epochMs: number): number {
	const date = new Date(epochMs);
	return date.getUTCFullYear() * 10000 + (date.getUTCMonth() + 1) * 100 + date.getUTCDate();
}

/** True for an integer that names a real calendar day: not 20230229, not epoch seconds, not text. */
export const isCalendarDate = (value: unknown): value is number =>
	Number.isInteger(value) &&
	utcDateOf(DAY_ZERO_MS + dayNumber(value as number) * MS_PER_DAY) === value;

export interface EventSummary {
	count: number;
	first_seen: number;
	last_seen: number;
}

/** How many times a user can do the event on one active day (the summary's count adds them up). */
const MAX_PER_DAY = {
	'App Installed': 1,
	'App Launched': 3,
	'Session Concluded': 3,
	Searched: 4,
	'Product Viewed': 6,
	'Added To Cart': 2,
	Charged: 1,
	'Coupon Applied': 1,
};
type ExportableEvent = keyof typeof MAX_PER_DAY;
const EXPORTABLE_EVENTS = Object.keys(MAX_PER_DAY) as ExportableEvent[];
/** Sessions conclude on the days of the launches that opened them, so their days are not stored. */
type StoredEvent = Exclude<ExportableEvent, 'Session Concluded'>;
const daysKeptAs = (event: string) => (event === 'Session Concluded' ? 'App Launched' : event);
/** CleverTap refuses to export these ("Export not allowed for this event"). */
export const NON_EXPORTABLE_EVENTS = ['Notification Sent', 'Notification Viewed'];

const LIFE_STREAM = 10;
const ACTIVITY_STREAM = 11;
/** After the history: whether and when the user leaves, and their launch days; then one stream per day. */
const LATER_LIFE_STREAM = 12;
const LATER_DAY_STREAM = 13;

/** The outline of one user's life in the app. */
function lifeOf(seed: number, userIndex: number) {
	const random = userStream(seed, userIndex, LIFE_STREAM);
	// About half the users were already there when 2024 began (installed during 2023).
	const existing = random() < 0.5;
	const installDay = existing ? -integerBetween(random, 1, 365) : integerBetween(random, 0, 640);
	const activeFrom = max(0, installDay);
	const churned = random() < 0.25;
	const activeUntil = churned
		? min(HISTORY_LAST_DAY, activeFrom + integerBetween(random, 20, 400))
		: HISTORY_LAST_DAY;
	// Roughly "how many times more active than the average user".
	const engagement = 0.3 + 2.2 * random() ** 2;
	// Anonymous users browse but never check out.
	const buyer = !traitsOf(seed, userIndex).anonymous && random() < 0.7;
	// The chance of launching the app on any one active day.
	const launchRate = min(0.9, 0.08 * engagement);
	// `churned`: left during the history; only users still there at its end go on afterwards.
	return { installDay, activeFrom, activeUntil, launchRate, buyer, churned };
}

/** Days in (after, until] where each is active with probability `rate`: geometric jumps, not a die per day. */
function activeDays(random: () => number, after: number, until: number, rate: number): number[] {
	const days: number[] = [];
	const logOfMiss = log(1 - rate);
	for (let day = after; ; ) {
		day += 1 + floor(log(1 - random()) / logOfMiss);
		if (day > until) return days;
		days.push(day);
	}
}

const someOf = (random: () => number, days: number[], share: number) =>
	days.filter(() => random() < share);

/**
 * The user's days per event: in the history, launch days, then shares of them for each further
 * step. After it, up to `lastDay`, launch days by geometric jumps (so the days up to any date are
 * the same whatever `lastDay` is), and what happened on each from that day's own stream.
 */
function daysOf(seed: number, userIndex: number, lastDay: number, oneActiveDayIn?: number[]) {
	const life = lifeOf(seed, userIndex);
	const random = userStream(seed, userIndex, ACTIVITY_STREAM);
	const launches = oneActiveDayIn
		? [integerBetween(random, oneActiveDayIn[0], oneActiveDayIn[1])]
		: activeDays(random, life.activeFrom - 1, life.activeUntil, life.launchRate);
	if (launches.length === 0) launches.push(life.activeFrom);
	const viewed = someOf(random, launches, 0.6);
	const carted = someOf(random, viewed, 0.5);
	const charged = life.buyer ? someOf(random, carted, 0.8) : [];
	const days: Record<StoredEvent, number[]> = {
		'App Installed': [life.installDay],
		'App Launched': launches,
		Searched: someOf(random, launches, 0.25),
		'Product Viewed': viewed,
		'Added To Cart': carted,
		Charged: charged,
		'Coupon Applied': someOf(random, charged, 0.3),
	};
	if (life.churned || oneActiveDayIn || lastDay <= HISTORY_LAST_DAY) return days;

	const later = userStream(seed, userIndex, LATER_LIFE_STREAM);
	const leavesOn =
		later() < 0.25 ? HISTORY_LAST_DAY + integerBetween(later, 20, 400) : Number.MAX_SAFE_INTEGER;
	for (const day of activeDays(later, HISTORY_LAST_DAY, min(lastDay, leavesOn), life.launchRate)) {
		const onDay = mulberry32(mix(seed, userIndex, LATER_DAY_STREAM, day));
		days['App Launched'].push(day);
		if (onDay() < 0.25) days.Searched.push(day);
		if (onDay() >= 0.6) continue;
		days['Product Viewed'].push(day);
		if (onDay() >= 0.5) continue;
		days['Added To Cart'].push(day);
		if (!life.buyer || onDay() >= 0.8) continue;
		days.Charged.push(day);
		if (onDay() < 0.3) days['Coupon Applied'].push(day);
	}
	return days;
}

/**
 * All users' days for one event, back to back (user u's are days[starts[u]..starts[u+1])): a
 * population of a million users would otherwise mean millions of small arrays.
 */
class DayColumn {
	days = new Int16Array(1024);
	length = 0;
	readonly starts: Uint32Array;

	constructor(population: number) {
		this.starts = new Uint32Array(population + 1);
	}

	append(userIndex: number, days: number[]): void {
		if (this.length + days.length > this.days.length) {
			const grown = new Int16Array(max(this.days.length * 2, this.length + days.length));
			grown.set(this.days.subarray(0, this.length));
			this.days = grown;
		}
		this.days.set(days, this.length);
		this.length += days.length;
		this.starts[userIndex + 1] = this.length;
	}

	of(userIndex: number): Int16Array {
		return this.days.subarray(this.starts[userIndex], this.starts[userIndex + 1]);
	}
}

export class PopulationActivity {
	private readonly columns = new Map<string, DayColumn>();

	/**
	 * @param lastDay the last day with activity (days since 2024-01-01), the history's end at the least.
	 * @param oneActiveDayIn every user uses the app on exactly one day of this range (YYYYMMDD), on no other.
	 */
	constructor(
		private readonly seed: number,
		population: number,
		readonly lastDay: number,
		oneActiveDayIn?: { from: number; to: number },
	) {
		const span = oneActiveDayIn && [dayNumber(oneActiveDayIn.from), dayNumber(oneActiveDayIn.to)];
		for (let user = 0; user < population; user++) {
			for (const [event, days] of Object.entries(daysOf(seed, user, lastDay, span))) {
				if (!this.columns.has(event)) this.columns.set(event, new DayColumn(population));
				this.columns.get(event)!.append(user, days);
			}
		}
	}

	/** Did the user do the event on any day in [fromDay, toDay]? (Days are sorted: binary search.) */
	didEventBetween(event: string, userIndex: number, fromDay: number, toDay: number): boolean {
		const days = this.columns.get(daysKeptAs(event))?.of(userIndex);
		if (!days) return false;
		let low = 0;
		let high = days.length;
		while (low < high) {
			const middle = (low + high) >> 1;
			if (days[middle] < fromDay) low = middle + 1;
			else high = middle;
		}
		return low < days.length && days[low] <= toDay;
	}

	/** The profile's `events` object: lifetime count, first and last time, for every event the user did. */
	summariesOf(userIndex: number): Record<string, EventSummary> {
		const summaries: Record<string, EventSummary> = {};
		EXPORTABLE_EVENTS.forEach((event, eventNumber) => {
			const days = this.columns.get(daysKeptAs(event))!.of(userIndex);
			if (days.length === 0) return;
			if (event === 'Session Concluded') {
				// Every launch opens a session that concludes a few minutes later.
				const { count, first_seen, last_seen } = summaries['App Launched'];
				const length = 60 + (mix(this.seed, userIndex, 70) % 1800);
				summaries[event] = {
					count,
					first_seen: first_seen + length,
					last_seen: last_seen + length,
				};
				return;
			}
			let count = 0;
			for (const day of days)
				count += 1 + (mix(this.seed, userIndex, eventNumber, day) % MAX_PER_DAY[event]);
			summaries[event] = this.summary(userIndex, eventNumber, days[0], days.at(-1)!, count);
		});
		return Object.assign(summaries, this.notificationSummaries(userIndex));
	}

	/** Lifetime value: what the user spent over all their "Charged" days. */
	lifetimeValue(userIndex: number): number {
		let cents = 0;
		for (const day of this.columns.get('Charged')!.of(userIndex)) {
			cents += 1200 + (mix(this.seed, userIndex, 99, day) % 18_800); // orders of 12.00 to 199.99
		}
		return cents / 100;
	}

	/**
	 * Notifications are only summarised, never exported, so their days are not stored: the summary
	 * follows from the user's life (weekly campaigns while installed, up to the last day with
	 * activity; some of them opened while active).
	 */
	private notificationSummaries(userIndex: number): Record<string, EventSummary> {
		const { seed, lastDay } = this;
		if (!traitsOf(seed, userIndex).pushable) return {};
		const life = lifeOf(seed, userIndex);
		const weeks = max(1, floor((lastDay - life.activeFrom) / 7));
		const sent = max(1, Math.round(weeks * (0.6 + (mix(seed, userIndex, 50) % 100) / 100)));
		const firstDay = life.activeFrom + 1;
		const lastSent = lastDay - (mix(seed, userIndex, 51) % 7);
		const summaries = {
			'Notification Sent': this.summary(userIndex, 50, firstDay, lastSent, sent),
		};
		const viewed = floor(sent * (0.1 + (mix(seed, userIndex, 52) % 30) / 100));
		if (viewed === 0) return summaries;
		// Up to two weeks before the end of the user's active life: after the history, their last launch.
		const lastLaunch = this.columns.get('App Launched')!.of(userIndex).at(-1) ?? 0;
		const lastActive = max(life.activeUntil, lastLaunch);
		const lastViewed = max(firstDay, lastActive - (mix(seed, userIndex, 53) % 14));
		const viewedSummary = this.summary(userIndex, 54, firstDay, lastViewed, viewed);
		return { ...summaries, 'Notification Viewed': viewedSummary };
	}

	/** First occurrence in the morning, last in the afternoon, so first_seen <= last_seen on one day too. */
	private summary(user: number, event: number, firstDay: number, lastDay: number, count: number) {
		const timeOn = (day: number, half: number) =>
			(DAY_ZERO_MS + day * MS_PER_DAY) / 1000 +
			(half - 1) * 43_200 +
			(mix(this.seed, user, event, day, half) % 43_200);
		const first_seen = timeOn(firstDay, 1);
		return { count, first_seen, last_seen: count === 1 ? first_seen : timeOn(lastDay, 2) };
	}
}
