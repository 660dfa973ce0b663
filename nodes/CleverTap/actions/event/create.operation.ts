import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection } from '../../descriptions/requestOptions';
import {
	dataProperties,
	dateFieldsOption,
	identifierProperties,
	timestampOption,
	writeRequestOptions,
} from '../../descriptions/writeParameters';
import { createEvents } from '../../writes/operations';
import { runWrites } from '../../writes/runWrites';
import type { ItemResult } from '../../nodeError';

const properties: INodeProperties[] = [
	...identifierProperties('that did the event'),
	{
		displayName: 'Event Name',
		name: 'eventName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'Deal Won',
		description:
			"The event to record, as it should appear in CleverTap. CleverTap's own events (App Launched, Notification Viewed, ...) cannot be uploaded.",
	},
	...dataProperties('event'),
	optionsCollection([timestampOption, dateFieldsOption, ...writeRequestOptions]),
];

const displayOptions = { show: { resource: ['event'], operation: ['create'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/**
 * Records one event per input item on a profile (created if unknown), in batches of up to 1000
 * (Upload API). An event batch is never sent twice: after a failure that may have recorded it,
 * its items fail with an error saying so.
 */
export async function executeBatch(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<ItemResult[]> {
	return await runWrites.call(this, items, createEvents);
}
