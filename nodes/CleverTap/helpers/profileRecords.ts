import { fingerprint53, FingerprintSet } from './fingerprint';

/** A CleverTap profile record, as the API returns it. */
export type ProfileRecord = Record<string, unknown>;

/** The CleverTap ID (objectId) of a profile record: CleverTap keeps it in platformInfo. */
export function cleverTapIdOf(record: ProfileRecord): string | undefined {
	const platforms = Array.isArray(record.platformInfo) ? record.platformInfo : [];
	for (const platform of platforms) {
		const objectId = (platform as ProfileRecord | null)?.objectId;
		if (typeof objectId === 'string' && objectId !== '') return objectId;
	}
	return undefined;
}

/**
 * A filter that lets each CleverTap ID through once: a person can appear on two pages of one
 * export. It remembers 53-bit fingerprints, not the IDs (see FingerprintSet). Records without a
 * CleverTap ID can't be matched and always pass.
 */
export function createRepeatFilter(): (record: ProfileRecord) => boolean {
	const seen = new FingerprintSet();
	return (record) => {
		const id = cleverTapIdOf(record);
		return id === undefined || seen.add(fingerprint53(id));
	};
}
