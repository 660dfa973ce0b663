import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IN8nHttpFullResponse,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { resolveBaseUrl } from '../helpers/baseUrl';
import { recordsOfPage, type ProfileRecord } from '../helpers/records';

export const CREDENTIAL_TYPE = 'cleverTapApi';

export interface CleverTapRequest {
	method: IHttpRequestMethods;
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	/** Appended to the URL untouched: CleverTap's cursors arrive percent-encoded and must go back as they came. */
	rawQuery?: string;
	/** A failure this call expects as an answer (a lookup's "not found"); it is returned, not thrown. */
	isExpectedFailure?: (httpStatus: number, answer: CleverTapAnswer) => boolean;
}

/** What CleverTap puts in every answer; failures say `status: "fail"`, often with HTTP 200. */
export interface CleverTapAnswer extends IDataObject {
	status?: string;
	error?: string;
	code?: number;
}

const AUTH_FAILURE_HINT =
	'Check the account ID and passcode in the CleverTap credential, and check the region as well: CleverTap answers a request sent to the wrong region the same way.';

function describeFailure(httpStatus: number, answer: CleverTapAnswer): string | undefined {
	const message = answer.error ?? '';
	if (httpStatus === 401 || httpStatus === 403 || /invalid credentials|account blocked/i.test(message)) {
		return AUTH_FAILURE_HINT;
	}
	if (httpStatus === 429) {
		return 'CleverTap allows 3 concurrent requests per account for this API. Run fewer CleverTap nodes or executions at the same time.';
	}
	if (/export not allowed/i.test(message)) {
		return 'CleverTap does not export profiles for this event (notification events cannot be exported). Choose another event.';
	}
	if (answer.code === 4002 || /future/i.test(message)) {
		return "CleverTap refuses ranges that end after today in your account's time zone. Use an earlier To Date.";
	}
	return undefined;
}

function failureOf(
	this: IExecuteFunctions,
	httpStatus: number,
	answer: CleverTapAnswer,
): NodeApiError {
	const cleverTapMessage = answer.error ?? `HTTP ${httpStatus} without an error message`;
	const codeNote = answer.code !== undefined ? ` (code ${answer.code})` : '';
	return new NodeApiError(this.getNode(), answer as JsonObject, {
		message: `CleverTap: ${cleverTapMessage}${codeNote}`,
		description: describeFailure(httpStatus, answer),
		httpCode: String(httpStatus),
	});
}

/** Only the parts of a network error that can never hold the passcode (never the request config). */
function connectionFailure(this: IExecuteFunctions, error: unknown): NodeApiError {
	const { message, code } = error as { message?: string; code?: string };
	return new NodeApiError(
		this.getNode(),
		{ message: message ?? 'Request failed', code: code ?? null },
		{
			message: `Could not reach CleverTap: ${code ?? message ?? 'unknown network error'}`,
			description:
				"Check the credential's region (or custom Base URL) and that this n8n instance can reach it.",
		},
	);
}

/**
 * One call to CleverTap. Answers with `status: "success"`; everything else throws a
 * NodeApiError carrying CleverTap's own message and code, whatever the HTTP status was.
 */
export async function cleverTapApiRequest(
	this: IExecuteFunctions,
	request: CleverTapRequest,
): Promise<CleverTapAnswer> {
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	const baseUrl = resolveBaseUrl(credentials);
	const url = `${baseUrl}${request.path}${request.rawQuery ? `?${request.rawQuery}` : ''}`;

	let response: IN8nHttpFullResponse;
	try {
		response = (await this.helpers.httpRequestWithAuthentication.call(this, CREDENTIAL_TYPE, {
			method: request.method,
			url,
			qs: request.qs,
			body: request.body,
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		})) as IN8nHttpFullResponse;
	} catch (error) {
		throw connectionFailure.call(this, error);
	}

	const answer = (response.body ?? {}) as CleverTapAnswer;
	const isSuccess = response.statusCode < 300 && answer.status === 'success';
	if (isSuccess || request.isExpectedFailure?.(response.statusCode, answer)) return answer;
	throw failureOf.call(this, response.statusCode, answer);
}

/**
 * Walks an export's cursor chain from its first cursor: GET each cursor, then its
 * `next_cursor`, until an answer has none. A short or empty page is not the end.
 * With `maxRecords`, stops asking once that many records are in hand.
 */
export async function followCursorChain(
	this: IExecuteFunctions,
	firstCursor: string,
	maxRecords?: number,
): Promise<ProfileRecord[]> {
	const records: ProfileRecord[] = [];
	let cursor: string | undefined = firstCursor;
	while (cursor) {
		const page: CleverTapAnswer = await cleverTapApiRequest.call(this, {
			method: 'GET',
			path: '/1/profiles.json',
			rawQuery: `cursor=${cursor}`,
		});
		for (const record of recordsOfPage(page)) records.push(record);
		if (maxRecords !== undefined && records.length >= maxRecords) {
			return records.slice(0, maxRecords);
		}
		cursor = typeof page.next_cursor === 'string' && page.next_cursor !== '' ? page.next_cursor : undefined;
	}
	return records;
}
