/**
 * The Upload API (`POST /1/upload`, {"d": [record, ...]}) and Delete user profiles
 * (`POST /1/delete/profiles.json`), over a profile store of their own: uploads never change the
 * seeded population, which stays the exports' ground truth [guess]. Tests read the store. Not
 * modelled: the live-campaign window for events (2 h past, 2 min future [doc]): no campaigns here.
 */
import { randomBytes } from 'node:crypto';

import {
	answerWith,
	fail,
	refusalUnlessJson,
	success,
	type FaultSwitchboard,
	type Reply,
} from './faults';

/** A profile as uploads left it. */
export interface StoredProfile {
	objectId: string;
	identity?: string;
	profileData: Record<string, unknown>;
}

/** An event as an upload recorded it. */
export interface StoredEvent {
	identity?: string;
	objectId: string; // of the profile it was recorded on
	evtName: string;
	evtData: Record<string, unknown>;
	ts: number; // epoch seconds
}

const MAX_RECORDS = 1000; // a request [doc]
const MAX_DELETES = 100; // a request [doc]
/** Cannot be uploaded, code 513 [doc: "App Launched, Notification Viewed, ..."; the rest guess]. */
const SYSTEM_EVENTS = [
	'App Launched',
	'App Installed',
	'App Uninstalled',
	'Notification Sent',
	'Notification Viewed',
	'Notification Clicked',
	'Session Concluded',
	'UTM Visited',
];
const SUBSCRIPTION_FLAGS = ['MSG-email', 'MSG-push', 'MSG-sms', 'MSG-whatsapp'];
/** [guess] The page says $delete works on "some standard fields" only, not which: these. */
const DELETABLE_STANDARD_KEYS = ['Name', 'Email', 'Phone', 'Gender', 'DOB'];
const STANDARD_KEYS = [...DELETABLE_STANDARD_KEYS, ...SUBSCRIPTION_FLAGS];
const MAX_CUSTOM_KEYS = 256;
const MAX_EVENT_PROPERTIES = 100; // the newer page's default [doc]
const bytes = (text: string) => Buffer.byteLength(text);

/** A record refused: its per-record code [doc] and [guess] message. */
class Refusal {
	constructor(
		readonly code: number,
		readonly error: string,
	) {}
}
const refuse = (code: number, error: string): never => {
	throw new Refusal(code, error);
};

const isObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** Checks one standard or custom property's value (or operator); throws a Refusal. */
function checkProperty(key: string, value: unknown): void {
	if (bytes(key) > 120) refuse(522, `Property key too long: ${key.slice(0, 40)}...`);
	if (isObject(value)) {
		const [operator, ...others] = Object.keys(value);
		const operand = value[operator];
		if (others.length > 0) refuse(512, `One operator a property: ${key}`);
		if (operator === '$add' || operator === '$remove') {
			if (!Array.isArray(operand) || operand.some((item) => typeof item !== 'string'))
				refuse(512, `${operator} takes an array of strings: ${key}`);
			return checkProperty(key, operand);
		}
		if (operator === '$incr' || operator === '$decr') {
			if (typeof operand !== 'number' || !Number.isFinite(operand))
				refuse(512, `${operator} takes a number: ${key}`);
			return;
		}
		if (operator === '$delete') {
			if (STANDARD_KEYS.includes(key) && !DELETABLE_STANDARD_KEYS.includes(key))
				refuse(512, `${key} cannot be deleted`);
			return;
		}
		refuse(512, `Unknown operator ${operator}: ${key}`);
	}
	const text = typeof value === 'string' ? value : undefined;
	// Standard keys: the codes are the page's [doc]; which of 517-520 goes with what is [guess].
	if (key === 'Email' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(text ?? ''))
		refuse(515, 'Invalid Email');
	if (key === 'Phone' && !/^\+\d{7,15}$/.test(text ?? '')) refuse(516, 'Invalid Phone Number');
	if (key === 'Gender' && text !== 'M' && text !== 'F') refuse(514, 'Invalid Gender');
	if (key === 'DOB' && !/^\$D_\d+$/.test(text ?? '')) refuse(517, 'Invalid Date of Birth');
	if (SUBSCRIPTION_FLAGS.includes(key) && typeof value !== 'boolean')
		refuse(518, `${key} must be true or false`);
	if (key === 'Name' && text === undefined) refuse(519, 'Invalid Name');
	if (Array.isArray(value)) {
		if (value.length > 100 || value.some((item) => typeof item !== 'string' || bytes(item) > 512))
			refuse(522, `Multi-value property over its limits: ${key}`);
	} else if (text !== undefined && bytes(text) > 512)
		refuse(522, `Property value too long: ${key}`);
	else if (!['string', 'number', 'boolean'].includes(typeof value))
		refuse(512, `Invalid property value: ${key}`);
}

