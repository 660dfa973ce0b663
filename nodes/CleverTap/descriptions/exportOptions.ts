import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { BATCH_SIZE_LIMITS, BATCH_SIZE_STEP, MAX_BATCH_SIZE } from '../helpers/batchSize';
import { checkedNumber, isUnset } from '../helpers/numbers';

/** Options of the exports (Get by Event) and the trigger: the page size and what each record holds. */
export const batchSizeOption: INodeProperties = {
	displayName: 'Batch Size',
	name: 'batchSize',
	type: 'number',
	typeOptions: { minValue: BATCH_SIZE_LIMITS.min, maxValue: BATCH_SIZE_LIMITS.max },
	default: MAX_BATCH_SIZE,
	description: `Records per page CleverTap sends. Rounded to a multiple of ${BATCH_SIZE_STEP} between ${BATCH_SIZE_STEP} and ${MAX_BATCH_SIZE}, as CleverTap requires. Unset, the node uses the largest page, or with a Limit a page just big enough for it.`,
};

/**
 * CleverTap's include flags, the same for both exports; `whose` says where the fields go: "each
 * profile", or "the profile of each event" (Get Events puts them in each record's profile).
 */
export function includeOptions(whose: string): INodeProperties[] {
	return [
		{
			displayName: 'Include App Fields',
			name: 'includeAppFields',
			type: 'boolean',
			default: false,
			description: `Whether to add OS version, device make and model, and app version to ${whose}`,
		},
		{
			displayName: 'Include Event Summary',
			name: 'includeEventSummary',
			type: 'boolean',
			default: true,
			description: `Whether to include the event summary (count, first and last seen) in ${whose}. It is often most of a profile: turn it off for much smaller, faster exports.`,
		},
		{
			displayName: 'Include Profile Properties',
			name: 'includeProfileProperties',
			type: 'boolean',
			default: true,
			description: `Whether to include custom profile properties (profileData) in ${whose}`,
		},
	];
}

/** CleverTap's query flags, sent only where they differ from CleverTap's own defaults. */
export function exportFlags(options: IDataObject): IDataObject {
	const flags: IDataObject = {};
	if (options.includeAppFields === true) flags.app = true;
	if (options.includeEventSummary === false) flags.events = false;
	if (options.includeProfileProperties === false) flags.profile = false;
	return flags;
}

/** Parallel Requests, at most the export API's concurrency limit. */
export function parallelRequestsOption(maxValue: number, description: string): INodeProperties {
	return {
		displayName: 'Parallel Requests',
		name: 'parallelRequests',
		type: 'number',
		typeOptions: { minValue: 1, maxValue },
		default: 1,
		description,
	};
}

export function readParallelRequests(value: unknown, maxValue: number): number {
	return isUnset(value)
		? 1
		: checkedNumber(value, {
				label: 'Parallel Requests',
				min: 1,
				max: maxValue,
				wholeNumber: true,
				hint: `CleverTap allows ${maxValue} concurrent requests per account for this API: use 1 to ${maxValue}.`,
			});
}

/** Account Time Zone: which offset an event's time (CleverTap's local yyyyMMddHHmmss) gets. */
export const accountTimeZoneOption: INodeProperties = {
	displayName: 'Account Time Zone',
	name: 'accountTimeZone',
	type: 'string',
	default: '',
	placeholder: 'Europe/Berlin',
	description:
		"The time zone of your CleverTap account (Settings > Account in CleverTap), as an IANA name. CleverTap gives each event's time in it without saying which: set, Simplify and CSV write times with its offset (2024-01-05T12:34:56+01:00); empty, without an offset (2024-01-05T12:34:56).",
};
