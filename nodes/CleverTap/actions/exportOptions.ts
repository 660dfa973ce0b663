import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { MAX_BATCH_SIZE } from '../helpers/batchSize';
import { InvalidParameterError } from '../helpers/InvalidParameterError';
import { BATCH_SIZE_LIMITS } from '../helpers/limits';

/**
 * Export parameters shared by Get by Event and the CleverTap Trigger: the event, the page size,
 * and what each exported record holds (CleverTap's app, events and profile flags).
 */
export function eventNameProperty(description: string): INodeProperties {
	return {
		displayName: 'Event Name',
		name: 'eventName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'Charged',
		description,
	};
}

/** The Event Name as given, trimmed; empty is refused before any request. */
export function readEventName(value: unknown): string {
	const eventName = String(value ?? '').trim();
	if (eventName === '') {
		throw new InvalidParameterError(
			'Event Name is empty',
			'Enter the event as CleverTap names it, for example Charged.',
		);
	}
	return eventName;
}

export const batchSizeOption: INodeProperties = {
	displayName: 'Batch Size',
	name: 'batchSize',
	type: 'number',
	typeOptions: { minValue: BATCH_SIZE_LIMITS.min, maxValue: BATCH_SIZE_LIMITS.max },
	default: MAX_BATCH_SIZE,
	description:
		'Profiles per page CleverTap sends. Rounded to a multiple of 23 between 23 and 4991, as CleverTap requires. Unset, the node uses the largest page, or with a Limit a page just big enough for it.',
};

export const includeOptions: INodeProperties[] = [
	{
		displayName: 'Include App Fields',
		name: 'includeAppFields',
		type: 'boolean',
		default: false,
		description:
			'Whether to add OS version, device make and model, and app version to each profile',
	},
	{
		displayName: 'Include Event Summary',
		name: 'includeEventSummary',
		type: 'boolean',
		default: true,
		description:
			'Whether to include the per-profile event summary (count, first and last seen). It is often most of a profile: turn it off for much smaller, faster exports.',
	},
	{
		displayName: 'Include Profile Properties',
		name: 'includeProfileProperties',
		type: 'boolean',
		default: true,
		description: 'Whether to include custom profile properties (profileData)',
	},
];

/** CleverTap's query flags, sent only where they differ from CleverTap's own defaults. */
export function exportFlags(options: IDataObject): IDataObject {
	const flags: IDataObject = {};
	if (options.includeAppFields === true) flags.app = true;
	if (options.includeEventSummary === false) flags.events = false;
	if (options.includeProfileProperties === false) flags.profile = false;
	return flags;
}
