import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection } from '../../descriptions/requestOptions';
import {
	dataProperties,
	dateFieldsOption,
	identifierProperties,
	timestampOption,
	writeRequestOptions,
} from '../../descriptions/writeParameters';
import { upsertProfiles } from '../../writes/operations';
import { runWrites } from '../../writes/runWrites';
import type { ItemResult } from '../../nodeError';

const properties: INodeProperties[] = [
	...identifierProperties('to create or update'),
	...dataProperties('profile'),
	optionsCollection([timestampOption, dateFieldsOption, ...writeRequestOptions]),
];

const displayOptions = { show: { resource: ['profile'], operation: ['upsert'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/**
 * Sets properties on CleverTap profiles, creating the profiles that do not exist: every input
 * item is one record, sent in batches of up to 1000 (Upload API). Records with $incr or $decr are
 * never sent twice; the others are retried after a passing failure.
 */
export async function executeBatch(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<ItemResult[]> {
	return await runWrites.call(this, items, upsertProfiles);
}
