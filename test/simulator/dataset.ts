/**
 * The simulated account's users, and the questions the API asks of them: "who did event E between
 * these days" (the export) and "who has this email / identity / CleverTap ID" (the by-ID lookup).
 * Tests use the same object as ground truth.
 */
import {
	dayNumber,
	HISTORY_LAST_DAY,
	NON_EXPORTABLE_EVENTS,
	PopulationActivity,
	type EventSummary,
} from './activity';
import { personOf, type PlatformInfo } from './people';

/** A full profile record, as `profile.json` returns it and as the export returns it with `app=true`. */
export interface ProfileRecord {
	identity?: string;
	email?: string;
	name?: string;
	profileData: Record<string, string | number>;
	events: Record<string, EventSummary>;
	platformInfo: PlatformInfo[];
}

export type IdentifierType = 'email' | 'identity' | 'objectId';

/** The export's query flags: `app=true`, `events=false`, `profile=false`. */
export type ExportShape = Record<'app' | 'events' | 'profile', boolean>;

/**
 * What the export sends for a record. Without `app=true`, platformInfo keeps only platform,
 * objectId and push_token; `events=false` and `profile=false` drop those objects entirely.
 */
export function shapeForExport(record: ProfileRecord, shape: ExportShape): Partial<ProfileRecord> {
	const { profileData, events, platformInfo, ...identifiers } = record;
	return {
		...identifiers,
		platformInfo: shape.app
			? platformInfo
			: (platformInfo.map(({ platform, objectId, push_token }) => ({
					platform,
					objectId,
					...(push_token ? { push_token } : {}),
				})) as PlatformInfo[]),
		...(shape.profile ? { profileData } : {}),
		...(shape.events ? { events } : {}),
	};
}

export interface DatasetOptions {
	/** YYYYMMDD of the last day with activity (the simulator passes its today). Default: the fixed history's end, 2025-12-31. */
	lastDate?: () => number;
	/**
	 * Instead of the realistic population (people active on many days), every user launches the app
	 * on exactly one day of this range (YYYYMMDD, both included), and does the other events on that
	 * day or not at all: split into sub-ranges, an export has no person in two of them.
	 */
	oneActiveDayIn?: { from: number; to: number };
	/** Keep each exported record's JSON once built (about 1 KB per record served). */
	cacheRecords?: boolean;
}

export class PopulationDataset {
	readonly nonExportableEvents = NON_EXPORTABLE_EVENTS;
	private activityCache?: PopulationActivity;
	private identifierIndex?: Record<IdentifierType, Map<string, number>>;
	/** By export shape, then by user index; emptied when the activity is rebuilt. */
	private jsonCache = new Map<string, string[]>();

	constructor(
		readonly seed: number,
		readonly population: number,
		private readonly options: DatasetOptions = {},
	) {}

	/** As the last export left it: the records of an export's pages come from the activity it was cut from. */
	private get activity(): PopulationActivity {
		return this.activityCache ?? this.activityUpToToday();
	}

	/**
	 * Built on first use (starting a simulator stays instant), and rebuilt by an export when today
	 * has moved on, so that recent days have people in them. Earlier days never change.
	 */
	private activityUpToToday(): PopulationActivity {
		const { lastDate, oneActiveDayIn } = this.options;
		const lastDay = Math.max(HISTORY_LAST_DAY, lastDate ? dayNumber(lastDate()) : 0);
		if (this.activityCache?.lastDay !== lastDay) {
			const { seed, population } = this;
			this.activityCache = new PopulationActivity(seed, population, lastDay, oneActiveDayIn);
			this.jsonCache.clear();
		}
		return this.activityCache;
	}

	/** User indices in export order (ascending index), for an event and a YYYYMMDD range. */
	exportOrder(eventName: string, from: number, to: number): number[] {
		const [fromDay, toDay] = [dayNumber(from), dayNumber(to)];
		const activity = this.activityUpToToday();
		const users: number[] = [];
		for (let user = 0; user < this.population; user++) {
			if (activity.didEventBetween(eventName, user, fromDay, toDay)) users.push(user);
		}
		return users;
	}

	/** Profiles that did the event on a day in [from, to] (YYYYMMDD, inclusive): full records, in export order, no repeats. */
	profilesFor(eventName: string, from: number, to: number): ProfileRecord[] {
		return this.exportOrder(eventName, from, to).map((user) => this.recordOf(user));
	}

	/** Emails match whatever their case [guess: CleverTap stores emails lower-cased]; other identifiers exactly. */
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
		const events = this.activity.summariesOf(user);
		// An anonymous user has told the app nothing but where they are.
		if (name === undefined) return { profileData: { city }, events, platformInfo };
		const LTV = this.activity.lifetimeValue(user);
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
	 * A record's JSON as one export page carries it. With `cacheRecords` (benchmarks) it is built once:
	 * building and serialising 5000 made-up records takes the simulator about ten times as long as a
	 * client needs to parse them, so without the cache a benchmark would mostly time the simulator.
	 */
	exportedJson(user: number, shape: ExportShape): string {
		const json = () => JSON.stringify(shapeForExport(this.recordOf(user), shape));
		if (!this.options.cacheRecords) return json();
		const key = `${shape.app}${shape.events}${shape.profile}`;
		const records = this.jsonCache.get(key) ?? this.jsonCache.set(key, []).get(key)!;
		return (records[user] ??= json());
	}
}

export const createDataset = (...args: ConstructorParameters<typeof PopulationDataset>) =>
	new PopulationDataset(...args);
