/**
 * Switchable faults. Each is named after what it imitates in CleverTap or on the way to it, fires at a
 * chosen step of an export (or of a by-ID lookup), and fires a chosen number of times in total.
 *
 * A fault never loses or invents data beyond what it imitates: an error answer keeps the cursor's
 * position, and page-shaping faults move the records they hold back onto later pages.
 */
import {
	cursorExpired,
	exportNotAllowed,
	fail,
	invalidCredentials,
	requestInProgress,
	tooManyConcurrentRequests,
	type Reply,
} from './replies';

export type FaultKind =
	| 'requestInProgress' // HTTP 200 fail code 2; the same cursor works on retry
	| 'tooManyRequests' // 429 without Retry-After
	| 'serverError500'
	| 'serviceUnavailable503'
	| 'connectionReset' // the socket is destroyed without a response
	| 'hang' // never answers (until close()): the client's timeout must fire
	| 'malformedBody' // 200 with invalid JSON
	| 'truncatedBody' // 200, the real JSON cut off half-way (Content-Length honest for what is sent)
	| 'repeatedCursor' // next_cursor equals the cursor sent: the chain does not advance
	| 'expiredCursor' // the export's cursors expire now (and stay expired)
	| 'failWith200' // HTTP 200 with status "fail"
	| 'exportNotAllowed' // 400 "Export not allowed for this event", on the cursor POST
	| 'wrongRegion' // 401 "Invalid Credentials"
	| 'shortPage' // fewer records than the page size, and the chain goes on
	| 'emptyPageWithCursor' // records: [] with a next_cursor
	| 'missingRecordsKey' // no records key at all, with a next_cursor
	| 'repeatedProfiles'; // the page repeats profiles that also appear on another page

export interface FaultSpec {
	kind: FaultKind;
	/**
	 * 'post' = the cursor POST; 'byId' = the profile.json GET; 'last' = a cursor GET that returns the final page;
	 * N = a cursor GET for page N or later (1-based: the POST's cursor fetches page 1). So a retry of page N meets
	 * the fault again, and a page-shaping fault with `times` > 1 shapes pages N, N+1, ...
	 */
	at: 'post' | number | 'last' | 'byId';
	/** How many times it fires in total, across exports, until setFaults() resets it. Default 1. */
	times?: number;
}

/** Where a request stands, as far as faults care. */
export type FaultPlace =
	| { step: 'post' }
	| { step: 'byId' }
	| { step: 'page'; page: number; isFinalPage: boolean; hasRecordsDue: boolean };

/** Faults that change what a page holds, rather than replacing the answer. */
export const PAGE_SHAPING_FAULTS = [
	'repeatedCursor',
	'shortPage',
	'emptyPageWithCursor',
	'missingRecordsKey',
	'repeatedProfiles',
] as const;
export type PageShapingFault = (typeof PAGE_SHAPING_FAULTS)[number];

/** Only meaningful on a cursor GET. */
const PAGE_ONLY_FAULTS: FaultKind[] = [...PAGE_SHAPING_FAULTS, 'expiredCursor'];
/** These need records on the page to hold back or repeat; on an empty page they wait for the next one. */
const NEEDS_RECORDS: FaultKind[] = ['shortPage', 'repeatedProfiles'];

export function isPageShapingFault(kind: FaultKind | undefined): kind is PageShapingFault {
	return (PAGE_SHAPING_FAULTS as readonly string[]).includes(kind ?? '');
}

interface ArmedFault {
	spec: FaultSpec;
	timesLeft: number;
}

export class FaultSwitchboard {
	private armed: ArmedFault[] = [];

	constructor(specs: FaultSpec[] = []) {
		this.replace(specs);
	}

	/** Replaces the active faults and resets their counters. Throws on a fault that could never fire. */
	replace(specs: FaultSpec[]): void {
		specs.forEach(checkFaultSpec);
		this.armed = specs.map((spec) => ({ spec, timesLeft: spec.times ?? 1 }));
	}

	/** The fault that fires for this request, if any, counted as fired. At most one fires per request: the first listed. */
	fire(place: FaultPlace): FaultKind | undefined {
		const fault = this.armed.find((armed) => armed.timesLeft > 0 && appliesAt(armed.spec, place));
		if (!fault) return undefined;
		fault.timesLeft--;
		return fault.spec.kind;
	}
}

function appliesAt(spec: FaultSpec, place: FaultPlace): boolean {
	if (place.step !== 'page') return spec.at === place.step;
	if (NEEDS_RECORDS.includes(spec.kind) && !place.hasRecordsDue) return false;
	if (spec.at === 'last') return place.isFinalPage;
	return typeof spec.at === 'number' && place.page >= spec.at;
}

function checkFaultSpec(spec: FaultSpec): void {
	const { kind, at, times = 1 } = spec;
	const problem =
		typeof at === 'number' && !(Number.isInteger(at) && at >= 1)
			? 'a page number starts at 1'
			: !(times >= 1)
				? 'times must be at least 1'
				: kind === 'exportNotAllowed' && at !== 'post'
					? "it only happens on the cursor POST (at: 'post')"
					: PAGE_ONLY_FAULTS.includes(kind) && (at === 'post' || at === 'byId')
						? "it only happens on a cursor GET (at: a page number or 'last')"
						: undefined;
	if (problem) throw new Error(`Fault ${JSON.stringify(spec)} can never fire: ${problem}`);
}

/**
 * The answer a fault gives instead of the normal one, or undefined for faults that shape the normal
 * answer instead. `normalAnswer` is what would have been sent (truncatedBody cuts it).
 */
export function faultAnswer(kind: FaultKind, normalAnswer: () => Reply): Reply | undefined {
	switch (kind) {
		case 'requestInProgress':
			return requestInProgress();
		case 'tooManyRequests':
			return tooManyConcurrentRequests();
		case 'serverError500':
			return fail(500, 'Internal Server Error', 500);
		case 'serviceUnavailable503':
			return fail(503, 'Service Unavailable', 503);
		case 'connectionReset':
			return { kind: 'dropConnection' };
		case 'hang':
			return { kind: 'noAnswer' };
		case 'malformedBody':
			// Looks like JSON at a glance, but a comma is missing.
			return { kind: 'brokenJson', status: 200, text: '{"status":"success" "records":[]}' };
		case 'truncatedBody': {
			const answer = normalAnswer();
			const text = answer.kind === 'json' ? JSON.stringify(answer.body) : '{"status":"success"}';
			return { kind: 'brokenJson', status: 200, text: text.slice(0, Math.floor(text.length / 2)) };
		}
		case 'expiredCursor':
			return cursorExpired();
		case 'failWith200':
			// [guess] Any unexplained CleverTap failure; what matters is that it comes with HTTP 200.
			return fail(200, 'Unable to process the request at the moment', 5);
		case 'exportNotAllowed':
			return exportNotAllowed();
		case 'wrongRegion':
			return invalidCredentials();
		default:
			return undefined;
	}
}
