/** How a single profile is named in a lookup: CleverTap takes one of these per call. */
export type IdentifierType = 'email' | 'identity' | 'objectId';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isEmailAddress(value: string): boolean {
	return EMAIL.test(value);
}

// The by-ID lookup's "no such profile" text is not documented; these are the forms clients report.
const NOT_FOUND_MESSAGE = /not\s*found|no\s+(such\s+)?(user|profile|record)|does\s+not\s+exist/i;

export function isNotFoundMessage(message: string): boolean {
	return NOT_FOUND_MESSAGE.test(message);
}
