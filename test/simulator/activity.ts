/**
 * When each simulated user did what: per event, the sorted list of days (since 2024-01-01) on which
 * the user did it. This is the ground truth behind "who did event E between day A and day B".
 *
 * The history 2024-01-01..2025-12-31 is fixed. After it, the users who had not churned go on being
 * active up to a last day the simulator chooses (its today), so that recent days have people in
 * them. Those later days come from their own random streams, one per user and day, so the history
 * never changes, and a day's activity is the same whatever the last day is.
 *
 * Stored as one packed column per event (all users' days back to back), because a benchmark
 * population of 50,000+ users would otherwise mean hundreds of thousands of small arrays.
 */
import { epochSecondsOfDay } from './dates';
import { integerBetween, mix, mulberry32, userStream } from './random';
import { traitsOf, type Traits } from './people';

export interface EventSummary {
	count: number;
	first_seen: number;
	last_seen: number;
}

export const EXPORTABLE_EVENTS = [
	'App Installed',
	'App Launched',
	'Session Concluded',
	'Searched',
	'Product Viewed',
	'Added To Cart',
	'Charged',
	'Coupon Applied',
] as const;
/** CleverTap refuses to export these ("Export not allowed for this event"). */
export const NON_EXPORTABLE_EVENTS = ['Notification Sent', 'Notification Viewed'] as const;

type ExportableEvent = (typeof EXPORTABLE_EVENTS)[number];

/** How many times a user can do the event on one active day (the summary's count adds them up). */
const MAX_PER_DAY: Record<ExportableEvent, number> = {
	'App Installed': 1,
	'App Launched': 3,
	'Session Concluded': 3,
	Searched: 4,
	'Product Viewed': 6,
	'Added To Cart': 2,
	Charged: 1,
	'Coupon Applied': 1,
};

// Held in module constants: under jest, looking up the global `Math` in a hot loop is slow (see random.ts).
const { floor, log, max, min } = Math;

const LIFE_STREAM = 10;
const ACTIVITY_STREAM = 11;
/** Draws for the days after the history: the user's churn, then their launch days. */
const LATER_LIFE_STREAM = 12;
/** What the user did on one later launch day (one stream per day). */
const LATER_DAY_STREAM = 13;
/** The last day of the fixed history, 2025-12-31. */
export const HISTORY_LAST_DAY = 730;

/** The outline of one user's life in the app. */
interface Life {
	installDay: number;
	activeFrom: number;
	activeUntil: number;
	/** Roughly "how many times more active than the average user". */
	engagement: number;
	buyer: boolean;
	/** Left during the history; only users still there at its end go on afterwards. */
	churned: boolean;
}

function lifeOf(seed: number, userIndex: number, traits: Traits): Life {
	const random = userStream(seed, userIndex, LIFE_STREAM);
	// About half the users were already there when 2024 began (installed during 2023).
	const existing = random() < 0.5;
	const installDay = existing ? -integerBetween(random, 1, 365) : integerBetween(random, 0, 640);
	const activeFrom = max(0, installDay);
	const churned = random() < 0.25;
	const activeUntil = churned
		? min(HISTORY_LAST_DAY, activeFrom + integerBetween(random, 20, 400))
		: HISTORY_LAST_DAY;
	const engagement = 0.3 + 2.2 * random() ** 2;
	// Anonymous users browse but never check out.
	const buyer = !traits.anonymous && random() < 0.7;
	return { installDay, activeFrom, activeUntil, engagement, buyer, churned };
}

/** A user's activity rate: the chance of launching the app on any one active day. */
function launchRate(life: Life): number {
	return min(0.9, 0.08 * life.engagement);
}

/** Random days in [from, until] where each day is active with probability `rate`. */
function sampleDays(random: () => number, from: number, until: number, rate: number): number[] {
	const days: number[] = [];
	const logOfMiss = log(1 - rate);
	// Jump straight to the next active day (geometric gap) instead of rolling a die per day.
	for (let day = from - 1; ; ) {
		day += 1 + floor(log(1 - random()) / logOfMiss);
		if (day > until) break;
		days.push(day);
	}
	return days.length > 0 ? days : [from];
}

