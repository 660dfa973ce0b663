/** One local server for every region: `/us1/1/profiles.json` is us1; no prefix is global (eu1). */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

import {
	apiGroupOf,
	CONCURRENT_REQUESTS,
	type ApiGroup,
} from '../../nodes/CleverTap/transport/apiLimits';
import { createDataset, utcDateOf, type DatasetOptions } from './dataset';
import { asyncCounts } from './counts';
import { cursorExports, readEventRange, type ExportSource } from './export';
import { uploadStore } from './upload';
import {
	answerWith,
	fail,
	invalidCredentials,
	plainNotFound,
	success,
	tooManyConcurrentRequests,
	FaultSwitchboard,
	type FaultSpec,
	type Reply,
} from './faults';

type Region = 'eu1' | 'in1' | 'sg1' | 'us1' | 'aps3' | 'mec1' | 'sk1';
const REGION_PREFIX = /^(?:\/(eu1|in1|sg1|us1|aps3|mec1|sk1))?(\/.*)$/;

/** An endpoint's answer to one request, by method. */
type Route = Partial<
	Record<string, (recorded: RecordedRequest, query: URLSearchParams) => Reply | Promise<Reply>>
>;

/** The account the simulator knows; the passcode is fake but shaped like a real one. */
export const DEMO_ACCOUNT = {
	accountId: 'TEST-DEMO-ACC1',
	passcode: 'SIM-PASS-QWE-RTY-UIOP-ASDF',
	region: 'eu1' as Region,
};

export interface SimulatorOptions extends Omit<DatasetOptions, 'lastDate'> {
	port?: number; // default 0: a free one
	population?: number; // default 2000
	seed?: number;
	clock?: () => number; // epoch ms: ages cursors; its UTC date is today (a later `to` is refused)
	/** Per account and API, then 429; default CleverTap's table [doc]. A number sets every API's. */
	maxConcurrentRequests?: number | Partial<Record<ApiGroup, number>>;
	latencyMs?: number; // before every answer; default 0
	/** Partial answers before a count, the POST's included (0: the POST answers the count); default 3. */
	countPartialAnswers?: number;
}

export interface RecordedRequest {
	method: string;
	path: string; // region prefix included, without the query
	rawQuery: string; // exactly as sent, not decoded
	query: Record<string, string>;
	headers: IncomingHttpHeaders;
	body: unknown; // parsed if JSON, else the text; undefined if none
	status: number; // 0 while unanswered, and for a dropped connection or a request left hanging
}

export type CleverTapSimulator = Awaited<ReturnType<typeof startSimulator>>;

