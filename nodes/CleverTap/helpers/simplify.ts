import { cleverTapIdOf, type ProfileRecord } from './profileRecords';

/** A profile as the Simplify option (and the CSV file) gives it: a few flat fields. */
export interface SimplifiedProfile {
	[field: string]: string | number | string[] | null;
	cleverTapId: string | null;
	identity: string | null;
	email: string | null;
	name: string | null;
	phone: string | null;
	/** For example ["iOS", "Web"]; null when CleverTap knows no platform. */
	platforms: string[] | null;
}

/** A text field as Simplify gives it: numbers as text, empty or missing as null. */
export function textOrNull(value: unknown): string | null {
	if (typeof value === 'string') return value === '' ? null : value;
	if (typeof value === 'number') return String(value);
	return null;
}

function platformsOf(record: ProfileRecord): Array<Record<string, unknown>> {
	return Array.isArray(record.platformInfo)
		? (record.platformInfo as unknown[]).filter(
				(entry): entry is Record<string, unknown> => entry !== null && typeof entry === 'object',
			)
		: [];
}

function phoneOf(record: ProfileRecord): string | null {
	for (const platform of platformsOf(record)) {
		const phone = textOrNull(platform.phone);
		if (phone !== null) return phone;
	}
	const profileData = (record.profileData ?? {}) as Record<string, unknown>;
	return textOrNull(profileData.Phone ?? profileData.phone);
}

/** Epoch seconds as ISO 8601 in UTC, or null. */
function isoOf(epochSeconds: unknown): string | null {
	return typeof epochSeconds === 'number' && Number.isFinite(epochSeconds)
		? new Date(epochSeconds * 1000).toISOString()
		: null;
}

/**
 * The fields a workflow usually wants from a CleverTap profile, flat, each present (null when
 * CleverTap has no value). With an event name, also that event's summary from the record:
 * eventCount, firstSeen and lastSeen (ISO 8601, UTC).
 */
export function simplifyProfile(record: ProfileRecord, eventName?: string): SimplifiedProfile {
	const platforms = [
		...new Set(
			platformsOf(record)
				.map((platform) => textOrNull(platform.platform))
				.filter((name): name is string => name !== null),
		),
	];
	const simplified: SimplifiedProfile = {
		cleverTapId: cleverTapIdOf(record) ?? null,
		identity: textOrNull(record.identity),
		email: textOrNull(record.email),
		name: textOrNull(record.name),
		phone: phoneOf(record),
		platforms: platforms.length > 0 ? platforms : null,
	};
	if (eventName !== undefined) {
		const events = (record.events ?? {}) as Record<string, Record<string, unknown> | undefined>;
		const summary = events[eventName];
		simplified.eventCount = typeof summary?.count === 'number' ? summary.count : null;
		simplified.firstSeen = isoOf(summary?.first_seen);
		simplified.lastSeen = isoOf(summary?.last_seen);
	}
	return simplified;
}