function someOf(random: () => number, days: number[], share: number): number[] {
	return days.filter(() => random() < share);
}

/** Days since 2024-01-01, both included. */
export interface DaySpan {
	fromDay: number;
	toDay: number;
}

function activityOf(
	seed: number,
	userIndex: number,
	traits: Traits,
	life: Life,
	oneActiveDayIn?: DaySpan,
): Record<ExportableEvent, number[]> {
	const random = userStream(seed, userIndex, ACTIVITY_STREAM);
	const launches = oneActiveDayIn
		? [integerBetween(random, oneActiveDayIn.fromDay, oneActiveDayIn.toDay)]
		: sampleDays(random, life.activeFrom, life.activeUntil, launchRate(life));
	const viewed = someOf(random, launches, 0.6);
	const carted = someOf(random, viewed, 0.5);
	const charged = life.buyer ? someOf(random, carted, 0.8) : [];
	return {
		'App Installed': [life.installDay],
		'App Launched': launches,
		'Session Concluded': launches,
		Searched: someOf(random, launches, 0.25),
		'Product Viewed': viewed,
		'Added To Cart': carted,
		Charged: charged,
		'Coupon Applied': someOf(random, charged, 0.3),
	};
}

/**
 * The user's activity after the history, up to `lastDay`: launch days by geometric jumps (so the
 * days up to any date are the same whatever `lastDay` is), and what happened on each launch day
 * from that day's own stream, with the same shares as in the history.
 */
function laterActivityOf(
	seed: number,
	userIndex: number,
	life: Life,
	lastDay: number,
): Record<ExportableEvent, number[]> {
	const later = Object.fromEntries(
		EXPORTABLE_EVENTS.map((event) => [event, []]),
	) as unknown as Record<ExportableEvent, number[]>;
	if (life.churned || lastDay <= HISTORY_LAST_DAY) return later;
	const random = userStream(seed, userIndex, LATER_LIFE_STREAM);
	const leavesOn =
		random() < 0.25 ? HISTORY_LAST_DAY + integerBetween(random, 20, 400) : Number.MAX_SAFE_INTEGER;
	const until = min(lastDay, leavesOn);
	const logOfMiss = log(1 - launchRate(life));
	for (let day = HISTORY_LAST_DAY; ; ) {
		day += 1 + floor(log(1 - random()) / logOfMiss);
		if (day > until) break;
		const onDay = mulberry32(mix(seed, userIndex, LATER_DAY_STREAM, day));
		later['App Launched'].push(day);
		later['Session Concluded'].push(day);
		if (onDay() < 0.25) later.Searched.push(day);
		if (onDay() >= 0.6) continue;
		later['Product Viewed'].push(day);
		if (onDay() >= 0.5) continue;
		later['Added To Cart'].push(day);
		if (!life.buyer || onDay() >= 0.8) continue;
		later.Charged.push(day);
		if (onDay() < 0.3) later['Coupon Applied'].push(day);
	}
	return later;
}

