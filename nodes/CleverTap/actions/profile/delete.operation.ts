import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection } from '../../descriptions/requestOptions';
import { identifierProperties, writeRequestOptions } from '../../descriptions/writeParameters';
import { deleteProfiles } from '../../writes/operations';
import { runWrites } from '../../writes/runWrites';
import type { ItemResult } from '../../nodeError';

const properties: INodeProperties[] = [
	...identifierProperties('to delete'),
	optionsCollection(writeRequestOptions),
];

const displayOptions = { show: { resource: ['profile'], operation: ['delete'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/**
 * Deletes CleverTap profiles for good, up to 100 a request, by identity or by CleverTap ID (sent
 * as `guid`). A profile that does not exist is not an error. Safe to retry.
 */
export async function executeBatch(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<ItemResult[]> {
	return await runWrites.call(this, items, deleteProfiles);
}
