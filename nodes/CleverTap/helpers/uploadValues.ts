/**
 * What one item's properties become in an Upload API record, checked against CleverTap's limits
 * before anything is sent (clevertap-api.md, "Upload API"). Pure: throws InvalidParameterError
 * naming the field, so that the item can be refused on its own.
 */
import { DateTime } from 'luxon';

import { isEmailAddress } from './identifiers';
import { InvalidParameterError } from './InvalidParameterError';

export const MAX_KEY_BYTES = 120;
export const MAX_VALUE_BYTES = 512;
export const MAX_CUSTOM_PROFILE_KEYS = 256;

const STANDARD_PROFILE_KEYS = new Set([
	'Name',
	'Email',
	'Phone',
	'Gender',
	'DOB',
	'Identity',
	'MSG-email',
	'MSG-push',
	'MSG-sms',
	'MSG-whatsapp',
]);

/** CleverTap records these itself and refuses them in uploads (code 513). */
const SYSTEM_EVENTS = new Set([
	'App Launched',
	'App Installed',
	'App Uninstalled',
	'Notification Sent',
	'Notification Viewed',
	'Notification Clicked',
	'Session Concluded',
	'UTM Visited',
]);

const OPERATORS = new Set(['$add', '$remove', '$incr', '$decr', '$delete']);
/** Operators that count twice when a request is sent twice. */
const UNREPEATABLE_OPERATORS = new Set(['$incr', '$decr']);

const PHONE = /^\+\d{7,15}$/;

/**
 * Whether text is over a limit in UTF-8 bytes. Each UTF-16 unit is 1 to 3 bytes, so most texts are
 * decided by their length alone: counting bytes is the slow path.
 */
export function isOverBytes(text: string, limit: number): boolean {
	if (text.length > limit) return true;
	if (text.length * 3 <= limit) return false;
	return utf8Length(text) > limit;
}

/** UTF-8 length without Buffer, which shipped code may not use. */
export function utf8Length(text: string): number {
	let length = 0;
	for (const character of text) {
		const code = character.codePointAt(0) as number;
		length += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
	}
	return length;
}

const DATE_HINT =
	'Use a date, ISO text such as 2024-05-01T09:30:00 (read in the workflow time zone unless it has an offset), or epoch seconds.';

const OFFSET_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i;

/** Epoch seconds of a date-like value; ISO text without an offset is read in `timeZone`. */
export function toEpochSeconds(value: unknown, field: string, timeZone: string): number {
	let millis: number | undefined;
	if (value instanceof Date) millis = value.getTime();
	else if (DateTime.isDateTime(value)) millis = value.toMillis();
	else if (typeof value === 'number') millis = value > 1e11 ? value : value * 1000;
	else if (typeof value === 'string' && value.trim() !== '') {
		const text = value.trim();
		if (/^\d+$/.test(text)) return toEpochSeconds(Number(text), field, timeZone);
		// With its own offset the zone does not matter, and Date.parse is far cheaper than Luxon's zones.
		if (OFFSET_DATE_TIME.test(text)) millis = Date.parse(text);
		if (millis !== undefined && Number.isFinite(millis)) return Math.floor(millis / 1000);
		const parsed = DateTime.fromISO(text, { zone: timeZone });
		if (parsed.isValid) millis = parsed.toMillis();
	}
	if (millis === undefined || !Number.isFinite(millis)) {
		throw new InvalidParameterError(`${field}: "${String(value)}" is not a date`, DATE_HINT);
	}
	return Math.floor(millis / 1000);
}

/** CleverTap's date value. */
export function toCleverTapDate(value: unknown, field: string, timeZone: string): string {
	return `$D_${toEpochSeconds(value, field, timeZone)}`;
}

export type RecordKind = 'profile' | 'event';

export interface ShapeRules {
	kind: RecordKind;
	/** Properties sent as dates whatever their value looks like. */
	dateFields: ReadonlySet<string>;
	timeZone: string;
}

