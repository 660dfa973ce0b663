/**
 * The account's users, asked "who did event E on these days" (the profile export), "each time
 * anyone did it" (the events export, the counts) and "who has this email / identity / CleverTap
 * ID" (the lookup); tests use the same object as ground truth. Activity is kept
 * as days since 2024-01-01 (UTC, the account's time zone). 2024-2025 is fixed; after it, users who
 * did not churn go on up to the simulator's today, from one stream per user and day, so a day's
 * activity is the same whatever today is.
 */
import { integerBetween, mix, mulberry32, personOf, traitsOf, userStream } from './people';

const { floor, log, max, min } = Math; // see people.ts
const HISTORY_LAST_DAY = 730; // 2025-12-31
const MS_PER_DAY = 86_400_000;
const DAY_ZERO_MS = Date.UTC(2024, 0, 1);

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

type EventSummary = { count: number; first_seen: number; last_seen: number };

/** A full profile record, as `profile.json` returns it and as the export returns it with `app=true`. */
export interface ProfileRecord {
	identity?: string;
	email?: string;
	name?: string;
	profileData: Record<string, string | number>;
	events: Record<string, EventSummary>;
	platformInfo: ReturnType<typeof personOf>['platformInfo'];
}

export type IdentifierType = 'email' | 'identity' | 'objectId';

/** The export's flags `app=true`, `events=false`, `profile=false`. */
export type ExportShape = Record<'app' | 'events' | 'profile', boolean>;

export interface DatasetOptions {
	lastDate?: () => number; // YYYYMMDD of the last active day (the simulator's today); default 20251231
	/** Every user active on one day of this range only (YYYYMMDD, inclusive): no one in two sub-ranges. */
	oneActiveDayIn?: { from: number; to: number };
	cacheRecords?: boolean; // keep each exported record's JSON once built (about 1 KB a record)
}

/** The exportable events, in the order of a profile's `events`, and how often a user does each on one active day. */
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
/** The outline of one user's life in the app. */
function lifeOf(seed: number, userIndex: number) {
	const random = userStream(seed, userIndex, 10);
	// About half the users were already there when 2024 began (installed during 2023).
	const existing = random() < 0.5;
	const installDay = existing ? -integerBetween(random, 1, 365) : integerBetween(random, 0, 640);
	const activeFrom = max(0, installDay);
	const churned = random() < 0.25; // left during the history; the others go on after it
	const activeUntil = churned
		? min(HISTORY_LAST_DAY, activeFrom + integerBetween(random, 20, 400))
		: HISTORY_LAST_DAY;
	const engagement = 0.3 + 2.2 * random() ** 2; // roughly "how many times more active than average"
	const buyer = !traitsOf(seed, userIndex).anonymous && random() < 0.7; // anonymous users never buy
	const launchRate = min(0.9, 0.08 * engagement); // the chance of a launch on any one active day
	return { installDay, activeFrom, activeUntil, launchRate, buyer, churned };
}

/** Days in (after, until] where each is active with probability `rate`: geometric jumps, not a die per day. */
function activeDays(random: () => number, after: number, until: number, rate: number): number[] {
	const days: number[] = [];
	for (let day = after; ; ) {
		day += 1 + floor(log(1 - random()) / log(1 - rate));
		if (day > until) return days;
		days.push(day);
	}
}

const someOf = (random: () => number, days: number[], share: number) =>
	days.filter(() => random() < share);

