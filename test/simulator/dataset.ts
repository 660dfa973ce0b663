/**
 * The simulated account's users, and the questions the API asks of them: "who did event E between
 * these days" (the export) and "who has this email / identity / CleverTap ID" (the by-ID lookup).
 * Tests use the same object as ground truth.
 */
import {
	EXPORTABLE_EVENTS,
	NON_EXPORTABLE_EVENTS,
	PopulationActivity,
	type DaySpan,
	type EventSummary,
} from './activity';
import { dayNumber, HISTORY_END } from './dates';
import { personOf, type PlatformInfo } from './people';

export type { EventSummary } from './activity';
export type { PlatformInfo, Platform } from './people';

export type ProfileValue = string | number | boolean;

/** A full profile record, as `profile.json` returns it and as the export returns it with `app=true`. */
export interface ProfileRecord {
	identity?: string;
	email?: string;
	name?: string;
	profileData: Record<string, ProfileValue>;
	events: Record<string, EventSummary>;
	platformInfo: PlatformInfo[];
}

export type IdentifierType = 'email' | 'identity' | 'objectId';

export interface Dataset {
	/** Every event name the account knows: the exportable ones and the non-exportable ones. */
	events: string[];
	exportableEvents: string[];
	nonExportableEvents: string[];
	population: number;
	/** Profiles that did the event on a day in [from, to] (YYYYMMDD, inclusive): full records, in export order, no repeats. */
	profilesFor(eventName: string, from: number, to: number): ProfileRecord[];
	findBy(type: IdentifierType, value: string): ProfileRecord | undefined;
}

/** The export's query flags: `app=true`, `events=false`, `profile=false`. */
export interface ExportShape {
	app: boolean;
	events: boolean;
	profile: boolean;
}

/** A record as one export page carries it: trimmed according to the query flags. */
export type ExportedRecord = Omit<ProfileRecord, 'profileData' | 'events' | 'platformInfo'> & {
	profileData?: ProfileRecord['profileData'];
	events?: ProfileRecord['events'];
	platformInfo: Array<
		Pick<PlatformInfo, 'platform' | 'objectId' | 'push_token'> & Partial<PlatformInfo>
	>;
};

export const FULL_EXPORT_SHAPE: ExportShape = { app: true, events: true, profile: true };

/**
 * What the export sends for a record. Without `app=true`, platformInfo keeps only platform,
 * objectId and push_token; `events=false` and `profile=false` drop those objects entirely.
 * Tests use this to compare an export with `profilesFor`.
 */
export function shapeForExport(record: ProfileRecord, shape: ExportShape): ExportedRecord {
	const { profileData, events, platformInfo, ...identifiers } = record;
	const exported: ExportedRecord = { ...identifiers, platformInfo: [] };
	if (shape.profile) exported.profileData = profileData;
	if (shape.events) exported.events = events;
	exported.platformInfo = shape.app
		? platformInfo
		: platformInfo.map(({ platform, objectId, push_token }) => ({
				platform,
				objectId,
				...(push_token ? { push_token } : {}),
			}));
	return exported;
}

export class PopulationDataset implements Dataset {
	readonly events: string[] = [...EXPORTABLE_EVENTS, ...NON_EXPORTABLE_EVENTS];
	readonly exportableEvents: string[] = [...EXPORTABLE_EVENTS];
	readonly nonExportableEvents: string[] = [...NON_EXPORTABLE_EVENTS];
	private activityCache?: PopulationActivity;
	private identifierIndex?: Record<IdentifierType, Map<string, number>>;

	/**
	 * @param lastDate YYYYMMDD of the last day with activity, or a function giving it: the simulator
	 * passes its today, so that recent days have people in them (the activity is rebuilt when
	 * today moves on). Never before the end of the fixed history, 2025-12-31.
	 */
	constructor(
		readonly seed: number,
		readonly population: number,
		private readonly lastDate: number | (() => number) = HISTORY_END,
		private readonly oneActiveDayIn?: DaySpan,
	) {}

