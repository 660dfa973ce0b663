/**
 * What the simulator answers when things go wrong: CleverTap's failure bodies, and the switchable
 * faults. Each fault is named after what it imitates in CleverTap or on the way to it, fires at a
 * chosen step of an export (or of a by-ID lookup), and fires a chosen number of times in total.
 * A fault never loses or invents data beyond what it imitates: an error answer keeps the cursor's
 * position, and page-shaping faults move the records they hold back onto later pages.
 */

/** A JSON body to send, or a broken wire: close the connection unanswered, or never answer at all. */
export type Reply = { status: number; text: string } | 'dropConnection' | 'noAnswer';

const json = (status: number, body: object): Reply => ({ status, text: JSON.stringify(body) });
export const success = (body: object) => json(200, { status: 'success', ...body });
/** Failures look like {"status":"fail","error":"<message>","code":<n>}, and several come with HTTP 200. */
export const fail = (status: number, error: string, code: number) =>
	json(status, { status: 'fail', error, code });

/** Also the answer for a valid account asked on the wrong region's host [seen]. */
export const invalidCredentials = () => fail(401, 'Invalid Credentials', 401);
/** CleverTap's limit is on concurrency, and its 429 carries no Retry-After [doc/seen]. */
export const tooManyConcurrentRequests = () => fail(429, 'Too many concurrent requests', 429);
export const exportNotAllowed = () => fail(400, 'Export not allowed for this event', 400);
/** [guess] Text and code unknown; the message says "expired" so a client can tell it from a bad cursor. */
export const cursorExpired = () =>
	fail(400, 'Cursor has expired, please request a new cursor', 400);

/** Faults that replace the answer (`normal`: what would have been sent). */
const FAULT_ANSWERS = {
	requestInProgress: () => fail(200, 'Request still in progress, please retry later', 2), // the same cursor works on retry
	tooManyRequests: tooManyConcurrentRequests, // 429 without Retry-After
	serverError500: () => fail(500, 'Internal Server Error', 500),
	serviceUnavailable503: () => fail(503, 'Service Unavailable', 503),
	connectionReset: () => 'dropConnection', // the socket is destroyed without a response
	hang: () => 'noAnswer', // never answers (until close()): the client's timeout must fire
	// HTTP 200 with text that looks like JSON at a glance, but a comma is missing.
	malformedBody: () => ({ status: 200, text: '{"status":"success" "records":[]}' }),
	// HTTP 200, the real JSON cut off half-way (Content-Length honest for what is sent).
	truncatedBody: (normal: () => Reply) => {
		const answer = normal();
		const text = typeof answer === 'object' ? answer.text : '{"status":"success"}';
		return { status: 200, text: text.slice(0, Math.floor(text.length / 2)) };
	},
	expiredCursor: cursorExpired, // the export's cursors expire now (and stay expired)
	// [guess] Any unexplained CleverTap failure; what matters is that it comes with HTTP 200.
	failWith200: () => fail(200, 'Unable to process the request at the moment', 5),
	exportNotAllowed, // on the cursor POST
	wrongRegion: invalidCredentials,
} satisfies Record<string, (normal: () => Reply) => Reply>;

export type FaultKind =
	| keyof typeof FAULT_ANSWERS
	// Faults that change what a page holds (see planPage in export.ts):
	| 'shortPage' // fewer records than the page size, and the chain goes on
	| 'emptyPageWithCursor' // records: [] with a next_cursor
	| 'missingRecordsKey' // no records key at all, with a next_cursor
	| 'repeatedProfiles' // the page repeats profiles that also appear on another page
	| 'repeatedCursor'; // next_cursor equals the cursor sent: the chain does not advance

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

export class FaultSwitchboard {
	private armed: Array<FaultSpec & { timesLeft: number }> = [];

	/** Replaces the active faults and resets their counters. */
	replace(specs: FaultSpec[]): void {
		this.armed = specs.map((spec) => ({ ...spec, timesLeft: spec.times ?? 1 }));
	}

	/** The fault that fires for this request, if any, counted as fired: the first listed that applies. */
	fire(place: 'post' | 'byId' | { page: number; isFinal: boolean; hasRecordsDue: boolean }) {
		const fault = this.armed.find(({ kind, at, timesLeft }) => {
			if (timesLeft <= 0) return false;
			if (typeof place === 'string') return at === place;
			// These need records to hold back or repeat; on an empty page they wait for the next one.
			if ((kind === 'shortPage' || kind === 'repeatedProfiles') && !place.hasRecordsDue)
				return false;
			return at === 'last' ? place.isFinal : typeof at === 'number' && place.page >= at;
		});
		if (fault) fault.timesLeft--;
		return fault?.kind;
	}
}

/** The fault's answer if it replaces the normal one, else the normal answer (page-shaping faults shape it). */
export function answerWith(fault: FaultKind | undefined, normal: () => Reply): Reply {
	return fault && fault in FAULT_ANSWERS
		? FAULT_ANSWERS[fault as keyof typeof FAULT_ANSWERS](normal)
		: normal();
}
