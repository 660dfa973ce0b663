import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

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
			'Get user profiles from CleverTap: everyone who did an event, or one profile by ID',
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
				options: [{ name: 'Profile', value: 'profile' }],
				default: 'profile',
			},
			...profile.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
