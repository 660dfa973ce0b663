import { eventTimeIso } from './eventTime';
import { textOrNull } from './simplify';

/** A Get Events record: one occurrence, with the profile of who did it. */
export type EventRecord = Record<string, unknown>;

/** An event as Simplify (and the CSV file) gives it: who, when, and the event's own properties. */
export interface SimplifiedEvent {
	[field: string]: string | Record<string, unknown> | null;
	cleverTapId: string | null;
	identity: string | null;
	email: string | null;
	name: string | null;
	/** ISO 8601, see eventTimeIso. */
	time: string | null;
	/** The event's own properties, kept together so that none collides with the fields above. */
	properties: Record<string, unknown>;
}

function objectOf(value: unknown): Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value)
		? (value as Record<string, unknown>)
		: {};
}

export function simplifyEvent(record: EventRecord, accountTimeZone?: string): SimplifiedEvent {
	const profile = objectOf(record.profile);
	return {
		cleverTapId: textOrNull(profile.objectId),
		identity: textOrNull(profile.identity),
		email: textOrNull(profile.email),
		name: textOrNull(profile.name),
		time: eventTimeIso(record.ts, accountTimeZone),
		properties: objectOf(record.event_props),
	};
}
