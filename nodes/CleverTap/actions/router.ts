import {
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type NodeApiError,
} from 'n8n-workflow';

import { toNodeError, type ItemResult } from '../nodeError';
import * as event from './event/Event.resource';
import * as profile from './profile/Profile.resource';

/** Runs once per input item (expressions resolve per item). */
interface ItemOperation {
	execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]>;
}

/** Takes every input item at once, so that it can send them in batches; one result per input. */
interface BatchOperation {
	executeBatch(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<ItemResult[]>;
}

type Operation = ItemOperation | BatchOperation;

const operations: Record<string, Record<string, Operation>> = {
	event: {
		create: event.create,
		getAll: event.getAll,
		getCount: event.getCount,
	},
	profile: {
		getByEvent: profile.getByEvent,
		getById: profile.getById,
		upsert: profile.upsert,
		delete: profile.deleteProfile,
	},
};

/** Item by item; without "Continue", the first failure stops the rest from starting. */
async function runPerItem(
	this: IExecuteFunctions,
	operation: ItemOperation,
	itemCount: number,
): Promise<ItemResult[]> {
	const results: ItemResult[] = [];
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		try {
			results.push(await operation.execute.call(this, itemIndex));
		} catch (error) {
			results.push(error as Error);
			if (!this.continueOnFail()) break;
		}
	}
	return results;
}

function errorItem(this: IExecuteFunctions, error: Error, itemIndex: number): INodeExecutionData {
	const { description } = error as { description?: string | null };
	return {
		json: { error: error.message, ...(description ? { description } : {}) },
		// An item carrying `error` goes to the error output, but n8n also cuts its json down to
		// { error }: so only when that output is in use, and the description stays otherwise.
		...(this.getNode().onError === 'continueErrorOutput'
			? { error: error as NodeApiError | NodeOperationError }
			: {}),
		pairedItem: { item: itemIndex },
	};
}

/**
 * Runs the chosen operation over the input items; each output item is paired with the input it
 * came from. Without "Continue" on error, the failure of the lowest item index fails the node;
 * with it, a failing input yields one error item and the others go on.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operation = operations[resource]?.[operationName];
	if (!operation) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operationName}" of resource "${resource}" is not known`,
		);
	}
	const results =
		'executeBatch' in operation
			? await operation.executeBatch.call(this, items)
			: await runPerItem.call(this, operation, items.length);

	const returnData: INodeExecutionData[] = [];
	for (const [itemIndex, result] of results.entries()) {
		if (!(result instanceof Error)) {
			// As n8n's constructExecutionMetaData pairs them (one shared pairedItem), without its
			// copy of every item: an export can give a few hundred thousand.
			const pairedItem = { item: itemIndex };
			for (const item of result) {
				item.pairedItem ??= pairedItem;
				returnData.push(item);
			}
			continue;
		}
		const error = toNodeError(this.getNode(), result, itemIndex);
		if (!this.continueOnFail()) throw error;
		returnData.push(errorItem.call(this, error, itemIndex));
	}
	return [returnData];
}