/** The user's sorted days per exportable event, up to `lastDay` (oneActiveDayIn: [first, last]). */
function daysOf(seed: number, userIndex: number, lastDay: number, oneActiveDayIn?: number[]) {
	const life = lifeOf(seed, userIndex);
	const random = userStream(seed, userIndex, 11);
	const launches = oneActiveDayIn
		? [integerBetween(random, oneActiveDayIn[0], oneActiveDayIn[1])]
		: activeDays(random, life.activeFrom - 1, life.activeUntil, life.launchRate);
	if (launches.length === 0) launches.push(life.activeFrom);
	const viewed = someOf(random, launches, 0.6);
	const carted = someOf(random, viewed, 0.5);
	const charged = life.buyer ? someOf(random, carted, 0.8) : [];
	const days: Record<keyof typeof MAX_PER_DAY, number[]> = {
		'App Installed': [life.installDay],
		'App Launched': launches,
		'Session Concluded': launches, // every launch opens a session that concludes the same day
		Searched: someOf(random, launches, 0.25),
		'Product Viewed': viewed,
		'Added To Cart': carted,
		Charged: charged,
		'Coupon Applied': someOf(random, charged, 0.3),
	};
	if (life.churned || oneActiveDayIn || lastDay <= HISTORY_LAST_DAY) return days;

	const later = userStream(seed, userIndex, 12);
	const leavesOn =
		later() < 0.25 ? HISTORY_LAST_DAY + integerBetween(later, 20, 400) : Number.MAX_SAFE_INTEGER;
	for (const day of activeDays(later, HISTORY_LAST_DAY, min(lastDay, leavesOn), life.launchRate)) {
		const onDay = mulberry32(mix(seed, userIndex, 13, day));
		launches.push(day);
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

const EXPORTABLE = Object.keys(MAX_PER_DAY) as Array<keyof typeof MAX_PER_DAY>;
const startOfDay = (day: number) => (DAY_ZERO_MS + day * MS_PER_DAY) / 1000; // epoch seconds
/** First occurrence in the morning, last in the afternoon, so first_seen <= last_seen on one day too. */
const timeOn = (seed: number, user: number, event: number, day: number, half: number) =>
	startOfDay(day) + (half - 1) * 43_200 + (mix(seed, user, event, day, half) % 43_200);
/** How many times the user did the event on one of its days. */
const timesOn = (seed: number, user: number, event: keyof typeof MAX_PER_DAY, day: number) =>
	1 + (mix(seed, user, EXPORTABLE.indexOf(event), day) % MAX_PER_DAY[event]);
const sessionLength = (seed: number, user: number) => 60 + (mix(seed, user, 70) % 1800); // seconds
const chargedCents = (seed: number, user: number, day: number) =>
	1200 + (mix(seed, user, 99, day) % 18_800); // 12.00 to 199.99

/** A profile's `events` (lifetime count, first and last time of every event the user did) and lifetime value. */
function activityOf(seed: number, user: number, lastDay: number, oneActiveDayIn?: number[]) {
	const summary = (event: number, firstDay: number, lastDay: number, count: number) => {
		const first_seen = timeOn(seed, user, event, firstDay, 1);
		const last_seen = count === 1 ? first_seen : timeOn(seed, user, event, lastDay, 2);
		return { count, first_seen, last_seen };
	};
	const days = daysOf(seed, user, lastDay, oneActiveDayIn);
	const events: Record<string, EventSummary> = {};
	EXPORTABLE.forEach((event, eventNumber) => {
		const on = days[event];
		if (on.length === 0) return;
		if (event === 'Session Concluded') {
			const { count, first_seen, last_seen } = events['App Launched'];
			const length = sessionLength(seed, user);
			events[event] = { count, first_seen: first_seen + length, last_seen: last_seen + length };
			return;
		}
		let count = 0;
		for (const day of on) count += timesOn(seed, user, event, day);
		events[event] = summary(eventNumber, on[0], on.at(-1)!, count);
	});
	let cents = 0;
	for (const day of days.Charged) cents += chargedCents(seed, user, day);

	// Notifications are never exported, so only summarised: weekly campaigns while installed, up to the
	// last day, some of them opened while the user was active.
	if (traitsOf(seed, user).pushable) {
		const life = lifeOf(seed, user);
		const weeks = max(1, floor((lastDay - life.activeFrom) / 7));
		const sent = max(1, Math.round(weeks * (0.6 + (mix(seed, user, 50) % 100) / 100)));
		const firstDay = life.activeFrom + 1;
		const lastSent = lastDay - (mix(seed, user, 51) % 7);
		events['Notification Sent'] = summary(50, firstDay, lastSent, sent);
		const viewed = floor(sent * (0.1 + (mix(seed, user, 52) % 30) / 100));
		const lastActive = max(life.activeUntil, days['App Launched'].at(-1) ?? 0);
		const lastViewed = max(firstDay, lastActive - (mix(seed, user, 53) % 14));
		if (viewed > 0) events['Notification Viewed'] = summary(54, firstDay, lastViewed, viewed);
	}
	return { events, LTV: cents / 100 };
}

/**
 * When the user did the event (epoch seconds, ascending), on the days daysOf gives, as many times a
 * day as the summary counts, the first and last at the summary's first_seen and last_seen.
 */
function occurrencesOf(
	seed: number,
	user: number,
	event: keyof typeof MAX_PER_DAY,
	days: number[],
): Array<{ day: number; ts: number; index: number }> {
	if (event === 'Session Concluded') {
		// Each launch's session concludes its length later; [guess] on the launch's day still.
		const length = sessionLength(seed, user);
		return occurrencesOf(seed, user, 'App Launched', days).map(({ day, ts, index }) => {
			const concluded = min(ts + length, startOfDay(day + 1) - 1);
			return { day, ts: concluded, index };
		});
	}
	const eventNumber = EXPORTABLE.indexOf(event);
	const [firstDay, lastDay] = [days[0], days.at(-1)];
	const once = days.length === 1 && timesOn(seed, user, event, firstDay) === 1;
	return days.flatMap((day) => {
		const lo = day === firstDay ? timeOn(seed, user, eventNumber, day, 1) : startOfDay(day);
		const hi =
			day === lastDay && !once ? timeOn(seed, user, eventNumber, day, 2) : startOfDay(day + 1) - 1;
		const times = Array.from(
			{ length: timesOn(seed, user, event, day) },
			(_, index) => lo + (mix(seed, user, eventNumber, day, 200 + index) % (hi - lo + 1)),
		).sort((a, b) => a - b);
		if (day === lastDay && !once) times[times.length - 1] = hi;
		if (day === firstDay) times[0] = lo;
		return times.map((ts, index) => ({ day, ts, index }));
	});
}

/** One occurrence of an event, as the Get Events export lists them. */
export interface EventOccurrence {
	user: number;
	event: keyof typeof MAX_PER_DAY;
	day: number;
	ts: number; // epoch seconds
	index: number; // its place among the user's occurrences of the event that day
}

/** An occurrence as a Get Events record: `ts` is yyyyMMddHHmmss in the account's time zone (UTC). */
export interface EventRecord {
	profile: { objectId: string; identity?: string; email?: string; name?: string; platform: string };
	ts: number;
	event_props: Record<string, string | number>;
	session_props: Record<string, string>;
}

const PRODUCTS = ['P-1001:Shoes', 'P-1002:Shoes', 'P-2001:Bags', 'P-3001:Watches', 'P-4001:Hats'];
const SEARCHES = ['running shoes', 'leather bag', 'smart watch', 'summer hat', 'gift ideas'];
const SOURCES = ['Direct', 'Push Notification', 'Email', 'Organic Search', 'Paid Ads'];

/** [guess] The properties an occurrence carries: made up, but steady per occurrence. */
function propertiesOf(seed: number, { user, event, day, index }: EventOccurrence) {
	const random = mulberry32(mix(seed, user, EXPORTABLE.indexOf(event), day, 300 + index));
	const [productId, category] = PRODUCTS[floor(random() * PRODUCTS.length)].split(':');
	const session_props = { 'Session Source': SOURCES[floor(random() * SOURCES.length)] };
	const event_props: Record<string, string | number> =
		event === 'Charged'
			? { Amount: chargedCents(seed, user, day) / 100, Currency: 'EUR', 'Payment Mode': 'Card' }
			: event === 'Product Viewed' || event === 'Added To Cart'
				? { 'Product ID': productId, Category: category }
				: event === 'Searched'
					? { 'Search Term': SEARCHES[floor(random() * SEARCHES.length)] }
					: event === 'Coupon Applied'
						? { 'Coupon Code': `SAVE${5 + floor(random() * 4) * 5}` }
						: event === 'Session Concluded'
							? { 'Session Length': sessionLength(seed, user) }
							: {};
	return { event_props, session_props };
}

/** yyyyMMddHHmmss of epoch seconds, in UTC. */
const timestampOf = (epochSeconds: number) =>
	Number(new Date(epochSeconds * 1000).toISOString().replace(/\D/g, '').slice(0, 14));

export class PopulationDataset {
	/** CleverTap refuses to export these ("Export not allowed for this event"). */
	readonly nonExportableEvents = ['Notification Sent', 'Notification Viewed'];
	private readonly oneActiveDayIn?: number[];
	private lastDay?: number; // as the last export saw it: its pages' records come from that activity
	private columns = new Map<string, { days: Int16Array; starts: Uint32Array }>();
	private jsonCache = new Map<string, string[]>();
	private eventOrderCache = new Map<string, EventOccurrence[]>();
	private eventJsonCache = new WeakMap<EventOccurrence, Map<string, string>>();
	private identifierIndex?: Record<IdentifierType, Map<string, number>>;

	constructor(
		readonly seed: number,
		readonly population: number,
		private readonly options: DatasetOptions = {},
	) {
		const span = options.oneActiveDayIn;
		this.oneActiveDayIn = span && [dayNumber(span.from), dayNumber(span.to)];
	}

	/** Today, for an export: recent days have people in them, and earlier days never change. */
	private moveOn(): number {
		const { lastDate } = this.options;
		const lastDay = max(HISTORY_LAST_DAY, lastDate ? dayNumber(lastDate()) : 0);
		if (lastDay !== this.lastDay) {
			[this.columns, this.jsonCache, this.eventOrderCache] = [new Map(), new Map(), new Map()];
		}
		return (this.lastDay = lastDay);
	}

	/** Every user's days of one event back to back (user u's at starts[u]..): one typed array. */
	private columnOf(event: string, lastDay: number) {
		let column = this.columns.get(event);
		if (column) return column;
		const starts = new Uint32Array(this.population + 1);
		let days = new Int16Array(1024);
		for (let user = 0; user < this.population; user++) {
			const own = daysOf(this.seed, user, lastDay, this.oneActiveDayIn)[event as 'Charged'];
			if (starts[user] + own.length > days.length) {
				const grown = new Int16Array(2 * (starts[user] + own.length));
				grown.set(days);
				days = grown;
			}
			days.set(own, starts[user]);
			starts[user + 1] = starts[user] + own.length;
		}
		this.columns.set(event, (column = { days, starts }));
		return column;
	}

	/** User indices in export order (ascending index), for an event and a YYYYMMDD range. */
	exportOrder(event: string, from: number, to: number): number[] {
		const lastDay = this.moveOn();
		if (!(event in MAX_PER_DAY)) return []; // nobody did it: no need to look at everyone's days
		const [fromDay, toDay] = [dayNumber(from), dayNumber(to)];
		const { days, starts } = this.columnOf(event, lastDay);
		const users: number[] = [];
		for (let user = 0; user < this.population; user++) {
			for (let at = starts[user]; at < starts[user + 1]; at++) {
				if (days[at] < fromDay || days[at] > toDay) continue;
				users.push(user);
				break;
			}
		}
		return users;
	}

	/** Full records of who did the event on a day in [from, to] (YYYYMMDD), in export order. */
	profilesFor(eventName: string, from: number, to: number): ProfileRecord[] {
		return this.exportOrder(eventName, from, to).map((user) => this.recordOf(user));
	}

	/** The CleverTap IDs (objectId) of the same people, in the same order. */
	objectIdsFor(eventName: string, from: number, to: number): string[] {
		return this.profilesFor(eventName, from, to).map((record) => record.platformInfo[0].objectId);
	}

	/** Every occurrence of the event on a day in [from, to] (YYYYMMDD): by user, then time [guess]. */
	eventOrder(event: string, from: number, to: number): EventOccurrence[] {
		const users = this.exportOrder(event, from, to); // moves on to today first
		const key = `${event} ${from} ${to}`;
		const cached = this.options.cacheRecords && this.eventOrderCache.get(key);
		if (cached) return cached;
		const [fromDay, toDay, lastDay] = [dayNumber(from), dayNumber(to), this.lastDay!];
		const occurrences = users.flatMap((user) => {
			const name = event as keyof typeof MAX_PER_DAY;
			const days = daysOf(this.seed, user, lastDay, this.oneActiveDayIn)[name];
			return occurrencesOf(this.seed, user, name, days)
				.filter(({ day }) => day >= fromDay && day <= toDay)
				.map((occurrence) => ({ user, event: name, ...occurrence }));
		});
		if (this.options.cacheRecords) this.eventOrderCache.set(key, occurrences);
		return occurrences;
	}

	/** An occurrence's record as JSON; `cacheRecords` (benchmarks) builds it once per shape. */
	eventJson(occurrence: EventOccurrence, shape: ExportShape): string {
		if (!this.options.cacheRecords) return JSON.stringify(this.eventRecordOf(occurrence, shape));
		const key = `${shape.app}${shape.events}${shape.profile}`;
		let byShape = this.eventJsonCache.get(occurrence);
		if (!byShape) this.eventJsonCache.set(occurrence, (byShape = new Map()));
		let json = byShape.get(key);
		if (json === undefined)
			byShape.set(key, (json = JSON.stringify(this.eventRecordOf(occurrence, shape))));
		return json;
	}

	/** Ground truth of Get Events: the records of every occurrence, in export order. */
	eventsFor(eventName: string, from: number, to: number): EventRecord[] {
		const shape = { app: false, events: true, profile: true };
		return this.eventOrder(eventName, from, to).map((occurrence) =>
			this.eventRecordOf(occurrence, shape),
		);
	}

	/** Ground truth of the counts: occurrences (events) and distinct people (profiles). */
	countFor(kind: 'events' | 'profiles', eventName: string, from: number, to: number): number {
		return kind === 'events'
			? this.eventOrder(eventName, from, to).length
			: this.exportOrder(eventName, from, to).length;
	}

	/**
	 * An occurrence as Get Events sends it. `app=true` adds the device to `profile`; [guess]
	 * `profile=false` keeps only objectId and platform there; `events=false` changes nothing.
	 */
	eventRecordOf(occurrence: EventOccurrence, shape: ExportShape): EventRecord {
		const person = personOf(this.seed, occurrence.user);
		const { platform, app_version, os_version, make, model } = person.platformInfo[0];
		const { objectId, identity, email, name } = person;
		const known = shape.profile ? { identity, email, name } : {};
		const device = shape.app ? { app_version, os_version, make, model } : {};
		// Without the keys the person has no value for, as a profile record leaves them out.
		const profile = Object.fromEntries(
			Object.entries({ objectId, ...known, platform, ...device }).filter(
				([, v]) => v !== undefined,
			),
		) as EventRecord['profile'];
		return { profile, ts: timestampOf(occurrence.ts), ...propertiesOf(this.seed, occurrence) };
	}

	/** [guess] Emails match whatever their case (stored lower-cased); other identifiers exactly. */
	findBy(type: IdentifierType, value: string): ProfileRecord | undefined {
		if (!this.identifierIndex) {
			this.identifierIndex = { email: new Map(), identity: new Map(), objectId: new Map() };
			for (let user = 0; user < this.population; user++) {
				const { objectId, identity, email } = personOf(this.seed, user);
				this.identifierIndex.objectId.set(objectId, user);
				if (identity !== undefined) this.identifierIndex.identity.set(identity, user);
				if (email !== undefined) this.identifierIndex.email.set(email.toLowerCase(), user);
			}
		}
		const user = this.identifierIndex[type].get(type === 'email' ? value.toLowerCase() : value);
		return user === undefined ? undefined : this.recordOf(user);
	}

	recordOf(user: number): ProfileRecord {
		const { identity, email, name, city, plan, language, platformInfo } = personOf(this.seed, user);
		const lastDay = this.lastDay ?? this.moveOn();
		const { events, LTV } = activityOf(this.seed, user, lastDay, this.oneActiveDayIn);
		// An anonymous user has told the app nothing but where they are.
		if (name === undefined) return { profileData: { city }, events, platformInfo };
		const customerType =
			LTV >= 2000 ? 'Platinum' : LTV >= 800 ? 'Gold' : LTV >= 200 ? 'Silver' : 'Bronze';
		return {
			...(identity !== undefined ? { identity } : {}),
			...(email !== undefined ? { email } : {}),
			name,
			profileData: {
				'Customer Type': customerType,
				plan,
				city,
				LTV,
				'Preferred Language': language,
			},
			events,
			platformInfo,
		};
	}

	/**
	 * A record's JSON as an export page carries it (without `app=true`, platformInfo keeps platform,
	 * objectId, push_token). `cacheRecords` (benchmarks) builds it once: building takes ten times as
	 * long as a client's parsing.
	 */
	exportedJson(user: number, shape: ExportShape): string {
		const key = `${shape.app}${shape.events}${shape.profile}`;
		const cached = this.options.cacheRecords && this.jsonCache.get(key)?.[user];
		if (cached) return cached;
		const { profileData, events, platformInfo, ...identifiers } = this.recordOf(user);
		const json = JSON.stringify({
			...identifiers,
			platformInfo: shape.app
				? platformInfo
				: platformInfo.map(({ platform, objectId, push_token }) => ({
						platform,
						objectId,
						push_token,
					})),
			...(shape.profile ? { profileData } : {}),
			...(shape.events ? { events } : {}),
		});
		if (this.options.cacheRecords)
			(this.jsonCache.get(key) ?? this.jsonCache.set(key, []).get(key)!)[user] = json;
		return json;
	}
}

export const createDataset = (...args: ConstructorParameters<typeof PopulationDataset>) =>
	new PopulationDataset(...args);