/** The checked record: who it is for, and what to apply. Throws a Refusal. */
function checkRecord(record: unknown) {
	if (!isObject(record)) return refuse(512, 'Invalid record structure');
	const { type, identity, objectId, ts } = record;
	if (type !== 'profile' && type !== 'event')
		refuse(524, 'Record type must be either event or profile');
	if (identity === undefined && objectId === undefined) refuse(523, 'Identity missing');
	// [guess] An identity is a non-empty string or a number; an objectId a CleverTap-ID-like string.
	const identityGiven =
		(typeof identity === 'string' && identity !== '') || Number.isFinite(identity);
	if (identity !== undefined && !identityGiven) refuse(523, 'Identity missing');
	if (
		objectId !== undefined &&
		(typeof objectId !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(objectId))
	)
		refuse(526, 'Invalid objectId');
	// Epoch seconds [doc]: [guess] an integer before the year 2286 (milliseconds are far beyond it).
	if (ts !== undefined && !(Number.isInteger(ts) && (ts as number) >= 0 && (ts as number) < 1e10))
		refuse(525, 'Timestamp must be in epoch seconds');
	const who = {
		identity: identity === undefined ? undefined : String(identity),
		objectId: objectId as string | undefined,
		ts: ts as number | undefined,
	};
	if (type === 'profile') {
		const { profileData } = record;
		if (!isObject(profileData)) return refuse(512, 'profileData must be an object');
		const custom = Object.keys(profileData).filter((key) => !STANDARD_KEYS.includes(key));
		if (custom.length > MAX_CUSTOM_KEYS) refuse(522, 'Too many custom profile properties');
		for (const [key, value] of Object.entries(profileData)) checkProperty(key, value);
		return { ...who, profileData };
	}
	const { evtName, evtData = {} } = record;
	if (typeof evtName !== 'string' || evtName === '') return refuse(509, 'Event name missing');
	if (SYSTEM_EVENTS.includes(evtName)) refuse(513, `${evtName} is a restricted system event`);
	if (!isObject(evtData)) return refuse(512, 'evtData must be an object');
	if (Object.keys(evtData).length > MAX_EVENT_PROPERTIES) refuse(522, 'Too many event properties');
	return { ...who, evtName, evtData };
}

/** A property after an operator (or a plain value) is applied; undefined: deleted. */
function applied(current: unknown, value: unknown): unknown {
	if (!isObject(value)) return value;
	const list = Array.isArray(current) ? current : current === undefined ? [] : [String(current)];
	if ('$add' in value) return [...new Set([...list, ...(value.$add as string[])])];
	if ('$remove' in value) return list.filter((item) => !(value.$remove as string[]).includes(item));
	const base = typeof current === 'number' ? current : 0; // [guess] missing or not a number: 0
	if ('$incr' in value) return base + (value.$incr as number);
	if ('$decr' in value) return base - (value.$decr as number);
	return undefined; // $delete
}

