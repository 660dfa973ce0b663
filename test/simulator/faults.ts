/**
 * CleverTap's failure bodies, and the switchable faults, each named after what it imitates. A fault
 * fires at a chosen step of an export (or lookup), a chosen number of times. It never loses data: an
 * error keeps the cursor's position, and page-shaping faults move records onto later pages.
 */

/**
 * A body to send (JSON unless `headers` say otherwise: they replace the Content-Type), or a broken
 * wire: close the connection unanswered, or never answer at all.
 */
export type Reply =
	| { status: number; text: string; headers?: Record<string, string> }
	| 'dropConnection'
	| 'noAnswer';

const json = (status: number, body: object): Reply => ({ status, text: JSON.stringify(body) });
export const success = (body: object) => json(200, { status: 'success', ...body });
/** Failures look like {"status":"fail","error":"<message>","code":<n>}, and several come with HTTP 200. */
export const fail = (status: number, error: string, code: number) =>
	json(status, { status: 'fail', error, code });
/** What a web server or proxy in front answers for a path it does not know: no CleverTap body. */
export const plainNotFound = (): Reply => ({
	status: 404,
	text: 'Not Found',
	headers: { 'Content-Type': 'text/plain' },
});

/** Also the answer on the wrong region's host [seen]. */
export const invalidCredentials = () => fail(401, 'Invalid Credentials', 401);
export const tooManyConcurrentRequests = () => fail(429, 'Too many concurrent requests', 429);
export const exportNotAllowed = () => fail(400, 'Export not allowed for this event', 400);
/** [guess] Text and code unknown; "expired" tells it from a bad cursor. */
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
	 * 'post': the cursor POST; 'byId': the lookup; 'last': the GET of the final page; N: the GET of
	 * page N or later (page 1 is the POST cursor's): a retry meets it again; `times` > 1 shapes N, N+1...
	 */
	at: 'post' | number | 'last' | 'byId';
	times?: number; // in total, across exports, until setFaults(); default 1
}

export class FaultSwitchboard {
	private armed: Array<FaultSpec & { timesLeft: number }> = [];

	replace(specs: FaultSpec[]): void {
		this.armed = specs.map((spec) => ({ ...spec, timesLeft: spec.times ?? 1 }));
	}

	/** The first armed fault that applies to this request, if any, counted as fired. */
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
