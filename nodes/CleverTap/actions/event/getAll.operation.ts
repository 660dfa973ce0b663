import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	accountTimeZoneOption,
	batchSizeOption,
	includeOptions,
	parallelRequestsOption,
} from '../../descriptions/exportOptions';
import { csvPropertiesOption, exportProperties } from '../../descriptions/exportParameters';
import { requestOptions } from '../../descriptions/requestOptions';
import { events } from '../../exports/events';
import { maxParallelRequests, runExport } from '../../exports/runner';

const MAX_PARALLEL = maxParallelRequests(events);

const properties = exportProperties(
	{
		one: 'event',
		One: 'Event',
		many: 'events',
		eventNameDescription:
			'The event to get, exactly as CleverTap names it (case matters), for example Charged or App Launched',
		csvDescription:
			'One row per event: CleverTap ID, identity, email, name, time, and the event properties (as JSON, and those listed in CSV Custom Properties as their own columns)',
		simplifyHint:
			'On: CleverTap ID, identity, email, name, time (ISO 8601, see Account Time Zone) and the event properties as one object. Off: the whole record.',
	},
	[
		accountTimeZoneOption,
		batchSizeOption,
		csvPropertiesOption(
			'Event properties to add as CSV columns of their own, separated by commas, for example Amount, Currency',
		),
		...includeOptions('the profile of each event'),
		parallelRequestsOption(
			MAX_PARALLEL,
			`How many requests to CleverTap to have out at once (1 to ${MAX_PARALLEL}; ${MAX_PARALLEL} uses all of the account's concurrent requests for this API). The date range is cut into parts of whole days, a few per request so that none waits on a longer part; each event falls on one day, so the parts never overlap: about ${MAX_PARALLEL} times faster on ranges of ${MAX_PARALLEL} days or more. Applies to Return All and to One File.`,
		),
		...requestOptions,
	],
);

const displayOptions = { show: { resource: ['event'], operation: ['getAll'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/**
 * Each time anyone did an event in a day range: one POST for an export cursor, then the cursor
 * chain to its end (or until the limit is met). A person who did it five times is in five
 * records. As items, or as one file streamed into n8n's binary data.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	return await runExport.call(this, events, itemIndex);
}