export function uploadStore(faults: FaultSwitchboard, clock: () => number) {
	const profiles = new Map<string, StoredProfile>(); // by objectId
	const byIdentity = new Map<string, StoredProfile>();
	const events: StoredEvent[] = [];

	/**
	 * The profile of an identity or objectId, created if unknown (an upsert [doc]); [guess] given
	 * both, the identity's profile, else the objectId's, which takes the identity if it has none.
	 */
	function profileFor(identity?: string, objectId?: string): StoredProfile {
		const known =
			(identity !== undefined && byIdentity.get(identity)) ||
			(objectId !== undefined && profiles.get(objectId)) ||
			undefined;
		const profile = known ?? {
			objectId: objectId ?? `__${randomBytes(16).toString('hex')}`,
			profileData: {},
		};
		profiles.set(profile.objectId, profile);
		if (identity !== undefined && profile.identity === undefined) {
			profile.identity = identity;
			byIdentity.set(identity, profile);
		}
		return profile;
	}

	function apply(record: ReturnType<typeof checkRecord>): void {
		const profile = profileFor(record.identity, record.objectId);
		if ('evtName' in record) {
			const ts = record.ts ?? Math.floor(clock() / 1000); // now, by default [doc]
			const { evtName, evtData } = record;
			events.push({ identity: profile.identity, objectId: profile.objectId, evtName, evtData, ts });
			return;
		}
		for (const [key, value] of Object.entries(record.profileData)) {
			const next = applied(profile.profileData[key], value);
			if (next === undefined) delete profile.profileData[key];
			else profile.profileData[key] = next;
		}
	}

	/**
	 * Every record checked, the good ones applied: HTTP 200 even when records fail [seen]. Each
	 * refusal echoes its record [doc], unless `echo` is false (the refusalsWithoutRecord fault).
	 */
	function recordAll(body: unknown, echo = true): Reply {
		const records = isObject(body) ? body.d : undefined;
		// [guess] Texts; a request-level problem is HTTP 400 with CleverTap's failure body.
		if (!Array.isArray(records)) return fail(400, 'Request body must be {"d": [records]}', 400);
		if (records.length > MAX_RECORDS)
			return fail(400, `At most ${MAX_RECORDS} records a request`, 400);
		const checked: Array<ReturnType<typeof checkRecord>> = [];
		const unprocessed: object[] = [];
		for (const record of records) {
			try {
				checked.push(checkRecord(record));
			} catch (error) {
				if (!(error instanceof Refusal)) throw error;
				const refusal = { status: 'fail', code: error.code, error: error.error };
				unprocessed.push(echo ? { ...refusal, record } : refusal);
			}
		}
		checked.forEach(apply);
		const status = unprocessed.length === 0 ? 'success' : checked.length > 0 ? 'partial' : 'fail';
		const answer = { status, processed: checked.length, unprocessed };
		return { status: 200, text: JSON.stringify(answer) };
	}

	/** `POST /1/upload`; its own faults come around the recording, the others replace the answer. */
	async function upload(contentType: string | undefined, body: unknown): Promise<Reply> {
		const notJson = refusalUnlessJson(contentType);
		if (notJson) return notJson;
		const fault = faults.fire('post', [
			'serverErrorBeforeRecording',
			'serverErrorAfterRecording',
			'dropAfterRecording',
			'slowBatch',
			'refusalsWithoutRecord',
		]);
		const serverError = () => fail(500, 'Internal Server Error', 500);
		switch (fault?.kind) {
			case 'serverErrorBeforeRecording':
				return serverError();
			case 'serverErrorAfterRecording':
			case 'dropAfterRecording': {
				const answer = recordAll(body);
				if (typeof answer === 'object' && answer.status !== 200) return answer;
				return fault.kind === 'dropAfterRecording' ? 'dropConnection' : serverError();
			}
			case 'slowBatch':
				await new Promise((resolve) => setTimeout(resolve, fault.delayMs ?? 2000));
				return recordAll(body);
			case 'refusalsWithoutRecord':
				return recordAll(body, false);
			default:
				return answerWith(fault, () => recordAll(body));
		}
	}

	/** `POST /1/delete/profiles.json` with identity or guid (the CleverTap ID), one or a list. */
	function deleteProfiles(contentType: string | undefined, body: unknown): Reply {
		const notJson = refusalUnlessJson(contentType);
		if (notJson) return notJson;
		const { identity, guid } = isObject(body) ? body : {};
		// Both at once is refused with HTTP 400 [doc]; [guess] so is neither, and the texts.
		if ((identity === undefined) === (guid === undefined))
			return fail(400, 'Give either identity or guid', 400);
		const given = identity ?? guid;
		const ids = Array.isArray(given) ? given : [given];
		if (ids.length > MAX_DELETES)
			return fail(400, `At most ${MAX_DELETES} profiles a request`, 400);
		if (ids.some((id) => typeof id !== 'string' || id === ''))
			return fail(400, `${identity === undefined ? 'guid' : 'identity'} must be text`, 400);
		return answerWith(faults.fire('post'), () => {
			for (const id of ids as string[]) {
				const profile = identity === undefined ? profiles.get(id) : byIdentity.get(id);
				if (!profile) continue; // not an error [guess]
				profiles.delete(profile.objectId);
				if (profile.identity !== undefined) byIdentity.delete(profile.identity);
			}
			return success({});
		});
	}

	return {
		upload,
		deleteProfiles,
		/** For tests: what uploads left. */
		state: {
			profiles, // by objectId
			events, // in the order recorded
			/** The profile of an identity (or, failing that, an objectId). */
			find: (id: string) => byIdentity.get(id) ?? profiles.get(id),
			clear: () => {
				profiles.clear();
				byIdentity.clear();
				events.splice(0);
			},
		},
	};
}
