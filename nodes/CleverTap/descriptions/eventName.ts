import type { INodeProperties } from 'n8n-workflow';

import { InvalidParameterError } from '../helpers/InvalidParameterError';

/** The event an export or the trigger is about, exactly as CleverTap names it. */
export function eventNameProperty(description: string): INodeProperties {
	return {
		displayName: 'Event Name',
		name: 'eventName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'Charged',
		description,
	};
}

/** The Event Name as given, trimmed; empty is refused before any request. */
export function readEventName(value: unknown): string {
	const eventName = String(value ?? '').trim();
	if (eventName === '') {
		throw new InvalidParameterError(
			'Event Name is empty',
			'Enter the event as CleverTap names it, for example Charged.',
		);
	}
	return eventName;
}
