import type { IDataObject } from 'n8n-workflow';

import { simplifyEvent } from '../helpers/eventRecords';
import { readAccountTimeZone } from '../helpers/eventTime';
import type { RecordKind } from './recordKind';

// A CSV row is the event as Simplify gives it, in the same field order.
const SIMPLIFIED_COLUMNS = Object.keys(simplifyEvent({}));

/**
 * Each time anyone did an event: one record per occurrence. One person's several occurrences are
 * all real, so there is no repeat filter; an occurrence falls on one day, so parts never share one.
 */
export const events: RecordKind = {
	noun: 'events',
	endpoint: '/1/events.json',
	shapeFor(_eventName, options) {
		const accountTimeZone = readAccountTimeZone(options.accountTimeZone);
		return {
			simplify: (record) => simplifyEvent(record, accountTimeZone) as IDataObject,
			csvTable: (csvProperties) => ({
				columns: [...SIMPLIFIED_COLUMNS, ...csvProperties],
				cellsOf(record) {
					const simplified = simplifyEvent(record, accountTimeZone);
					return [
						...SIMPLIFIED_COLUMNS.map((column) => simplified[column]),
						...csvProperties.map((property) => simplified.properties[property]),
					];
				},
				verbatimColumns: new Set(['cleverTapId']),
			}),
		};
	},
	fileNamePrefix: 'clevertap-events',
};
