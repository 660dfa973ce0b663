/**
 * The one way every write operation runs: each item read and checked before anything is sent,
 * then batches in lanes (helpers/writeBatches.ts), then one result per input item. Every record
 * ends written, refused, failed or not sent, and the error says which.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { ItemResult } from '../nodeError';
import { readParallelRequests } from '../descriptions/exportOptions';
import { readRetryPolicy } from '../descriptions/requestOptions';
import { MAX_PARALLEL_WRITES } from '../descriptions/writeParameters';
import { planLanes, type PlannedBatch } from '../helpers/writeBatches';
import { toNodeError } from '../nodeError';
import type { RequestSettings } from '../transport/request';
import type { RecordRefusal } from '../transport/upload';
import { itemReader, type ItemReader } from './itemReader';

/** One item, read and checked, as it will be sent. */
export interface PreparedWrite {
	/** The identifier (type and value): two records with one key never share a batch. */
	key: string;
	/** Records of different classes never share a batch. */
	batchClass: string;
	payload: IDataObject;
	/** What the output item says was written. */
	output: IDataObject;
}

export interface WriteOperation {
	maxBatchSize: number;
	/** Reads and checks one item; throws InvalidParameterError naming the field. */
	prepare(read: ItemReader, item: INodeExecutionData, itemIndex: number): PreparedWrite;
	/** Whether a batch of this class may be sent again after it may have been received. */
	isRepeatable(batchClass: string): boolean;
	/** Sends one batch; for each record, undefined (written) or CleverTap's refusal. */
	send(
		this: IExecuteFunctions,
		batchClass: string,
		payloads: IDataObject[],
		settings: RequestSettings,
	): Promise<Array<RecordRefusal | undefined>>;
}

function refusalError(
	context: IExecuteFunctions,
	refusal: RecordRefusal,
	output: IDataObject,
): NodeApiError {
	const identifier = String(output.identifier);
	const codeNote = refusal.code === undefined ? '' : ` (code ${refusal.code})`;
	const { message, description } = refusal.inDoubt
		? {
				message: `The record for ${identifier} may or may not have been written: ${refusal.error}`,
				description:
					'Check in CleverTap whether it arrived (the profile page lists its events and properties), then send again only what is missing.',
			}
		: {
				message: `CleverTap refused the record for ${identifier}: ${refusal.error}${codeNote}`,
				description:
					'Nothing of this record was written; the other records of its request were. Fix what CleverTap names and send this item again.',
			};
	return new NodeApiError(context.getNode(), { ...refusal } as JsonObject, {
		message,
		description,
	});
}

/** Without Continue: each error tells what became of the whole run. */
function addCounts(results: ItemResult[], notSent: number): void {
	const failed = results.filter((result) => result instanceof Error).length;
	const written = results.length - failed - notSent;
	const note = ` Of ${results.length} records: ${written} written, ${failed} refused or failed, ${notSent} not sent (after the first failure no further batch was sent).`;
	// A failed batch shares one error among its items: note it once.
	const errors = new Set(results.filter((result) => result instanceof Error));
	for (const error of errors) {
		if (error instanceof NodeApiError || error instanceof NodeOperationError) {
			error.description = `${error.description ?? ''}${note}`.trim();
		}
	}
}

export async function runWrites(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	operation: WriteOperation,
): Promise<ItemResult[]> {
	const continueOnFail = this.continueOnFail();
	const read = itemReader(this, items);
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	const policy = readRetryPolicy(options);
	const laneCount = readParallelRequests(options.parallelRequests ?? 5, MAX_PARALLEL_WRITES);

	const results: ItemResult[] = items.map(() => []);
	const prepared: Array<PreparedWrite | undefined> = items.map((item, itemIndex) => {
		try {
			return operation.prepare(read, item, itemIndex);
		} catch (error) {
			results[itemIndex] = toNodeError(this.getNode(), error, itemIndex);
			return undefined;
		}
	});
	// Without Continue, one bad item stops the node before any request: nothing is half-written.
	if (!continueOnFail && prepared.includes(undefined)) return results;

	let stopped = false;
	let notSent = 0;
	const sendBatch = async ({ batchClass, indexes }: PlannedBatch) => {
		const writes = indexes.map((index) => prepared[index] as PreparedWrite);
		if (stopped) {
			notSent += indexes.length;
			for (const [n, index] of indexes.entries()) {
				results[index] = [{ json: { ...writes[n].output, status: 'not sent' } }];
			}
			return;
		}
		const settings = { policy, repeatable: operation.isRepeatable(batchClass) };
		try {
			const refusals = await operation.send.call(
				this,
				batchClass,
				writes.map((write) => write.payload),
				settings,
			);
			for (const [n, index] of indexes.entries()) {
				const refusal = refusals[n];
				results[index] = refusal
					? refusalError(this, refusal, writes[n].output)
					: [{ json: writes[n].output }];
				if (refusal && !continueOnFail) stopped = true;
			}
		} catch (error) {
			for (const index of indexes) results[index] = toNodeError(this.getNode(), error, index);
			if (!continueOnFail) stopped = true;
		}
	};
	const lanes = planLanes(prepared, laneCount, operation.maxBatchSize);
	await Promise.all(
		lanes.map(async (batches) => {
			for (const batch of batches) await sendBatch(batch);
		}),
	);
	if (!continueOnFail && stopped) addCounts(results, notSent);
	return results;
}
