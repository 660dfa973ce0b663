import type { IDataObject } from 'n8n-workflow';

import { createRepeatFilter } from '../helpers/profileRecords';
import { simplifyProfile } from '../helpers/simplify';
import type { RecordKind } from './recordKind';

// A CSV row is the profile as Simplify gives it for an event export, in the same field order.
const SIMPLIFIED_COLUMNS = Object.keys(simplifyProfile({}, ''));

/** The profiles of the people who did an event: one record per person, who may come twice. */
export const profiles: RecordKind = {
	noun: 'profiles',
	endpoint: '/1/profiles.json',
	repeats: { option: 'dropRepeatedProfiles', createFilter: createRepeatFilter },
	shapeFor: (eventName) => ({
		simplify: (record) => simplifyProfile(record, eventName) as IDataObject,
		csvTable: (csvProperties) => ({
			columns: [...SIMPLIFIED_COLUMNS, ...csvProperties],
			cellsOf(record) {
				const simplified = simplifyProfile(record, eventName);
				const profileData = (record.profileData ?? {}) as Record<string, unknown>;
				return [
					...SIMPLIFIED_COLUMNS.map((column) => simplified[column]),
					...csvProperties.map((property) => profileData[property]),
				];
			},
			verbatimColumns: new Set(['cleverTapId']),
		}),
	}),
	fileNamePrefix: 'clevertap',
};
