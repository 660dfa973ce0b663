import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';

export { create };

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
		],
		default: 'create',
	},
	...create.description,
];
