import {
	NodeConnectionTypes,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import { properties } from './trigger/description';
import { poll } from './trigger/poll';

export class CleverTapTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'CleverTap Trigger',
		name: 'cleverTapTrigger',
		icon: { light: 'file:clevertap.svg', dark: 'file:clevertap.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{ $parameter["triggerOn"] === "eachEvent" ? "On each " + ($parameter["eventName"] || "event") : "On profiles who did " + ($parameter["eventName"] || "an event") }}',
		description:
			'Starts the workflow, once each day is complete, with every time anyone did an event that day, or with the profiles of everyone who did it',
		defaults: { name: 'CleverTap Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'cleverTapApi', required: true }],
		properties,
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await poll.call(this);
	}
}
