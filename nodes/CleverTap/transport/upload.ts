/**
 * The Upload API and Delete user profiles: one request per batch, and what CleverTap said of each
 * record. Uploads are answered HTTP 200 even when records fail (status "partial" or "fail"), the
 * refused ones echoed in `unprocessed`.
 */
import type { IDataObject } from 'n8n-workflow';

import type { CleverTapFunctions } from './context';
import { cleverTapApiRequest, type RequestSettings } from './request';

/** One record CleverTap refused, in its own words. */
export interface RecordRefusal {
	code?: number;
	error: string;
	/** CleverTap refused a record without saying which: this one may or may not be written. */
	inDoubt?: true;
}

/** The identifier that names an upload record: no batch holds two records with the same one. */
export function uploadRecordKey(record: IDataObject): string | undefined {
	if (record.identity !== undefined) return `identity:${String(record.identity)}`;
	if (record.objectId !== undefined) return `objectId:${String(record.objectId)}`;
	return undefined;
}

const UNMATCHED: RecordRefusal = {
	error: 'CleverTap refused a record of its request without saying which',
	inDoubt: true,
};

/**
 * Sends one batch; for each record, undefined (written) or why CleverTap refused it. A refusal
 * that echoes no record of the batch leaves every record not otherwise accounted for in doubt.
 */
export async function uploadBatch(
	this: CleverTapFunctions,
	records: IDataObject[],
	settings: RequestSettings,
): Promise<Array<RecordRefusal | undefined>> {
	const answer = await cleverTapApiRequest.call(
		this,
		{
			method: 'POST',
			path: '/1/upload',
			body: { d: records },
			isExpectedFailure: (httpStatus, failure) =>
				httpStatus === 200 && Array.isArray(failure.unprocessed),
		},
		settings,
	);
	const unprocessed = Array.isArray(answer.unprocessed)
		? (answer.unprocessed as IDataObject[])
		: [];
	const results: Array<RecordRefusal | undefined> = records.map(() => undefined);
	if (unprocessed.length === 0) return results;
	const positionOf = new Map(records.map((record, index) => [uploadRecordKey(record), index]));
	let unmatched = false;
	for (const entry of unprocessed) {
		const echoed = entry.record as IDataObject | undefined;
		const position = echoed ? positionOf.get(uploadRecordKey(echoed)) : undefined;
		if (position === undefined) {
			unmatched = true;
			continue;
		}
		results[position] = {
			code: typeof entry.code === 'number' ? entry.code : undefined,
			error: String(entry.error ?? 'refused without a reason'),
		};
	}
	if (unmatched || (answer.status === 'fail' && results.includes(undefined))) {
		return results.map((result) => result ?? UNMATCHED);
	}
	return results;
}

/** Deletes one batch of profiles, all named by identity or all by guid (the CleverTap ID). */
export async function deleteBatch(
	this: CleverTapFunctions,
	idType: 'identity' | 'guid',
	ids: string[],
	settings: RequestSettings,
): Promise<void> {
	await cleverTapApiRequest.call(
		this,
		{ method: 'POST', path: '/1/delete/profiles.json', body: { [idType]: ids } },
		settings,
	);
}
