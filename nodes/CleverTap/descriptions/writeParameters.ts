import type { INodeProperties } from 'n8n-workflow';

import { cleverTapIdOption } from './identifierType';
import { requestOptions } from './requestOptions';

export const MAX_PARALLEL_WRITES = 15; // CleverTap's upload concurrency per account
const DEFAULT_PARALLEL_WRITES = 5;

/** Which profile a write is for. Email is not an identifier here: CleverTap keys uploads by identity. */
export function identifierProperties(what: string): INodeProperties[] {
	return [
		{
			displayName: 'Identifier Type',
			name: 'identifierType',
			type: 'options',
			options: [
				{
					name: 'Identity',
					value: 'identity',
					description:
						'Your own user ID (often the email or the CRM ID), set on the profile as Identity',
				},
				cleverTapIdOption,
			],
			default: 'identity',
			description: 'Which identifier the value below is',
		},
		{
			displayName: 'Identifier',
			name: 'identifier',
			type: 'string',
			required: true,
			default: '',
			placeholder: '={{ $json.email }}',
			description: `The identity or CleverTap ID of the profile ${what}, usually an expression per item`,
		},
	];
}

/** The properties to send: the item's own fields, a list, or JSON. */
export function dataProperties(what: string): INodeProperties[] {
	return [
		{
			displayName: 'Data Mode',
			name: 'dataMode',
			type: 'options',
			options: [
				{
					name: 'Auto-Map Input Data',
					value: 'autoMapInputData',
					description: `Send every top-level field of the input item as a ${what} property`,
				},
				{
					name: 'Define Below',
					value: 'defineBelow',
					description: 'Set each property below',
				},
				{
					name: 'JSON',
					value: 'json',
					description: 'Give the properties as one JSON object',
				},
			],
			default: 'defineBelow',
		},
		{
			displayName: 'Fields to Ignore',
			name: 'fieldsToIgnore',
			type: 'string',
			displayOptions: { show: { dataMode: ['autoMapInputData'] } },
			default: '',
			placeholder: 'ID, createdBy',
			description: 'Input fields not to send, separated by commas',
		},
		{
			displayName: 'Properties',
			name: 'properties',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			displayOptions: { show: { dataMode: ['defineBelow'] } },
			placeholder: 'Add Property',
			default: {},
			options: [
				{
					displayName: 'Property',
					name: 'property',
					values: [
						{
							displayName: 'Key',
							name: 'key',
							type: 'string',
							default: '',
							placeholder: 'Plan',
						},
						{
							displayName: 'Value',
							name: 'value',
							type: 'string',
							default: '',
							description:
								'Text as typed; an expression keeps its type (number, true/false, date, list, or an operator object such as {"$incr": 1} for profiles)',
						},
					],
				},
			],
		},
		{
			displayName: 'JSON',
			name: 'jsonData',
			type: 'json',
			displayOptions: { show: { dataMode: ['json'] } },
			default: '{}',
			description: `The ${what} properties as one JSON object`,
		},
	];
}

export const timestampOption: INodeProperties = {
	displayName: 'Timestamp',
	name: 'timestamp',
	type: 'dateTime',
	default: '',
	description:
		'When it happened (sent as epoch seconds). Empty: now. Text without an offset is read in the workflow time zone.',
};

export const dateFieldsOption: INodeProperties = {
	displayName: 'Date Fields',
	name: 'dateFields',
	type: 'string',
	default: '',
	placeholder: 'signupDate, renewalDate',
	description:
		'Properties to send as CleverTap dates, separated by commas: their values may be dates, ISO text or epoch seconds. JavaScript and Luxon dates are sent as dates anyway.',
};

export const parallelWritesOption: INodeProperties = {
	displayName: 'Parallel Requests',
	name: 'parallelRequests',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: MAX_PARALLEL_WRITES },
	default: DEFAULT_PARALLEL_WRITES,
	description: `How many requests go out at once (1 to ${MAX_PARALLEL_WRITES}). Writes for one identifier always go out in input order.`,
};

export const writeRequestOptions = [parallelWritesOption, ...requestOptions];
