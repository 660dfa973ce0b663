import type { INodePropertyOptions } from 'n8n-workflow';

/** The Identifier Type choice that names a profile by CleverTap's own ID (Get by ID, the writes). */
export const cleverTapIdOption: INodePropertyOptions = {
	name: 'CleverTap ID',
	value: 'objectId',
	description: "CleverTap's own ID of the profile (objectId), shown on the profile page",
};
