import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import * as event from './actions/event/Event.resource';
import * as profile from './actions/profile/Profile.resource';
import { router } from './actions/router';

export class CleverTap implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'CleverTap',
		name: 'cleverTap',
		icon: { light: 'file:clevertap.svg', dark: 'file:clevertap.dark.svg' },
		group: ['input'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description:
			'Get, create, update and delete CleverTap user profiles; record, export and count events',
		defaults: { name: 'CleverTap' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'cleverTapApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Event', value: 'event' },
					{ name: 'Profile', value: 'profile' },
				],
				default: 'profile',
			},
			...event.description,
			...profile.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
