/**
 * What the simulator can answer, and CleverTap's failure bodies in one place.
 * Failures look like {"status":"fail","error":"<message>","code":<n>}, and several come with HTTP 200:
 * a client that checks only the status code loses data, which is exactly what tests must catch.
 */

export type Reply =
	| { kind: 'json'; status: number; body: unknown }
	/** A body that is deliberately not valid JSON (malformed or cut short), still sent as application/json. */
	| { kind: 'brokenJson'; status: number; text: string }
	/** Valid JSON already serialised (the benchmark's record cache). */
	| { kind: 'jsonText'; status: number; text: string }
	/** Close the connection without any response. */
	| { kind: 'dropConnection' }
	/** Never answer (until the simulator closes): the client's own timeout has to fire. */
	| { kind: 'noAnswer' };

export function success(body: Record<string, unknown>): Reply {
	return { kind: 'json', status: 200, body: { status: 'success', ...body } };
}

export function fail(httpStatus: number, error: string, code: number): Reply {
	return { kind: 'json', status: httpStatus, body: { status: 'fail', error, code } };
}

/** Also the answer for a valid account asked on the wrong region's host [seen]. */
export const invalidCredentials = (): Reply => fail(401, 'Invalid Credentials', 401);

/** CleverTap's limit is on concurrency, and its 429 carries no Retry-After [doc/seen]. */
export const tooManyConcurrentRequests = (): Reply =>
	fail(429, 'Too many concurrent requests', 429);

/** A cursor sent percent-encoded a second time (it contains %25) [seen]. Note: HTTP 200. */
export const incorrectUsage = (): Reply => fail(200, 'Incorrect Usage', 3);

/** Position is kept; the same cursor works on retry [seen]. Note: HTTP 200. */
export const requestInProgress = (): Reply =>
	fail(200, 'Request still in progress, please retry later', 2);

export const exportNotAllowed = (): Reply => fail(400, 'Export not allowed for this event', 400);

export const futureDate = (): Reply => fail(400, 'to date cannot be in the future', 4002);

export const badRequest = (error: string): Reply => fail(400, error, 400);

/** [guess] The real text for a cursor the server does not know is unknown. */
export const invalidCursor = (): Reply => fail(400, 'Invalid cursor', 400);

/** [guess] Text and code unknown; the message says "expired" so a client can tell it from a bad cursor. */
export const cursorExpired = (): Reply =>
	fail(400, 'Cursor has expired, please request a new cursor', 400);

/** [guess] Clients see HTTP 200 with status "fail" and no record [seen]; the exact text is unknown. */
export const profileNotFound = (): Reply => fail(200, 'Profile not found', 404);

export const routeNotFound = (): Reply => fail(404, 'Not Found', 404);

export const methodNotAllowed = (): Reply => fail(405, 'Method Not Allowed', 405);
