/**
 * For benchmarks (the `cacheRecords` option): each exported record's JSON is built once and kept,
 * so serving a page costs the simulator a string join. Building and serialising 5000 made-up
 * records takes it about ten times as long as a client needs to parse them, so without the cache a
 * benchmark would mostly time the simulator. Pages with a fault take the ordinary path.
 */
import { shapeForExport, type ExportShape, type PopulationDataset } from './dataset';
import { success, type Reply } from './replies';

export class RecordJsonCache {
	/** By export shape, then by user index. */
	private readonly byShape = new Map<string, string[]>();

	constructor(private readonly dataset: PopulationDataset) {}

	recordJson(user: number, shape: ExportShape): string {
		const key = `${shape.app}${shape.events}${shape.profile}`;
		let records = this.byShape.get(key);
		if (!records) this.byShape.set(key, (records = []));
		return (records[user] ??= JSON.stringify(shapeForExport(this.dataset.recordOf(user), shape)));
	}

	/** The same text `success({ records, next_cursor })` is written as, with the records spliced in. */
	page(users: number[], shape: ExportShape, nextCursor: string | undefined): Reply {
		const envelope = success({ records: [], next_cursor: nextCursor });
		if (envelope.kind !== 'json') throw new Error('success() answers JSON');
		const records = users.map((user) => this.recordJson(user, shape)).join(',');
		const text = JSON.stringify(envelope.body).replace('[]', () => `[${records}]`);
		return { kind: 'jsonText', status: 200, text };
	}
}