export interface ShapedProperties {
	properties: Record<string, unknown>;
	/** A $incr or $decr: the record must not be sent twice. */
	unrepeatable: boolean;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' &&
	value !== null &&
	!Array.isArray(value) &&
	!(value instanceof Date) &&
	!DateTime.isDateTime(value);

function checkText(text: string, field: string): void {
	if (isOverBytes(text, MAX_VALUE_BYTES)) {
		throw new InvalidParameterError(
			`Property "${field}" is longer than ${MAX_VALUE_BYTES} bytes`,
			'CleverTap refuses longer values: shorten it, or leave the property out.',
		);
	}
}

function checkStringList(list: unknown[], field: string): string[] {
	if (list.some((entry) => typeof entry !== 'string')) {
		throw new InvalidParameterError(
			`Property "${field}" is a list with values that are not text`,
			'CleverTap multi-value properties are lists of text: convert the values to text.',
		);
	}
	for (const entry of list as string[]) checkText(entry, field);
	return list as string[];
}

function checkStandardValue(key: string, value: unknown): void {
	if (key === 'Phone' && !(typeof value === 'string' && PHONE.test(value))) {
		throw new InvalidParameterError(
			`Phone "${String(value)}" is not a phone number CleverTap takes`,
			'Give it as + and the country code, then the number, digits only: +14155550123.',
		);
	}
	if (key === 'Email' && !(typeof value === 'string' && isEmailAddress(value))) {
		throw new InvalidParameterError(
			`Email "${String(value)}" is not an email address`,
			'Give an address such as jane@example.com, or leave Email out.',
		);
	}
}

function shapeOperator(key: string, value: Record<string, unknown>, kind: RecordKind) {
	const names = Object.keys(value);
	if (kind === 'profile' && names.length === 1 && OPERATORS.has(names[0])) {
		const operand = value[names[0]];
		if (names[0] === '$add' || names[0] === '$remove') {
			checkStringList(Array.isArray(operand) ? operand : [operand], key);
		}
		return { value, unrepeatable: UNREPEATABLE_OPERATORS.has(names[0]) };
	}
	throw new InvalidParameterError(
		`Property "${key}" is an object, and CleverTap has no nested properties`,
		kind === 'profile'
			? 'Give a text, number, true/false, date or list of texts, or one operator such as {"$incr": 1}.'
			: 'Event properties take a text, number, true/false, date or list of texts (no operators).',
	);
}

/** One item's properties as CleverTap takes them; null and undefined are left out. */
export function shapeProperties(
	input: Record<string, unknown>,
	{ kind, dateFields, timeZone }: ShapeRules,
): ShapedProperties {
	const properties: Record<string, unknown> = {};
	let unrepeatable = false;
	let customKeys = 0;
	for (const [key, value] of Object.entries(input)) {
		if (value === null || value === undefined) continue;
		if (key.trim() === '') {
			throw new InvalidParameterError('A property has no name', 'Give every property a key.');
		}
		if (isOverBytes(key, MAX_KEY_BYTES)) {
			throw new InvalidParameterError(
				`Property name "${key.slice(0, 40)}..." is longer than ${MAX_KEY_BYTES} bytes`,
				'CleverTap refuses longer names: shorten it.',
			);
		}
		if (kind === 'profile' && !STANDARD_PROFILE_KEYS.has(key)) customKeys++;
		let shaped: unknown = value;
		if (dateFields.has(key) || value instanceof Date || DateTime.isDateTime(value)) {
			shaped = toCleverTapDate(value, key, timeZone);
		} else if (Array.isArray(value)) {
			shaped = checkStringList(value, key);
		} else if (isPlainObject(value)) {
			const operator = shapeOperator(key, value, kind);
			shaped = operator.value;
			unrepeatable ||= operator.unrepeatable;
		} else if (typeof value === 'string') {
			checkText(value, key);
		} else if (typeof value !== 'number' && typeof value !== 'boolean') {
			throw new InvalidParameterError(
				`Property "${key}" has a value CleverTap cannot store`,
				'Give a text, number, true/false, date or list of texts.',
			);
		}
		if (kind === 'profile' && !isPlainObject(shaped)) checkStandardValue(key, shaped);
		properties[key] = shaped;
	}
	if (customKeys > MAX_CUSTOM_PROFILE_KEYS) {
		throw new InvalidParameterError(
			`The profile has ${customKeys} custom properties, more than CleverTap's ${MAX_CUSTOM_PROFILE_KEYS}`,
			'Leave some out with Fields to Ignore, or send them in another run.',
		);
	}
	return { properties, unrepeatable };
}

/** An event name an upload may carry. */
export function checkEventName(value: unknown): string {
	const name = typeof value === 'string' ? value.trim() : '';
	if (name === '') {
		throw new InvalidParameterError(
			'Event Name is empty',
			'Enter the event to record, such as Deal Won.',
		);
	}
	if (SYSTEM_EVENTS.has(name)) {
		throw new InvalidParameterError(
			`"${name}" is one of CleverTap's system events, which cannot be uploaded (code 513)`,
			'CleverTap records it itself: choose a name of your own, such as Deal Won.',
		);
	}
	if (isOverBytes(name, MAX_KEY_BYTES)) {
		throw new InvalidParameterError(
			`Event Name is longer than ${MAX_KEY_BYTES} bytes`,
			'Shorten it.',
		);
	}
	return name;
}

/** The identifier of the profile a record is for: present, as text. */
export function checkIdentifier(value: unknown, label: string): string {
	const text =
		typeof value === 'number' && Number.isFinite(value)
			? String(value)
			: typeof value === 'string'
				? value.trim()
				: '';
	if (text === '') {
		throw new InvalidParameterError(
			`${label} is empty`,
			'Map it from the input with an expression, such as {{ $json.email }}, or leave this item out.',
		);
	}
	checkText(text, label);
	return text;
}
