import type { INodeProperties } from 'n8n-workflow';

import * as deleteProfile from './delete.operation';
import * as getByEvent from './getByEvent.operation';
import * as getById from './getById.operation';
import * as upsert from './upsert.operation';

export { deleteProfile, getByEvent, getById, upsert };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['profile'] } },
		options: [
			{
				name: 'Create or Update',
				value: 'upsert',
				description: 'Create a new record, or update the current one if it already exists (upsert)',
				action: 'Create or update a profile',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete profiles from CleverTap for good (one per input item)',
				action: 'Delete a profile',
			},
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
	...upsert.description,
	...deleteProfile.description,
];
