import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, updateDisplayOptions } from 'n8n-workflow';

import { cleverTapIdOption } from '../../descriptions/identifierType';
import {
	optionsCollection,
	readRetryPolicy,
	requestOptions,
} from '../../descriptions/requestOptions';
import { simplifyProperty } from '../../descriptions/simplify';
import { isEmailAddress, isNotFoundMessage, type IdentifierType } from '../../helpers/identifiers';
import { InvalidParameterError } from '../../helpers/InvalidParameterError';
import { simplifyProfile } from '../../helpers/simplify';
import { cleverTapApiRequest } from '../../transport/request';

const IDENTIFIER_LABELS: Record<IdentifierType, string> = {
	email: 'Email',
	identity: 'Identity',
	objectId: 'CleverTap ID',
};

const properties: INodeProperties[] = [
	{
		displayName: 'Identifier Type',
		name: 'identifierType',
		type: 'options',
		options: [
			{ name: 'Email', value: 'email', description: "The profile's email address" },
			{
				name: 'Identity',
				value: 'identity',
				description: 'Your own user ID, set on the profile as Identity',
			},
			cleverTapIdOption,
		],
		default: 'email',
		description: 'Which identifier the value below is',
	},
	{
		displayName: 'Identifier',
		name: 'identifier',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'jane@example.com',
		description: 'The email, identity or CleverTap ID of the profile to get',
	},
	simplifyProperty,
	optionsCollection(requestOptions),
];

const displayOptions = { show: { resource: ['profile'], operation: ['getById'] } };

export const description = updateDisplayOptions(displayOptions, properties);

function readIdentifier(this: IExecuteFunctions, itemIndex: number) {
	const type = this.getNodeParameter('identifierType', itemIndex) as IdentifierType;
	if (!(type in IDENTIFIER_LABELS)) {
		throw new InvalidParameterError(
			`Identifier Type "${String(type)}" does not exist`,
			'Choose Email, Identity or CleverTap ID.',
		);
	}
	const value = String(this.getNodeParameter('identifier', itemIndex) ?? '').trim();
	if (value === '') {
		throw new InvalidParameterError(
			`${IDENTIFIER_LABELS[type]} is empty`,
			'Enter the value to look up, or map it from the input with an expression.',
		);
	}
	if (type === 'email' && !isEmailAddress(value)) {
		throw new InvalidParameterError(
			`"${value}" is not an email address`,
			'Enter an address such as jane@example.com, or pick another Identifier Type.',
		);
	}
	return { type, value };
}

/**
 * One profile by email, identity or CleverTap ID. A profile that does not exist is an error
 * (HTTP 404, "No CleverTap profile has ..."), so it can't pass for an empty result; with the
 * node's On Error set to Continue it becomes an error item and the workflow goes on.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const identifier = readIdentifier.call(this, itemIndex);
	const policy = readRetryPolicy(this.getNodeParameter('options', itemIndex, {}) as IDataObject);
	const answer = await cleverTapApiRequest.call(
		this,
		{
			method: 'GET',
			path: '/1/profile.json',
			qs: { [identifier.type]: identifier.value },
			// CleverTap's "not found" comes with HTTP 200 [seen]; a 404 is a wrong path, never a missing profile.
			isExpectedFailure: (httpStatus, failure) =>
				httpStatus === 200 && isNotFoundMessage(failure.error ?? ''),
		},
		{ policy },
	);
	const record = answer.status === 'success' ? answer.record : undefined;
	if (record === null || typeof record !== 'object') {
		throw new NodeApiError(this.getNode(), answer as JsonObject, {
			message: `No CleverTap profile has ${IDENTIFIER_LABELS[identifier.type]} "${identifier.value}"`,
			description:
				'Check the value and the Identifier Type. To let the workflow go on when a profile is missing, set this node\'s On Error setting to "Continue".',
			httpCode: '404',
		});
	}
	const simplify = this.getNodeParameter('simplify', itemIndex, false) === true;
	return [{ json: (simplify ? simplifyProfile(record as IDataObject) : record) as IDataObject }];
}
