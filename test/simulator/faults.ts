/**
 * CleverTap's failure bodies, and the switchable faults, each named after what it imitates. A fault
 * fires at a chosen step of an export (or lookup, or count), a chosen number of times. It never
 * loses data: an error keeps the cursor's position, and page-shaping faults move records onto later
 * pages (or show them in a shape a client must refuse).
 */

/**
 * A body to send (JSON unless `headers` say otherwise: they replace the Content-Type; `midBody`
 * sends half of it, then nothing more or a closed connection), or a broken wire: close the
 * connection unanswered, or never answer at all.
 */
export type Reply =
	| {
			status: number;
			text: string;
			headers?: Record<string, string>;
			/** Half the body, then: silence, or the connection cut. */
			midBody?: 'stall' | 'cut';
	  }
	| 'dropConnection'
	| 'noAnswer';

const json = (status: number, body: object): Reply => ({ status, text: JSON.stringify(body) });
export const success = (body: object) => json(200, { status: 'success', ...body });
/** Failures look like {"status":"fail","error":"<message>","code":<n>}, and several come with HTTP 200. */
export const fail = (status: number, error: string, code: number) =>
	json(status, { status: 'fail', error, code });
/** A body not sent as JSON is refused [guess: text and code]. */
export const refusalUnlessJson = (contentType = '') =>
	/^application\/json\b/i.test(contentType)
		? undefined
		: fail(400, 'Content-Type must be application/json', 400);
