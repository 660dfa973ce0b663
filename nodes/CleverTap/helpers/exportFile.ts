import type { DayRange } from './dates';
import type { ProfileRecord } from './records';
import { simplifyProfile } from './simplify';

export type FileFormat = 'jsonl' | 'csv';

export const FILE_FORMATS: Record<FileFormat, { extension: string; mimeType: string }> = {
	jsonl: { extension: 'jsonl', mimeType: 'application/x-ndjson' },
	csv: { extension: 'csv', mimeType: 'text/csv' },
};

// A CSV row is the profile as Simplify gives it for an event export, in the same field order.
const CSV_COLUMNS = Object.keys(simplifyProfile({}, ''));

/**
 * `clevertap-<event>-<from>-<to>.<ext>`, with the event name reduced to letters, digits, dot,
 * dash and underscore: an event name may hold `/` or other characters a file system refuses.
 */
export function exportFileName(eventName: string, { from, to }: DayRange, format: FileFormat) {
	const safeEvent =
		eventName
			.trim()
			.replace(/[^A-Za-z0-9._-]+/g, '_')
			.replace(/^[._]+|_+$/g, '')
			.slice(0, 100) || 'event';
	return `clevertap-${safeEvent}-${from}-${to}.${FILE_FORMATS[format].extension}`;
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

function csvCell(value: unknown): string {
	if (value === null || value === undefined) return '';
	const text = Array.isArray(value)
		? value.join('|')
		: typeof value === 'object'
			? JSON.stringify(value)
			: String(value);
	return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Turns records into the lines of one export file, each ending in a newline. */
export interface FileWriter {
	/** What the file starts with (the CSV header), possibly empty. */
	header: string;
	line(record: ProfileRecord): string;
}

/**
 * JSON Lines: each record in full, one per line. CSV: one row per profile with the simplified
 * fields (platforms joined by `|`) and one column per listed custom property (profileData).
 */
export function createFileWriter(
	format: FileFormat,
	eventName: string,
	csvProperties: string[],
): FileWriter {
	if (format === 'jsonl') {
		return { header: '', line: (record) => `${JSON.stringify(record)}\n` };
	}
	const header = [...CSV_COLUMNS, ...csvProperties].map(csvCell).join(',');
	return {
		header: `${header}\n`,
		line(record) {
			const simplified = simplifyProfile(record, eventName);
			const profileData = (record.profileData ?? {}) as Record<string, unknown>;
			const cells = [
				...CSV_COLUMNS.map((column) => simplified[column]),
				...csvProperties.map((property) => profileData[property]),
			];
			return `${cells.map(csvCell).join(',')}\n`;
		},
	};
}
