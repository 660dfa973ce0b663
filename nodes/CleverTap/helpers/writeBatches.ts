/**
 * How records are cut into requests. Lanes keep order: every record of one identifier goes to
 * the same lane, and a lane sends its batches one after another, so two writes for one person
 * are applied in input order even while other lanes run in parallel.
 */

export interface RecordToBatch {
	/** The identifier, type and value: no batch holds two records with the same key. */
	key: string;
	/** Records of different classes never share a batch (safe to repeat or not; identity or guid). */
	batchClass: string;
}

export interface PlannedBatch {
	batchClass: string;
	/** Input indexes, in input order. */
	indexes: number[];
}

/** FNV-1a: a cheap, stable spread of identifiers over lanes. */
export function laneOf(key: string, laneCount: number): number {
	let hash = 0x811c9dc5;
	for (let i = 0; i < key.length; i++) {
		hash ^= key.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193);
	}
	return (hash >>> 0) % laneCount;
}

interface LaneState {
	batches: PlannedBatch[];
	/** The open batch of each class, with its position in `batches`. */
	open: Map<string, { batch: PlannedBatch; position: number }>;
	/** The position of the last batch that holds each key. */
	lastBatchOf: Map<string, number>;
}

/**
 * Lanes of batches, `records[i]` being input index i (undefined: not sent). A record joins its
 * class's open batch only if that batch goes out after every batch already holding its key;
 * otherwise (or when the batch is full) it starts a new one.
 */
export function planLanes(
	records: Array<RecordToBatch | undefined>,
	laneCount: number,
	maxBatchSize: number,
): PlannedBatch[][] {
	const lanes: LaneState[] = Array.from({ length: laneCount }, () => ({
		batches: [],
		open: new Map(),
		lastBatchOf: new Map(),
	}));
	records.forEach((record, index) => {
		if (record === undefined) return;
		const lane = lanes[laneOf(record.key, laneCount)];
		let open = lane.open.get(record.batchClass);
		const last = lane.lastBatchOf.get(record.key);
		if (
			open === undefined ||
			open.batch.indexes.length >= maxBatchSize ||
			(last !== undefined && last >= open.position)
		) {
			const batch: PlannedBatch = { batchClass: record.batchClass, indexes: [] };
			open = { batch, position: lane.batches.length };
			lane.batches.push(batch);
			lane.open.set(record.batchClass, open);
		}
		open.batch.indexes.push(index);
		lane.lastBatchOf.set(record.key, open.position);
	});
	return lanes.map((lane) => lane.batches).filter((batches) => batches.length > 0);
}
