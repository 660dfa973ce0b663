import type { INodeProperties } from 'n8n-workflow';

import * as getByEvent from './getByEvent.operation';
import * as getById from './getById.operation';

export { getByEvent, getById };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['profile'] } },
		options: [
			{
				name: 'Get by Event',
				value: 'getByEvent',
				description:
					'Get the profiles of every user who did an event between two dates (one item per profile)',
				action: 'Get profiles by event',
			},
			{
				name: 'Get by ID',
				value: 'getById',
				description: 'Get one profile by email, identity or CleverTap ID',
				action: 'Get a profile by ID',
			},
		],
		default: 'getByEvent',
	},
	...getByEvent.description,
	...getById.description,
];
