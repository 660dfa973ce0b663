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
		// n8n's nodes panel merges this trigger and the CleverTap node into one entry with this text.
		description: 'Export, look up and write CleverTap profiles and events, and trigger on them',
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
