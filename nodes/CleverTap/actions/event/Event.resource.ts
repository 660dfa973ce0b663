import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as getAll from './getAll.operation';
import * as getCount from './getCount.operation';

export { create, getAll, getCount };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['event'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description:
					'Record an event on a profile in CleverTap (one per input item); it is added to the profile for good',
				action: 'Create an event',
			},
			{
				name: 'Get Count',
				value: 'getCount',
				description:
					'Count how many times an event was done between two dates, or how many people did it',
				action: 'Get an event count',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get each time anyone did an event between two dates (one item per event)',
				action: 'Get many events',
			},
		],
		default: 'getAll',
	},
	...create.description,
	...getAll.description,
	...getCount.description,
];
