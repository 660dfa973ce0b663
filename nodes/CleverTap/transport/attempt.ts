import type { IDataObject, IHttpRequestMethods, IN8nHttpFullResponse } from 'n8n-workflow';

import type { CleverTapFunctions } from './context';
import { networkFailureOf, type AttemptOutcome } from './retryPolicy';

export const CREDENTIAL_TYPE = 'cleverTapApi';

export interface CleverTapRequest {
	method: IHttpRequestMethods;
	/** The endpoint, such as `/1/profiles.json`: it also decides which API's limit applies. */
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

export function urlOf(baseUrl: string, request: CleverTapRequest): string {
	return `${baseUrl}${request.path}${request.rawQuery ? `?${request.rawQuery}` : ''}`;
}

function parseAnswer(body: unknown): Record<string, unknown> | undefined {
	if (typeof body !== 'string') return undefined;
	try {
		const parsed: unknown = JSON.parse(body);
		return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
			? (parsed as Record<string, unknown>)
			: undefined;
	} catch {
		return undefined;
	}
}

/** n8n wraps a network failure in a NodeApiError; the network's own code is on its `cause`. */
function networkCodeOf(error: unknown): string | undefined {
	for (let current = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; ; ) {
		if (current === undefined || current === null || depth > 4) return undefined;
		if (typeof current.code === 'string' && /^[A-Z_]+$/.test(current.code)) return current.code;
		current = current.cause as typeof current;
		depth++;
	}
}

export function hostOf(url: string): string {
	try {
		return new URL(url).host;
	} catch {
		return url;
	}
}

function redirectHost(location: string, from: string): string {
	try {
		return new URL(location, from).host;
	} catch {
		return 'an address that is not valid';
	}
}

/** The execution's cancel signal; a trigger's poll has none. */
export function executionSignalOf(context: CleverTapFunctions): AbortSignal | undefined {
	return 'getExecutionCancelSignal' in context ? context.getExecutionCancelSignal() : undefined;
}

/** One HTTP exchange. Never throws for what CleverTap or the network did: it reports it. */
export async function attempt(
	this: CleverTapFunctions,
	request: CleverTapRequest,
	url: string,
	timeoutMs: number,
): Promise<AttemptOutcome> {
	let response: IN8nHttpFullResponse;
	try {
		response = (await this.helpers.httpRequestWithAuthentication.call(this, CREDENTIAL_TYPE, {
			method: request.method,
			url,
			qs: request.qs,
			// Sent as text and parsed here, so a malformed or cut-off body is seen for what it is.
			...(request.body !== undefined
				? { body: JSON.stringify(request.body), headers: { 'Content-Type': 'application/json' } }
				: {}),
			json: false,
			encoding: 'text',
			timeout: timeoutMs,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			// CleverTap does not redirect API calls; following one would carry the passcode along.
			disableFollowRedirect: true,
		})) as IN8nHttpFullResponse;
	} catch (error) {
		const code = networkCodeOf(error);
		const message = String((error as { message?: unknown }).message ?? '');
		const cancelled = executionSignalOf(this)?.aborted === true;
		return {
			kind: 'network',
			failure: cancelled ? 'cancelled' : networkFailureOf(code, message),
			code,
			host: hostOf(url),
		};
	}
	if (response.statusCode >= 300 && response.statusCode < 400) {
		const location = response.headers?.location;
		return {
			kind: 'redirect',
			httpStatus: response.statusCode,
			to: typeof location === 'string' && location !== '' ? redirectHost(location, url) : undefined,
		};
	}
	const answer = parseAnswer(response.body);
	if (answer === undefined) return { kind: 'unreadable', httpStatus: response.statusCode };
	return { kind: 'answer', httpStatus: response.statusCode, answer };
}
