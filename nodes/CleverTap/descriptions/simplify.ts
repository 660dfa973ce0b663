import type { INodeProperties } from 'n8n-workflow';

/**
 * Simplify, on Get by Event, Get by ID and the trigger: a few flat fields per profile instead of
 * CleverTap's nested record (helpers/simplify.ts says which). Off by default, so workflows saved
 * before it existed keep getting the full record.
 */
export const simplifyProperty: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: false,
	description: 'Whether to return a simplified version of the response instead of the raw data',
	hint: 'On: CleverTap ID, identity, email, name, phone and platforms (and, for an event, its count, first and last time). Off: the whole profile.',
};
