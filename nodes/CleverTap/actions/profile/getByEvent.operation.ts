import type { IDataObject, IExecuteFunctions, INodeProperties, JsonObject } from 'n8n-workflow';
import { NodeApiError, updateDisplayOptions } from 'n8n-workflow';

import { chooseBatchSize, MAX_BATCH_SIZE } from '../../helpers/batchSize';
import { toDayRange } from '../../helpers/dates';
import { InvalidParameterError } from '../../helpers/InvalidParameterError';
import { checkedNumber } from '../../helpers/numbers';
import { createRepeatFilter, type ProfileRecord } from '../../helpers/records';
import { readRetryPolicy } from '../../helpers/retry';
import { cleverTapApiRequest, followCursorChain } from '../../transport';
import { requestOptions } from '../requestOptions';

const properties: INodeProperties[] = [
	{
		displayName: 'Event Name',
		name: 'eventName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'Charged',
		description:
			'The event the users did, exactly as CleverTap names it (case matters), for example Charged or App Launched',
	},
	{
		displayName: 'From Date',
		name: 'fromDate',
		type: 'dateTime',
		required: true,
		default: '',
		description:
			"First day of the range, included. Days are counted in your CleverTap account's time zone. Also accepts YYYY-MM-DD or YYYYMMDD.",
	},
	{
		displayName: 'To Date',
		name: 'toDate',
		type: 'dateTime',
		required: true,
		default: '',
		description:
			'Last day of the range, included. Cannot be later than today. Also accepts YYYY-MM-DD or YYYYMMDD.',
	},
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Batch Size',
				name: 'batchSize',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 5000 },
				default: MAX_BATCH_SIZE,
				description:
					'Profiles per page CleverTap sends. Rounded to a multiple of 23 between 23 and 4991, as CleverTap requires. Unset, the node uses the largest page with Return All, or a page just big enough for the limit.',
			},
			{
				displayName: 'Drop Repeated Profiles',
				name: 'dropRepeatedProfiles',
				type: 'boolean',
				default: true,
				description:
					'Whether to output each person once, matched by CleverTap ID, when CleverTap sends them on more than one page of the export',
			},
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
			...requestOptions,
		],
	},
];

const displayOptions = { show: { resource: ['profile'], operation: ['getByEvent'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/** CleverTap's query flags, sent only where they differ from CleverTap's own defaults. */
function exportFlags(options: IDataObject): IDataObject {
	const flags: IDataObject = {};
	if (options.includeAppFields === true) flags.app = true;
	if (options.includeEventSummary === false) flags.events = false;
	if (options.includeProfileProperties === false) flags.profile = false;
	return flags;
}

function readLimit(this: IExecuteFunctions, itemIndex: number): number | undefined {
	if (this.getNodeParameter('returnAll', itemIndex) as boolean) return undefined;
	return checkedNumber(this.getNodeParameter('limit', itemIndex), {
		label: 'Limit',
		min: 1,
		wholeNumber: true,
		hint: 'Set a Limit, or turn on Return All.',
	});
}

/**
 * Profiles of the users who did an event in a day range: one POST for an export cursor, then
 * the cursor chain to its end (or until the limit is met), each person once unless asked otherwise.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<ProfileRecord[]> {
	const eventName = String(this.getNodeParameter('eventName', itemIndex)).trim();
	if (eventName === '') {
		throw new InvalidParameterError(
			'Event Name is empty',
			'Enter the event as CleverTap names it, for example Charged.',
		);
	}
	const { from, to } = toDayRange(
		this.getNodeParameter('fromDate', itemIndex),
		this.getNodeParameter('toDate', itemIndex),
		new Date(),
		this.getTimezone(),
	);
	const limit = readLimit.call(this, itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const batchSize = chooseBatchSize(options.batchSize, limit);
	const policy = readRetryPolicy(options);

	const answer = await cleverTapApiRequest.call(
		this,
		{
			method: 'POST',
			path: '/1/profiles.json',
			qs: { batch_size: batchSize, ...exportFlags(options) },
			body: { event_name: eventName, from, to },
		},
		policy,
	);
	const { cursor } = answer;
	if (typeof cursor !== 'string' || cursor === '') {
		throw new NodeApiError(this.getNode(), answer as JsonObject, {
			message: 'CleverTap started no export: its answer had no cursor',
			description: 'Try again. If it keeps happening, CleverTap may be having trouble.',
		});
	}
	return await followCursorChain.call(this, cursor, {
		maxRecords: limit,
		accept: options.dropRepeatedProfiles === false ? undefined : createRepeatFilter(),
		policy,
	});
}
