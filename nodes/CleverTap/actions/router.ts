import {
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type NodeApiError,
} from 'n8n-workflow';

import { InvalidParameterError } from '../helpers/InvalidParameterError';
import * as profile from './profile/Profile.resource';

type OperationExecute = (
	this: IExecuteFunctions,
	itemIndex: number,
) => Promise<INodeExecutionData[]>;

const operations: Record<string, Record<string, OperationExecute>> = {
	profile: {
		getByEvent: profile.getByEvent.execute,
		getById: profile.getById.execute,
	},
};

function asNodeError(this: IExecuteFunctions, error: Error, itemIndex: number): Error {
	if (error instanceof InvalidParameterError) {
		return new NodeOperationError(this.getNode(), error.message, {
			itemIndex,
			description: error.hint,
		});
	}
	if ('context' in error && typeof error.context === 'object' && error.context !== null) {
		(error.context as { itemIndex?: number }).itemIndex = itemIndex;
	}
	return error;
}

/**
 * Runs the chosen operation once per input item (expressions resolve per item); each output
 * item is paired with the input it came from. With "Continue" on error, a
 * failing input yields one error item and the others go on.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const execute = operations[resource]?.[operation];
	if (!execute) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" of resource "${resource}" is not known`,
		);
	}

	const returnData: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const outputItems = this.helpers.constructExecutionMetaData(
				await execute.call(this, itemIndex),
				{ itemData: { item: itemIndex } },
			);
			for (const outputItem of outputItems) returnData.push(outputItem);
		} catch (caught) {
			const error = asNodeError.call(this, caught as Error, itemIndex);
			if (!this.continueOnFail()) throw error;
			const { description } = error as { description?: string | null };
			returnData.push({
				json: { error: error.message, ...(description ? { description } : {}) },
				// n8n sends an item carrying `error` to the error output when one is configured.
				error: error as NodeApiError | NodeOperationError,
				pairedItem: { item: itemIndex },
			});
		}
	}
	return [returnData];
}