export async function startSimulator(options: SimulatorOptions = {}) {
	const { clock = Date.now, maxConcurrentRequests = {} } = options;
	const limitOf = (group: ApiGroup) =>
		typeof maxConcurrentRequests === 'number'
			? maxConcurrentRequests
			: (maxConcurrentRequests[group] ?? CONCURRENT_REQUESTS[group]);
	let latencyMs = options.latencyMs ?? 0;
	const today = () => utcDateOf(clock());
	const dataset = createDataset(options.seed ?? 20240101, options.population ?? 2000, {
		...options,
		lastDate: today, // activity up to the simulator's today, so that yesterday has people in it
	});
	const faults = new FaultSwitchboard();
	const readRange = (contentType: string | undefined, body: unknown) =>
		readEventRange(contentType, body, today(), dataset.nonExportableEvents);
	const cursorChainsOf = <Item>(source: ExportSource<Item>) =>
		cursorExports(source, readRange, faults, clock);
	const profileChains = cursorChainsOf({
		order: (event, from, to) => dataset.exportOrder(event, from, to),
		json: (user, shape) => dataset.exportedJson(user, shape),
	});
	const eventChains = cursorChainsOf({
		order: (event, from, to) => dataset.eventOrder(event, from, to),
		json: (occurrence, shape) => dataset.eventJson(occurrence, shape),
	});
	const partialAnswers = options.countPartialAnswers ?? 3;
	const counts = (kind: 'events' | 'profiles') =>
		asyncCounts(
			({ eventName, from, to }) => dataset.countFor(kind, eventName, from, to),
			readRange,
			faults,
			partialAnswers,
		);
	const [eventCounts, profileCounts] = [counts('events'), counts('profiles')];
	const uploads = uploadStore(faults, clock);
	const requests: RecordedRequest[] = [];
	const inFlight = new Map<string, number>(); // by account and API group

	/** `?email=...`, `?identity=...` or `?objectId=...`, one per call [doc]. */
	function lookUpProfile(query: URLSearchParams): Reply {
		const given = (['email', 'identity', 'objectId'] as const).filter((type) => query.get(type));
		// [guess] Undocumented: answered like the misuse CleverTap reports ("Incorrect Usage", code 3).
		if (given.length !== 1) return fail(400, 'Incorrect Usage', 3);
		return answerWith(faults.fire('byId'), () => {
			const record = dataset.findBy(given[0], query.get(given[0])!);
			// [guess] Clients see HTTP 200 with status "fail" and no record [seen]; the text is unknown.
			return record ? success({ record }) : fail(200, 'Profile not found', 404);
		});
	}

	/** Every endpoint, by path (after the region prefix) and method. */
	const routes: Record<string, Route> = {
		'/1/profiles.json': {
			POST: ({ headers, body }, query) => profileChains.start(query, headers['content-type'], body),
			GET: ({ rawQuery }) => profileChains.next(rawQuery),
		},
		'/1/profile.json': { GET: (_recorded, query) => lookUpProfile(query) },
		'/1/events.json': {
			POST: ({ headers, body }, query) => eventChains.start(query, headers['content-type'], body),
			GET: ({ rawQuery }) => eventChains.next(rawQuery),
		},
		'/1/counts/events.json': {
			POST: ({ headers, body }) => eventCounts.start(headers['content-type'], body),
			GET: (_recorded, query) => eventCounts.poll(query),
		},
		'/1/counts/profiles.json': {
			POST: ({ headers, body }) => profileCounts.start(headers['content-type'], body),
			GET: (_recorded, query) => profileCounts.poll(query),
		},
		'/1/upload': { POST: ({ headers, body }) => uploads.upload(headers['content-type'], body) },
		'/1/delete/profiles.json': {
			POST: ({ headers, body }) => uploads.deleteProfiles(headers['content-type'], body),
		},
	};

	async function answer(recorded: RecordedRequest, onClose: (listener: () => void) => void) {
		const [, region = 'eu1', endpoint] = REGION_PREFIX.exec(recorded.path)!;
		const route = routes[endpoint];
		// [guess] A path CleverTap does not serve is answered by whatever is in front of it.
		if (!route) return plainNotFound();
		// A valid account on the wrong region gets nothing: CleverTap answers that like a wrong passcode.
		const { headers, method } = recorded;
		if (
			headers['x-clevertap-account-id'] !== DEMO_ACCOUNT.accountId ||
			headers['x-clevertap-passcode'] !== DEMO_ACCOUNT.passcode ||
			region !== DEMO_ACCOUNT.region
		)
			return invalidCredentials();
		const handler = route[method];
		if (!handler) return fail(405, 'Method Not Allowed', 405);
		const group = apiGroupOf(endpoint)!; // every route belongs to one
		const slot = `${DEMO_ACCOUNT.accountId} ${group}`;
		const busy = inFlight.get(slot) ?? 0;
		if (busy >= limitOf(group)) return tooManyConcurrentRequests();
		inFlight.set(slot, busy + 1);
		onClose(() => inFlight.set(slot, inFlight.get(slot)! - 1)); // once answered, or when the connection goes

		const reply = await handler(recorded, new URLSearchParams(recorded.rawQuery));
		if (latencyMs) await new Promise((resolve) => setTimeout(resolve, latencyMs));
		return reply;
	}

	const server = createServer(async (request, response) => {
		const [path, rawQuery = ''] = (request.url ?? '/').split(/\?(.*)/s);
		const recorded: RecordedRequest = {
			method: request.method ?? 'GET',
			path,
			rawQuery,
			query: Object.fromEntries(new URLSearchParams(rawQuery)),
			headers: request.headers,
			body: undefined,
			status: 0,
		};
		requests.push(recorded);
		let reply: Reply;
		try {
			let text = '';
			request.setEncoding('utf8');
			for await (const chunk of request) text += chunk;
			try {
				recorded.body = text === '' ? undefined : JSON.parse(text);
			} catch {
				recorded.body = text;
			}
			reply = await answer(recorded, (listener) => response.once('close', listener));
		} catch (error) {
			// A bug in the simulator must show up as a failing test, not as a hanging one.
			reply = fail(500, String(error), 500);
		}
		if (reply === 'dropConnection') request.socket.destroy();
		if (typeof reply === 'string') return;
		recorded.status = reply.status;
		// No Retry-After, ever: CleverTap's 429 has none [doc/seen].
		const bytes = Buffer.from(reply.text);
		response.writeHead(reply.status, {
			...(reply.headers ?? { 'Content-Type': 'application/json' }),
			'Content-Length': bytes.length,
		});
		if (!reply.midBody) return void response.end(bytes);
		// Half the body, then silence (the connection stays open until the client or close() ends
		// it), or the connection closed once that half is on its way.
		response.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => {
			if (reply.midBody === 'cut') request.socket.destroy();
		});
	});
	server.on('clientError', (_error, socket) => socket.destroy());
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, '127.0.0.1', resolve);
	});
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

	return {
		url, // the global host (eu1)
		regionUrl: (region: Region) => `${url}/${region}`,
		requests, // every request received, in order
		clearRequests: () => void requests.splice(0),
		setFaults: (specs: FaultSpec[]) => faults.replace(specs),
		setLatency: (milliseconds: number) => void (latencyMs = milliseconds),
		dataset, // ground truth for tests
		uploads: uploads.state, // what uploads and deletes left: profiles, events, find(), clear()
		/** Stops the server and destroys open sockets, hanging requests included. Never hangs. */
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve()); // calls back at once if already closed
				server.closeAllConnections();
			}),
	};
}