/** All users' days for one event, back to back; user u's days are days[starts[u]..starts[u+1]). */
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
	 * @param lastDay the last day with activity (days since 2024-01-01); the history's end at the
	 * least. Days after it have nobody in them.
	 */
	constructor(
		private readonly seed: number,
		readonly population: number,
		readonly lastDay: number = HISTORY_LAST_DAY,
		/** Every user uses the app on exactly one day of this span, and on no other (see SimulatorOptions). */
		oneActiveDayIn?: DaySpan,
	) {
		for (const event of EXPORTABLE_EVENTS) this.columns.set(event, new DayColumn(population));
		for (let user = 0; user < population; user++) {
			const traits = traitsOf(seed, user);
			const life = lifeOf(seed, user, traits);
			const activity = activityOf(seed, user, traits, life, oneActiveDayIn);
			const later = laterActivityOf(seed, user, life, oneActiveDayIn ? HISTORY_LAST_DAY : lastDay);
			for (const event of EXPORTABLE_EVENTS) {
				this.columns.get(event)!.append(user, [...activity[event], ...later[event]]);
			}
		}
	}

	/** Did the user do the event on any day in [fromDay, toDay]? (Days are sorted: binary search.) */
	didEventBetween(event: string, userIndex: number, fromDay: number, toDay: number): boolean {
		const column = this.columns.get(event);
		if (!column) return false;
		const days = column.of(userIndex);
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
			const days = this.columns.get(event)!.of(userIndex);
			if (days.length === 0) return;
			if (event === 'Session Concluded') {
				summaries[event] = this.sessionsEnding(userIndex, summaries['App Launched']);
				return;
			}
			let count = 0;
			for (const day of days)
				count += 1 + (mix(this.seed, userIndex, eventNumber, day) % MAX_PER_DAY[event]);
			summaries[event] = this.summary(
				userIndex,
				eventNumber,
				days[0],
				days[days.length - 1],
				count,
			);
		});
		Object.assign(summaries, this.notificationSummaries(userIndex));
		return summaries;
	}

	/** Every launch opens a session that concludes a few minutes later. */
	private sessionsEnding(userIndex: number, launched: EventSummary): EventSummary {
		const sessionLength = 60 + (mix(this.seed, userIndex, 70) % 1800);
		return {
			count: launched.count,
			first_seen: launched.first_seen + sessionLength,
			last_seen: launched.last_seen + sessionLength,
		};
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
	 * follows from the user's life (weekly campaigns while installed, up to the last day with activity;
	 * some of them opened while active).
	 */
	private notificationSummaries(userIndex: number): Record<string, EventSummary> {
		const traits = traitsOf(this.seed, userIndex);
		if (!traits.pushable) return {};
		const life = lifeOf(this.seed, userIndex, traits);
		const weeks = max(1, floor((this.lastDay - life.activeFrom) / 7));
		const sent = max(1, Math.round(weeks * (0.6 + (mix(this.seed, userIndex, 50) % 100) / 100)));
		const summaries: Record<string, EventSummary> = {
			'Notification Sent': this.summary(
				userIndex,
				50,
				life.activeFrom + 1,
				this.lastDay - (mix(this.seed, userIndex, 51) % 7),
				sent,
			),
		};
		const viewed = floor(sent * (0.1 + (mix(this.seed, userIndex, 52) % 30) / 100));
		if (viewed > 0) {
			const lastViewDay = max(
				life.activeFrom + 1,
				this.lastActiveDayOf(userIndex, life) - (mix(this.seed, userIndex, 53) % 14),
			);
			summaries['Notification Viewed'] = this.summary(
				userIndex,
				54,
				life.activeFrom + 1,
				lastViewDay,
				viewed,
			);
		}
		return summaries;
	}

	/** The end of the user's active life: after the history, their last launch. */
	private lastActiveDayOf(userIndex: number, life: Life): number {
		const launches = this.columns.get('App Launched')!.of(userIndex);
		return max(life.activeUntil, launches.length > 0 ? launches[launches.length - 1] : 0);
	}

	/** First occurrence in the morning, last in the afternoon, so first_seen <= last_seen on one day too. */
	private summary(
		userIndex: number,
		eventNumber: number,
		firstDay: number,
		lastDay: number,
		count: number,
	): EventSummary {
		const first =
			epochSecondsOfDay(firstDay) + (mix(this.seed, userIndex, eventNumber, firstDay, 1) % 43_200);
		const last =
			count === 1
				? first
				: epochSecondsOfDay(lastDay) +
					43_200 +
					(mix(this.seed, userIndex, eventNumber, lastDay, 2) % 43_200);
		return { count, first_seen: first, last_seen: last };
	}
}
