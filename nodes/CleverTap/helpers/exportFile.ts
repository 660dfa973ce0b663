import type { DayRange } from './dates';

export type FileFormat = 'jsonl' | 'csv';

export const FILE_FORMATS: Record<FileFormat, { extension: string; mimeType: string }> = {
	jsonl: { extension: 'jsonl', mimeType: 'application/x-ndjson' },
	csv: { extension: 'csv', mimeType: 'text/csv' },
};

/**
 * `<prefix>-<event>-<from>-<to>.<ext>`, with the event name reduced to letters, digits, dot,
 * dash and underscore: an event name may hold `/` or other characters a file system refuses.
 */
export function exportFileName(
	prefix: string,
	eventName: string,
	{ from, to }: DayRange,
	format: FileFormat,
): string {
	const safeEvent =
		eventName
			.trim()
			.replace(/[^A-Za-z0-9._-]+/g, '_')
			.replace(/^[._]+|_+$/g, '')
			.slice(0, 100) || 'event';
	return `${prefix}-${safeEvent}-${from}-${to}.${FILE_FORMATS[format].extension}`;
}

/** The custom property names a user listed (comma-separated), trimmed, without blanks or repeats. */
export function parsePropertyList(list: unknown): string[] {
	if (typeof list !== 'string') return [];
	return [
		...new Set(
			list
				.split(',')
				.map((name) => name.trim())
				.filter((name) => name !== ''),
		),
	];
}

// A spreadsheet runs a cell starting with one of these as a formula (OWASP: CSV injection).
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

function csvCell(value: unknown, verbatim: boolean): string {
	if (value === null || value === undefined) return '';
	let text = Array.isArray(value)
		? value.join('|')
		: typeof value === 'object'
			? JSON.stringify(value)
			: String(value);
	const isText = typeof value !== 'number' && typeof value !== 'boolean';
	if (!verbatim && isText && FORMULA_START.test(text) && !PLAIN_NUMBER.test(text)) {
		text = `'${text}`;
	}
	return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The columns of a CSV export and how a record fills them. */
export interface CsvTable {
	columns: string[];
	cellsOf(record: Record<string, unknown>): unknown[];
	/** Columns written exactly as they are, never guarded against formulas (IDs starting with `-`). */
	verbatimColumns: ReadonlySet<string>;
}

/** Turns records into the lines of one export file, each ending in a newline. */
export interface FileWriter {
	/** What the file starts with (the CSV header), possibly empty. */
	header: string;
	line(record: Record<string, unknown>): string;
}

/** JSON Lines: each record in full, one per line. CSV: one row per record, as the table says. */
export function createFileWriter(format: FileFormat, table: CsvTable): FileWriter {
	if (format === 'jsonl') {
		return { header: '', line: (record) => `${JSON.stringify(record)}\n` };
	}
	const verbatim = table.columns.map((column) => table.verbatimColumns.has(column));
	return {
		header: `${table.columns.map((column) => csvCell(column, false)).join(',')}\n`,
		line: (record) =>
			`${table
				.cellsOf(record)
				.map((cell, index) => csvCell(cell, verbatim[index]))
				.join(',')}\n`,
	};
}