/** What a web server or proxy in front answers for a path it does not know: no CleverTap body. */
export const plainNotFound = (): Reply => ({
	status: 404,
	text: 'Not Found',
	headers: { 'Content-Type': 'text/plain' },
});
/** [guess] A page from a proxy, gateway or load balancer in front of CleverTap, nginx-style. */
const htmlPage = (status: number, title: string): Reply => ({
	status,
	text: `<html>\r\n<head><title>${status} ${title}</title></head>\r\n<body>\r\n<center><h1>${status} ${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
	headers: { 'Content-Type': 'text/html' },
});
/** The text of the answer that would have been sent. */
const textOf = (normal: () => Reply) => {
	const answer = normal();
	return typeof answer === 'object' ? answer.text : '{"status":"success"}';
};

/** Also the answer on the wrong region's host [seen]. */
export const invalidCredentials = () => fail(401, 'Invalid Credentials', 401);
export const tooManyConcurrentRequests = () => fail(429, 'Too many concurrent requests', 429);
export const exportNotAllowed = () => fail(400, 'Export not allowed for this event', 400);
/** [guess] Text and code unknown; "expired" tells it from a bad cursor. */
export const cursorExpired = () =>
	fail(400, 'Cursor has expired, please request a new cursor', 400);

function midBody(normal: () => Reply, then: 'stall' | 'cut'): Reply {
	const answer = normal();
	return typeof answer === 'object' ? { ...answer, midBody: then } : answer;
}

/** Faults that replace the answer (`normal`: what would have been sent; `spec`: the fault as set). */
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
	truncatedBody: (normal) => {
		const text = textOf(normal);
		return { status: 200, text: text.slice(0, Math.floor(text.length / 2)) };
	},
	// The real answer's status line, headers (full Content-Length) and half its body, then silence.
	stallMidBody: (normal) => midBody(normal, 'stall'),
	// The same, then the connection is closed: a body cut off on the way (a proxy or link failing).
	cutOffMidBody: (normal) => midBody(normal, 'cut'),
	// HTTP 200 that says it is gzip, with the plain JSON: a proxy that labels what it did not compress.
	badGzip: (normal) => ({
		status: 200,
		text: textOf(normal),
		headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
	}),
	expiredCursor: cursorExpired, // the export's cursors expire now (and stay expired)
	// [guess] Any unexplained CleverTap failure; what matters is that it comes with HTTP 200.
	failWith200: () => fail(200, 'Unable to process the request at the moment', 5),
	exportNotAllowed, // on the cursor POST
	// The future-date refusal told by its message only, not by code 4002 [seen: both occur].
	futureDateByMessage: () => fail(400, 'To date cannot be in the future', 400),
	wrongRegion: invalidCredentials,
	// Moved elsewhere (another host, or http to https): 307 keeps a POST's method and body, 302 a GET's.
	redirect: (_normal, { at, location }) => {
		if (!location) throw new Error('the redirect fault needs a location');
		return { status: at === 'post' ? 307 : 302, text: '', headers: { Location: location } };
	},
	// Answers from what stands in front of CleverTap, not from CleverTap: no JSON body.
	emptyBody401: () => ({ status: 401, text: '', headers: {} }),
	htmlBody403: () => htmlPage(403, 'Forbidden'),
	htmlNotFound404: () => htmlPage(404, 'Not Found'), // a proxy that does not know the path
	html429: () => htmlPage(429, 'Too Many Requests'), // a rate limit in front of CleverTap
	html400: () => htmlPage(400, 'Bad Request'), // e.g. headers too large for the proxy
	html502: () => htmlPage(502, 'Bad Gateway'), // a gateway whose upstream failed
} satisfies Record<string, (normal: () => Reply, spec: FaultSpec) => Reply>;

export type FaultKind =
	| keyof typeof FAULT_ANSWERS
	// Faults that change what a page holds (see planPage in export.ts):
	| 'shortPage' // fewer records than the page size, and the chain goes on
	| 'emptyPageWithCursor' // records: [] with a next_cursor
	| 'missingRecordsKey' // no records key at all, with a next_cursor
	| 'repeatedProfiles' // the page repeats profiles that also appear on another page
	| 'repeatedCursor' // next_cursor equals the cursor sent: the chain does not advance
	| 'recordsNotAList' // records is an object ({} or {"0": {...}}), with the chain's next_cursor
	| 'nullRecord' // records holds a null among the real ones
	| 'endlessChain' // from here on, the same page again and again, each time with a fresh cursor
	| 'endlessEmptyChain' // from here on, records: [] with a fresh cursor, forever
	// Upload faults (see upload.ts), for "was it recorded?" when no answer says so:
	| 'serverErrorBeforeRecording' // HTTP 500, nothing applied
	| 'serverErrorAfterRecording' // HTTP 500, the records applied all the same
	| 'dropAfterRecording' // the records applied, then the connection destroyed unanswered
	| 'slowBatch' // the normal answer, `delayMs` late (default 2000)
	| 'refusalsWithoutRecord'; // the normal answer, its refusals echoing no record [guess]

export interface FaultSpec {
	kind: FaultKind;
	/**
	 * 'post': a POST (an export's cursor, a count, an upload, a delete); 'byId': the lookup;
	 * 'last': the GET of an export's final page, or the count's poll that answers it; N: the GET
	 * of page N or later (page 1 is the POST cursor's), or a count's poll N or later (1: the
	 * first): a retry meets it again; `times` > 1 shapes N, N+1...
	 */
	at: 'post' | number | 'last' | 'byId';
	times?: number; // in total, across exports, until setFaults(); default 1
	location?: string; // redirect: the Location header, e.g. 'http://127.0.0.2:PORT/1/profiles.json'
	delayMs?: number; // slowBatch: how late the answer comes
}

/** Faults that need records due on the page: on an empty page they wait for the next one. */
const NEED_RECORDS: FaultKind[] = ['shortPage', 'repeatedProfiles', 'nullRecord', 'endlessChain'];

export class FaultSwitchboard {
	private armed: Array<FaultSpec & { timesLeft: number }> = [];

	replace(specs: FaultSpec[]): void {
		this.armed = specs.map((spec) => ({ ...spec, timesLeft: spec.times ?? 1 }));
	}

	/**
	 * The first armed fault that applies to this request, if any, counted as fired. Faults that
	 * replace the answer apply everywhere; the others only where the caller `handles` them.
	 */
	fire(
		place: 'post' | 'byId' | { page: number; isFinal: boolean; hasRecordsDue: boolean },
		handles: readonly FaultKind[] = [],
	): FaultSpec | undefined {
		const fault = this.armed.find(({ kind, at, timesLeft }) => {
			if (timesLeft <= 0 || !(kind in FAULT_ANSWERS || handles.includes(kind))) return false;
			if (typeof place === 'string') return at === place;
			if (NEED_RECORDS.includes(kind) && !place.hasRecordsDue) return false;
			return at === 'last' ? place.isFinal : typeof at === 'number' && place.page >= at;
		});
		if (fault) fault.timesLeft--;
		return fault;
	}
}

/** The fault's answer if it replaces the normal one, else the normal answer (other faults shape it). */
export function answerWith(fault: FaultSpec | undefined, normal: () => Reply): Reply {
	return fault && fault.kind in FAULT_ANSWERS
		? FAULT_ANSWERS[fault.kind as keyof typeof FAULT_ANSWERS](normal, fault)
		: normal();
}
