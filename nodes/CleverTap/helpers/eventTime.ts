import { DateTime, IANAZone } from 'luxon';

import { InvalidParameterError } from './InvalidParameterError';

const TIMESTAMP = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/;

/**
 * An event's `ts` (yyyyMMddHHmmss, in the account's time zone) as ISO 8601: without an offset
 * when the account's zone is not known (`2024-01-05T12:34:56`), with that zone's offset on
 * that day when it is (`2024-01-05T12:34:56+01:00`). Null when `ts` is not such a time.
 */
export function eventTimeIso(ts: unknown, accountTimeZone?: string): string | null {
	const match = TIMESTAMP.exec(typeof ts === 'number' || typeof ts === 'string' ? String(ts) : '');
	if (!match) return null;
	const [year, month, day, hour, minute, second] = match.slice(1).map(Number);
	const local = DateTime.fromObject(
		{ year, month, day, hour, minute, second },
		{ zone: accountTimeZone ?? 'UTC' },
	);
	if (!local.isValid) return null;
	return accountTimeZone === undefined
		? local.toISO({ suppressMilliseconds: true, includeOffset: false })
		: local.toISO({ suppressMilliseconds: true });
}

/** The Account Time Zone option: an IANA zone name, or undefined when unset. */
export function readAccountTimeZone(value: unknown): string | undefined {
	const zone = typeof value === 'string' ? value.trim() : '';
	if (zone === '') return undefined;
	if (!IANAZone.isValidZone(zone)) {
		throw new InvalidParameterError(
			`Account Time Zone "${zone}" is not a time zone`,
			'Enter the time zone set in your CleverTap account as an IANA name, for example Europe/Berlin or Asia/Kolkata, or leave it empty.',
		);
	}
	return zone;
}