	/**
	 * Built on first use: starting a simulator stays instant, and the cost is paid once, not per
	 * request. An export brings it up to date (today may have moved on); the records of its pages
	 * are read from the activity as it is.
	 */
	private get activity(): PopulationActivity {
		return this.activityCache ?? this.currentActivity();
	}

	private currentActivity(): PopulationActivity {
		const lastDate = typeof this.lastDate === 'function' ? this.lastDate() : this.lastDate;
		const lastDay = Math.max(dayNumber(HISTORY_END), dayNumber(lastDate));
		if (this.activityCache?.lastDay !== lastDay) {
			this.activityCache = new PopulationActivity(
				this.seed,
				this.population,
				lastDay,
				this.oneActiveDayIn,
			);
		}
		return this.activityCache;
	}

	/** User indices in export order (ascending index), for an event and a YYYYMMDD range. */
	exportOrder(eventName: string, from: number, to: number): number[] {
		const fromDay = dayNumber(from);
		const toDay = dayNumber(to);
		const users: number[] = [];
		const activity = this.currentActivity();
		for (let user = 0; user < this.population; user++) {
			if (activity.didEventBetween(eventName, user, fromDay, toDay)) users.push(user);
		}
		return users;
	}

	profilesFor(eventName: string, from: number, to: number): ProfileRecord[] {
		return this.exportOrder(eventName, from, to).map((user) => this.recordOf(user));
	}

	findBy(type: IdentifierType, value: string): ProfileRecord | undefined {
		const user = this.indexOf(type, value);
		return user === undefined ? undefined : this.recordOf(user);
	}

	/** Emails match whatever their case [guess: CleverTap stores emails lower-cased]; other identifiers exactly. */
	indexOf(type: IdentifierType, value: string): number | undefined {
		this.identifierIndex ??= this.buildIdentifierIndex();
		return this.identifierIndex[type].get(type === 'email' ? value.toLowerCase() : value);
	}

	recordOf(user: number): ProfileRecord {
		const person = personOf(this.seed, user);
		return {
			...(person.identity !== undefined ? { identity: person.identity } : {}),
			...(person.email !== undefined ? { email: person.email } : {}),
			...(person.name !== undefined ? { name: person.name } : {}),
			profileData:
				person.name === undefined
					? { city: person.city } // an anonymous user has told the app nothing but where they are
					: this.customProperties(user, person.city, person.plan, person.language),
			events: this.activity.summariesOf(user),
			platformInfo: person.platformInfo,
		};
	}

	private customProperties(
		user: number,
		city: string,
		plan: string,
		language: string,
	): Record<string, ProfileValue> {
		const lifetimeValue = this.activity.lifetimeValue(user);
		const customerType =
			lifetimeValue >= 2000
				? 'Platinum'
				: lifetimeValue >= 800
					? 'Gold'
					: lifetimeValue >= 200
						? 'Silver'
						: 'Bronze';
		return {
			'Customer Type': customerType,
			plan,
			city,
			LTV: lifetimeValue,
			'Preferred Language': language,
		};
	}

	private buildIdentifierIndex(): Record<IdentifierType, Map<string, number>> {
		const index: Record<IdentifierType, Map<string, number>> = {
			email: new Map(),
			identity: new Map(),
			objectId: new Map(),
		};
		for (let user = 0; user < this.population; user++) {
			const person = personOf(this.seed, user);
			index.objectId.set(person.objectId, user);
			if (person.identity !== undefined) index.identity.set(person.identity, user);
			if (person.email !== undefined) index.email.set(person.email.toLowerCase(), user);
		}
		return index;
	}
}

/** `oneActiveDayIn`: YYYYMMDD days, both included (see SimulatorOptions). */
export function createDataset(
	seed: number,
	population: number,
	lastDate?: number | (() => number),
	oneActiveDayIn?: { from: number; to: number },
): PopulationDataset {
	const span = oneActiveDayIn && {
		fromDay: dayNumber(oneActiveDayIn.from),
		toDay: dayNumber(oneActiveDayIn.to),
	};
	return new PopulationDataset(seed, population, lastDate, span);
}
