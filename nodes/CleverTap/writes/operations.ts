/**
 * The three writes, as runWrites takes them: how an item becomes a record, which records may
 * share a batch, and which request sends them.
 */
import type { IDataObject } from 'n8n-workflow';

import { InvalidParameterError } from '../helpers/InvalidParameterError';
import {
	checkEventName,
	checkIdentifier,
	shapeProperties,
	toEpochSeconds,
	type RecordKind,
} from '../helpers/uploadValues';
import { deleteBatch, uploadBatch } from '../transport/upload';
import type { ItemReader } from './itemReader';
import type { PreparedWrite, WriteOperation } from './runWrites';

type IdentifierType = 'identity' | 'objectId';
const LABELS: Record<IdentifierType, string> = { identity: 'Identity', objectId: 'CleverTap ID' };

const UPLOAD_BATCH_SIZE = 1000; // records a request [doc]
const DELETE_BATCH_SIZE = 100; // profiles a request [doc]

/** Safe to send again (set values, $add, $remove, $delete) or not (events, $incr, $decr). */
const REPEATABLE = 'repeatable';
const UNREPEATABLE = 'unrepeatable';

function readIdentifier(read: ItemReader, itemIndex: number) {
	const type = read.value('identifierType', itemIndex, 'identity') as IdentifierType;
	if (!(type in LABELS)) {
		throw new InvalidParameterError(
			`Identifier Type "${String(type)}" does not exist`,
			'Choose Identity or CleverTap ID.',
		);
	}
	const value = checkIdentifier(read.value('identifier', itemIndex), LABELS[type]);
	return { type, value, key: `${type}:${value}` };
}

function readTimestamp(read: ItemReader, itemIndex: number): number | undefined {
	const value = read.value('options.timestamp', itemIndex, '');
	if (value === '' || value === null || value === undefined) return undefined;
	return toEpochSeconds(value, 'Timestamp', read.timeZone);
}

function uploadOperation(kind: RecordKind): WriteOperation {
	return {
		maxBatchSize: UPLOAD_BATCH_SIZE,
		prepare(read, item, itemIndex): PreparedWrite {
			const identifier = readIdentifier(read, itemIndex);
			const eventName =
				kind === 'event' ? checkEventName(read.value('eventName', itemIndex)) : undefined;
			const { properties, unrepeatable } = shapeProperties(read.properties(item, itemIndex), {
				kind,
				dateFields: read.list('options.dateFields', itemIndex),
				timeZone: read.timeZone,
			});
			const ts = readTimestamp(read, itemIndex);
			const payload: IDataObject = {
				type: kind,
				[identifier.type]: identifier.value,
				...(ts === undefined ? {} : { ts }),
				...(kind === 'event'
					? { evtName: eventName, evtData: properties as IDataObject }
					: { profileData: properties as IDataObject }),
			};
			const output: IDataObject = {
				identifierType: identifier.type,
				identifier: identifier.value,
				...(eventName === undefined ? {} : { eventName }),
				status: kind === 'event' ? 'recorded' : 'created or updated',
			};
			return {
				key: identifier.key,
				batchClass: kind === 'event' || unrepeatable ? UNREPEATABLE : REPEATABLE,
				payload,
				output,
			};
		},
		isRepeatable: (batchClass) => batchClass === REPEATABLE,
		async send(_batchClass, payloads, settings) {
			return await uploadBatch.call(this, payloads, settings);
		},
	};
}

export const upsertProfiles = uploadOperation('profile');
export const createEvents = uploadOperation('event');

/** Delete takes identity or guid (the CleverTap ID), never both in one request. */
export const deleteProfiles: WriteOperation = {
	maxBatchSize: DELETE_BATCH_SIZE,
	prepare(read, _item, itemIndex) {
		const identifier = readIdentifier(read, itemIndex);
		return {
			key: identifier.key,
			batchClass: identifier.type === 'objectId' ? 'guid' : 'identity',
			payload: { id: identifier.value },
			output: { identifierType: identifier.type, identifier: identifier.value, status: 'deleted' },
		};
	},
	isRepeatable: () => true,
	async send(batchClass, payloads, settings) {
		const ids = payloads.map((payload) => String(payload.id));
		await deleteBatch.call(this, batchClass as 'identity' | 'guid', ids, settings);
		return ids.map(() => undefined);
	},
};
