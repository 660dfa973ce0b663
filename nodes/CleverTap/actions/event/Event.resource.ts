import type { INodeProperties } from 'n8n-workflow';

import * as getAll from './getAll.operation';
import * as getCount from './getCount.operation';

export { getAll, getCount };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['event'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get each time anyone did an event between two dates (one item per event)',
				action: 'Get many events',
			},
			{
				name: 'Get Count',
				value: 'getCount',
				description:
					'Count how many times an event was done between two dates, or how many people did it',
				action: 'Get an event count',
			},
		],
		default: 'getAll',
	},
	...getAll.description,
	...getCount.description,
];
