/**
 * The HTTP side: one local server stands in for every CleverTap region. A path prefix picks the
 * region (`/us1/1/profiles.json`); no prefix (`/1/profiles.json`) is the global host, which is eu1.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
	authenticate,
	DEMO_ACCOUNT,
	isRegion,
	type Region,
	type SimulatorAccount,
} from './accounts';
import { CLEVERTAP_CURSOR_LIFETIME, CursorStore, type CursorLifetime } from './cursors';
import { createDataset, type Dataset } from './dataset';
import { utcDateOf } from './dates';
import { nextPage, startExport } from './export-endpoint';
import { FaultSwitchboard, type FaultSpec } from './faults';
import { lookUpProfile } from './profile-endpoint';
import { RecordJsonCache } from './record-cache';
import {
	invalidCredentials,
	methodNotAllowed,
	routeNotFound,
	tooManyConcurrentRequests,
	type Reply,
} from './replies';
import type { ApiCall, SimulatorState } from './simulator-state';
import { flattenHeaders, headerText, parseIfJson, readBody, write } from './wire';

export interface SimulatorOptions {
	/** 0 (default) = a free port. */
	port?: number;
	/** Default [DEMO_ACCOUNT]. */
	accounts?: SimulatorAccount[];
	/** Users in the seeded population. Default 2000. */
	population?: number;
	/**
	 * Instead of the realistic population (people active on many days), every user launches the app
	 * on exactly one day of this range (YYYYMMDD, both included), and does the other events on that
	 * day or not at all. For the benchmark: split into sub-ranges, such an export has no person in two
	 * of them. Default: the realistic population.
	 */
	oneActiveDayIn?: { from: number; to: number };
	seed?: number;
	/** YYYYMMDD the simulator considers today (a later `to` is refused). Default: the clock's UTC date. */
	today?: number;
	faults?: FaultSpec[];
	/** Per account; CleverTap allows 3 for this API [doc]. Beyond it: 429. */
	maxConcurrentRequests?: number;
	/** Milliseconds since the epoch. Injectable so tests can expire cursors without waiting. Default Date.now. */
	clock?: () => number;
	/** Default about 4 h from creation, 1 h idle [seen]. */
	cursorLifetime?: CursorLifetime;
	/** Delay before every answer, to make concurrency visible. Default 0. */
	latencyMs?: number;
	/**
	 * Keep each exported record's JSON once built (benchmarks: the simulator's own cost stays small
	 * next to the client's). Costs about 1 KB of memory per record served. Default false.
	 */
	cacheRecords?: boolean;
}

export interface RecordedRequest {
	method: string;
	/** As received, region prefix included, without the query. */
	path: string;
	/** The region the path selected (eu1 for the global host, and for paths no region matches). */
	region: Region;
	/** The query string exactly as sent (not decoded). */
	rawQuery: string;
	/** Decoded query parameters. */
	query: Record<string, string>;
	/** Header names in lower case, as Node gives them. */
	headers: Record<string, string | undefined>;
	/** Parsed JSON if the body was JSON, the raw text otherwise, undefined if there was none. */
	body: unknown;
	/** HTTP status answered; 0 while unanswered, and for a dropped connection or a request left hanging. */
	status: number;
}

export interface CleverTapSimulator {
	/** The global host (eu1), e.g. http://127.0.0.1:PORT */
	url: string;
	/** e.g. http://127.0.0.1:PORT/us1 */
	regionUrl(region: Region): string;
	/** Every request received, in order. */
	requests: RecordedRequest[];
	clearRequests(): void;
	/** Replaces the active faults (their counters reset). */
	setFaults(faults: FaultSpec[]): void;
	/** Changes the delay before every answer (see `latencyMs`). */
	setLatency(latencyMs: number): void;
	/** Ground truth for tests. */
	dataset: Dataset;
	/** Stops the server and destroys open sockets, hanging requests included. Never hangs. */
	close(): Promise<void>;
}

const DEFAULT_SEED = 20240101;

