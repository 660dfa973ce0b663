import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	batchSizeOption,
	includeOptions,
	parallelRequestsOption,
} from '../../descriptions/exportOptions';
import { csvPropertiesOption, exportProperties } from '../../descriptions/exportParameters';
import { requestOptions } from '../../descriptions/requestOptions';
import { profiles } from '../../exports/profiles';
import { maxParallelRequests, runExport } from '../../exports/runner';

const MAX_PARALLEL = maxParallelRequests(profiles);

const properties = exportProperties(
	{
		one: 'profile',
		One: 'Profile',
		many: 'profiles',
		eventNameDescription:
			'The event the users did, exactly as CleverTap names it (case matters), for example Charged or App Launched',
		csvDescription:
			'One row per profile: CleverTap ID, identity, email, name, phone, platforms, and the event count, first and last time',
	},
	[
		batchSizeOption,
		csvPropertiesOption(
			'Custom profile properties (profileData keys) to add as CSV columns, separated by commas',
		),
		{
			displayName: 'Drop Repeated Profiles',
			name: 'dropRepeatedProfiles',
			type: 'boolean',
			default: true,
			description:
				'Whether to output each person once, matched by CleverTap ID, when CleverTap sends them on more than one page of the export',
		},
		...includeOptions('each profile'),
		parallelRequestsOption(
			MAX_PARALLEL,
			`How many parts of the date range to export at once (1 to ${MAX_PARALLEL}). Uses all of the account's ${MAX_PARALLEL} concurrent requests for this API. Helps most for events people do on few days; for daily events each person is in every part, so it gains less. Applies to Return All and to One File; each person is output once.`,
		),
		...requestOptions,
	],
);

const displayOptions = { show: { resource: ['profile'], operation: ['getByEvent'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/**
 * Profiles of the users who did an event in a day range: one POST for an export cursor, then
 * the cursor chain to its end (or until the limit is met), each person once unless asked
 * otherwise. As items, or as one file streamed into n8n's binary data.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	return await runExport.call(this, profiles, itemIndex);
}
