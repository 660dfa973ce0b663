import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { dateRangeProperties, readDayRange } from '../../descriptions/dateRange';
import { eventNameProperty, readEventName } from '../../descriptions/eventName';
import {
	optionsCollection,
	readRetryPolicy,
	requestOptions,
} from '../../descriptions/requestOptions';
import { InvalidParameterError } from '../../helpers/InvalidParameterError';
import { countOf, type CountType } from '../../transport/counts';

const COUNT_TYPES: Record<CountType, string> = { events: 'Events', profiles: 'Profiles' };

const properties: INodeProperties[] = [
	{
		displayName: 'Count',
		name: 'countType',
		type: 'options',
		options: [
			{
				name: 'Events',
				value: 'events',
				description: 'How many times the event was done',
			},
			{
				name: 'Profiles',
				value: 'profiles',
				description: 'How many people did the event, each counted once',
			},
		],
		default: 'events',
		description: 'What to count',
	},
	eventNameProperty(
		'The event to count, exactly as CleverTap names it (case matters), for example Charged',
	),
	...dateRangeProperties,
	optionsCollection(requestOptions),
];

const displayOptions = { show: { resource: ['event'], operation: ['getCount'] } };

export const description = updateDisplayOptions(displayOptions, properties);

function readCountType(value: unknown): CountType {
	if (typeof value === 'string' && value in COUNT_TYPES) return value as CountType;
	throw new InvalidParameterError(
		`Count "${String(value)}" does not exist`,
		'Choose Events or Profiles.',
	);
}

/**
 * How many times an event was done, or how many people did it, in a day range: one number,
 * without exporting anyone. CleverTap may take a while to count; the node waits (transport/counts.ts).
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const countType = readCountType(this.getNodeParameter('countType', itemIndex));
	const eventName = readEventName(this.getNodeParameter('eventName', itemIndex));
	const range = readDayRange(this, itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const policy = readRetryPolicy(options);
	const count = await countOf.call(this, { countType, eventName, range }, { policy });
	return [{ json: { event: eventName, from: range.from, to: range.to, countType, count } }];
}