export async function startSimulator(options: SimulatorOptions = {}): Promise<CleverTapSimulator> {
	const accounts = options.accounts ?? [DEMO_ACCOUNT];
	const clock = options.clock ?? Date.now;
	const maxConcurrent = options.maxConcurrentRequests ?? 3;
	const today = () => options.today ?? utcDateOf(clock());
	// Activity up to the simulator's today, so that yesterday has people in it.
	const dataset = createDataset(
		options.seed ?? DEFAULT_SEED,
		options.population ?? 2000,
		today,
		options.oneActiveDayIn,
	);
	let latencyMs = options.latencyMs ?? 0;
	const state: SimulatorState = {
		dataset,
		recordCache: options.cacheRecords ? new RecordJsonCache(dataset) : undefined,
		cursors: new CursorStore(clock, options.cursorLifetime ?? CLEVERTAP_CURSOR_LIFETIME),
		faults: new FaultSwitchboard(options.faults),
		today,
	};
	const requests: RecordedRequest[] = [];
	const inFlight = new Map<string, number>();
	const delays = new Set<NodeJS.Timeout>();

	const answerAfterLatency = (reply: Reply): Promise<Reply> => {
		if (!latencyMs) return Promise.resolve(reply);
		return new Promise((resolve) => {
			const timer = setTimeout(() => {
				delays.delete(timer);
				resolve(reply);
			}, latencyMs);
			delays.add(timer);
		});
	};

	async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const [path, rawQuery = ''] = (request.url ?? '/').split(/\?(.*)/s);
		const route = routeOf(path);
		const recorded: RecordedRequest = {
			method: request.method ?? 'GET',
			path,
			region: route?.region ?? 'eu1',
			rawQuery,
			query: Object.fromEntries(new URLSearchParams(rawQuery)),
			headers: flattenHeaders(request),
			body: undefined,
			status: 0,
		};
		requests.push(recorded);
		const bodyText = await readBody(request);
		recorded.body = parseIfJson(bodyText);

		const send = (reply: Reply) => {
			recorded.status = 'status' in reply ? reply.status : 0;
			write(request, response, reply);
		};
		if (!route || !ENDPOINTS.includes(route.endpoint)) return send(routeNotFound());
		const account = authenticate(
			accounts,
			headerText(request, 'x-clevertap-account-id'),
			headerText(request, 'x-clevertap-passcode'),
			route.region,
		);
		if (!account) return send(invalidCredentials());

		const busy = inFlight.get(account.accountId) ?? 0;
		if (busy >= maxConcurrent) return send(tooManyConcurrentRequests());
		inFlight.set(account.accountId, busy + 1);
		// 'close' comes once the answer is sent, or when the connection goes (a dropped or hanging request).
		response.once('close', () =>
			inFlight.set(account.accountId, (inFlight.get(account.accountId) ?? 1) - 1),
		);

		const call: ApiCall = {
			account,
			rawQuery,
			query: new URLSearchParams(rawQuery),
			contentType: headerText(request, 'content-type'),
			bodyText,
		};
		send(await answerAfterLatency(dispatch(state, route.endpoint, recorded.method, call)));
	}

	const server = createServer((request, response) => {
		handle(request, response).catch((error: unknown) => {
			// A bug in the simulator must show up as a failing test, not as a hanging one.
			if (!response.headersSent && !response.destroyed) {
				write(request, response, {
					kind: 'json',
					status: 500,
					body: { status: 'fail', error: String(error), code: 500 },
				});
			}
		});
	});
	server.on('clientError', (_error, socket) => socket.destroy());
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
	});
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

	let closing: Promise<void> | undefined;
	return {
		url,
		regionUrl: (region) => `${url}/${region}`,
		requests,
		clearRequests: () => {
			requests.length = 0;
		},
		setFaults: (faults) => state.faults.replace(faults),
		setLatency: (milliseconds) => {
			latencyMs = milliseconds;
		},
		dataset: state.dataset,
		close: () => {
			closing ??= new Promise((resolve) => {
				for (const timer of delays) clearTimeout(timer);
				server.close(() => resolve());
				server.closeAllConnections();
			});
			return closing;
		},
	};
}

const ENDPOINTS = ['/1/profiles.json', '/1/profile.json'];

function dispatch(state: SimulatorState, endpoint: string, method: string, call: ApiCall): Reply {
	if (endpoint === '/1/profiles.json' && method === 'POST') return startExport(state, call);
	if (endpoint === '/1/profiles.json' && method === 'GET') return nextPage(state, call);
	if (endpoint === '/1/profile.json' && method === 'GET') return lookUpProfile(state, call);
	return methodNotAllowed();
}

/** `/us1/1/profiles.json` -> us1; `/1/profiles.json` -> the global host, eu1; an unknown prefix -> none (404). */
function routeOf(path: string): { region: Region; endpoint: string } | undefined {
	const [, first, ...rest] = path.split('/');
	if (isRegion(first)) return { region: first, endpoint: `/${rest.join('/')}` };
	if (first === '1') return { region: 'eu1', endpoint: path };
	return undefined;
}
