import type { INode, INodeExecutionData } from 'n8n-workflow';
import { ExecutionBaseError, NodeApiError, NodeOperationError } from 'n8n-workflow';

import { InvalidParameterError } from './helpers/InvalidParameterError';

/**
 * The one way any failure becomes the error n8n shows, for the node's items and the trigger's
 * polls: a user's bad parameter is a NodeOperationError with its hint; n8n's own errors (what
 * CleverTap answered, a cancelled execution) stay as they are; anything else is wrapped. With an
 * item index, the error names that item.
 */
export function toNodeError(node: INode, error: unknown, itemIndex?: number): ExecutionBaseError {
	if (error instanceof InvalidParameterError) {
		return new NodeOperationError(node, error.message, { itemIndex, description: error.hint });
	}
	if (!(error instanceof ExecutionBaseError)) {
		return new NodeOperationError(node, error as Error, { itemIndex });
	}
	if (
		itemIndex !== undefined &&
		(error instanceof NodeApiError || error instanceof NodeOperationError)
	) {
		error.context.itemIndex = itemIndex;
	}
	return error;
}

/** For one input item: what it gave, or why it failed (made into n8n's error by toNodeError). */
export type ItemResult = INodeExecutionData[] | Error;
