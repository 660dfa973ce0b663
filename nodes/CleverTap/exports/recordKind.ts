import type { IDataObject } from 'n8n-workflow';

import type { CsvTable } from '../helpers/exportFile';
import type { ExportRecord } from '../transport/cursorChain';

/** How one export's records are written out: as Simplify gives them, and as CSV rows. */
export interface RecordShape {
	simplify(record: ExportRecord): IDataObject;
	csvTable(csvProperties: string[]): CsvTable;
}

/**
 * What one kind of export record (profiles, events) brings to the export runner. Everything else,
 * the cursor chains, parallel parts, limit, items and file output, is the same for every kind.
 */
export interface RecordKind {
	/** What a record is to a user, in progress lines and summaries: "profiles". */
	noun: string;
	/** The export API's path; its concurrency limit bounds Parallel Requests. */
	endpoint: string;
	/**
	 * When the same record can come twice in one export (a person on two pages), the filter that
	 * lets each through once, and the option that turns it off. Parts of a range never share a
	 * record of a kind without one.
	 */
	repeats?: { option: string; createFilter: () => (record: ExportRecord) => boolean };
	/**
	 * The shape of one export's records, from its event and its options (read and checked here,
	 * before the first request, so a bad option fails nothing half-way).
	 */
	shapeFor(eventName: string, options: IDataObject): RecordShape;
	/** The export file's name starts with it. */
	fileNamePrefix: string;
}
