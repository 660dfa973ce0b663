/**
 * One contender's export, in a fresh process started by large-export.ts: load and warm up (n8n's first
 * run loads modules lazily), say "ready", and on "go" (the simulator's request count reset) time the
 * export and take its peak RSS over the RSS after a full GC; then count the profiles, untimed. A count
 * that is not the simulator's fails the run.
 */
import type { INode, INodeType } from 'n8n-workflow';
import { createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { DEMO_ACCOUNT } from '../simulator';
import type { ContenderName } from './report';

/**
 * One export (a day range as YYYYMMDD) and how many records a complete export returns (named
 * `profiles` since profiles came first: events-export.ts counts events in it).
 */
export type ExportQuery = { event: string; from: number; to: number; profiles: number };
/** Which export: Get by Event (profiles, the default) or Event Get Many (events). */
export type RecordKindName = 'profiles' | 'events';
/** `peer-obvious`: the peer set up the obvious way, the cursor not decoded (the trap check). */
export type ContenderJob = {
	contender: ContenderName | 'peer-obvious';
	url: string;
	query: ExportQuery;
	warmUp?: ExportQuery;
	kind?: RecordKindName;
};
/** What an export got: its profiles, or the file that holds them one per line. */
type Outcome = { profiles?: number; file?: string; note?: string };
export type Result = { profiles: number; note?: string; wallMs: number; rssGrowth: number };
export type Message = 'ready' | Result | { failed: string };

/** The page size our node asks for with Return All (CleverTap's largest multiple of 23). */
const BATCH_SIZE = 4991;
const HEADERS = {
	'X-CleverTap-Account-Id': DEMO_ACCOUNT.accountId,
	'X-CleverTap-Passcode': DEMO_ACCOUNT.passcode,
};

/** The least any client can do: the same POST and GETs, the records kept in an array. */
async function floorExport({ event, from, to }: ExportQuery): Promise<Outcome> {
	type Page = { status: string; cursor?: string; next_cursor?: string; records?: unknown[] };
	const get = async (answer: Promise<Response>) => {
		const page = (await (await answer).json()) as Page;
		if (page.status !== 'success') throw new Error(`CleverTap answered ${JSON.stringify(page)}`);
		return page;
	};
	let page = await get(
		fetch(`${url}${ENDPOINT}?batch_size=${BATCH_SIZE}`, {
			method: 'POST',
			headers: { ...HEADERS, 'Content-Type': 'application/json' },
			body: JSON.stringify({ event_name: event, from, to }),
		}),
	);
	const records: unknown[] = [];
	for (let cursor = page.cursor; cursor; cursor = page.next_cursor) {
		page = await get(fetch(`${url}${ENDPOINT}?cursor=${cursor}`, { headers: HEADERS }));
		for (const record of page.records ?? []) records.push(record);
	}
	return { profiles: records.length };
}

/**
 * What a user builds from n8n's own nodes (n8n-nodes-base of the n8n install the e2e suite caches):
 * an HTTP Request node for the POST, one paginating on next_cursor, and Split Out on `records`.
 * CleverTap's cursor arrives percent-encoded and the HTTP Request node encodes query values, so it
 * works only with decodeURIComponent in both cursor expressions.
 */
async function peerExport(decodeCursor: boolean) {
	const { ensureN8nInstalled } = await import('../e2e/support/n8n-install');
	const { runWorkflow } = await import('../helpers/run-workflow');
	const nodesBase = path.join((await ensureN8nInstalled()).dir, 'node_modules', 'n8n-nodes-base');
	// The nodes get this repository's n8n-workflow and n8n-core (the same versions), so that engine
	// and nodes share one copy, as in n8n.
	for (const name of ['n8n-workflow', 'n8n-core'])
		require.cache[require.resolve(name, { paths: [nodesBase] })] =
			require.cache[require.resolve(name)];
	const load = (file: string, name: string) =>
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		new (require(path.join(nodesBase, 'dist/nodes', file))[name])() as INodeType;
	const [HTTP_REQUEST, SPLIT_OUT] = ['n8n-nodes-base.httpRequest', 'n8n-nodes-base.splitOut'];
	const nodeTypes: Record<string, INodeType> = {
		[HTTP_REQUEST]: load('HttpRequest/HttpRequest.node.js', 'HttpRequest'),
		[SPLIT_OUT]: load('Transform/SplitOut/SplitOut.node.js', 'SplitOut'),
	};
	const node = (name: string, type: string, parameters: INode['parameters']) => {
		const { defaultVersion, version } = nodeTypes[type].description;
		return { name, type, typeVersion: (defaultVersion ?? version) as number, parameters };
	};
	const cursorOf = (value: string) =>
		decodeCursor ? `={{ decodeURIComponent(${value}) }}` : `={{ ${value} }}`;
	const request = (name: string, value: string) => ({
		url: `${url}/1/profiles.json`,
		sendQuery: true,
		queryParameters: { parameters: [{ name, value }] },
		sendHeaders: true,
		headerParameters: {
			parameters: Object.entries(HEADERS).map(([name, value]) => ({ name, value })),
		},
	});
	const nextCursor = { type: 'qs', name: 'cursor', value: cursorOf('$response.body.next_cursor') };
	const link = (node: string) => ({ main: [[{ node, type: 'main' as const, index: 0 }]] });
	const connections = { 'Start Export': link('Get Pages'), 'Get Pages': link('Split Out') };

	return async ({ event, from, to }: ExportQuery): Promise<Outcome> => {
		const nodes = [
			node('Start Export', HTTP_REQUEST, {
				method: 'POST',
				...request('batch_size', String(BATCH_SIZE)),
				sendBody: true,
				specifyBody: 'json',
				jsonBody: JSON.stringify({ event_name: event, from, to }),
			}),
			node('Get Pages', HTTP_REQUEST, {
				...request('cursor', cursorOf('$json.cursor')),
				options: {
					pagination: {
						pagination: {
							parameters: { parameters: [nextCursor] },
							paginationCompleteWhen: 'other',
							completeExpression: '={{ !$response.body.next_cursor }}',
							limitPagesFetched: false,
						},
					},
				},
			}),
			node('Split Out', SPLIT_OUT, { fieldToSplitOut: 'records' }),
		];
		const result = await runWorkflow({ nodes, connections, nodeTypes, credentials: {} });
		if (result.error) throw new Error(`the workflow failed: ${result.error.message}`);
		const pages = result.outputOf('Get Pages');
		const failed = pages.find((page) => page.json.status !== 'success');
		const note = `workflow ${result.status}, ${pages.length} page item(s)${
			failed ? `; CleverTap answered ${JSON.stringify(failed.json)}` : ''
		}`;
		return { profiles: result.outputOf('Split Out').length, note };
	};
}

/** This node with Return All: as items, as one file, or as one file from 3 chains at once. */
async function oursExport(mode: 'items' | 'file' | 'parallel') {
	const { CLEVERTAP_NODE_TYPE, runWorkflow } = await import('../helpers/n8n-engine');
	const { simulatorCredentials } = await import('../support/simulator-credentials');
	const { n8nContainer } = await import('../helpers/n8n-internals');
	const { BinaryDataService } = await import('n8n-core');
	const toFile = mode !== 'items';
	if (toFile) {
		// n8n's binary data store in filesystem mode (n8n 2.x's default in regular mode), in a temporary
		// folder, set up as n8n's start-up does (the harness's container sets n8n's user folder first).
		const folder = mkdtempSync(path.join(tmpdir(), 'bench-binary-data-'));
		process.once('exit', () => rmSync(folder, { recursive: true, force: true }));
		process.env.N8N_DEFAULT_BINARY_DATA_MODE = 'filesystem';
		process.env.N8N_BINARY_DATA_STORAGE_PATH = folder;
		await n8nContainer().get(BinaryDataService).init();
	}
	return async ({ event, from, to }: ExportQuery): Promise<Outcome> => {
		const parameters = {
			...(kind === 'events'
				? { resource: 'event', operation: 'getAll' }
				: { resource: 'profile', operation: 'getByEvent' }),
			...{ eventName: event, returnAll: true },
			...{ fromDate: String(from), toDate: String(to) },
			...(toFile ? { output: 'file', fileFormat: 'jsonl' } : {}),
			options: mode === 'parallel' ? { parallelRequests: 3 } : {},
		};
		const result = await runWorkflow({
			nodes: [{ name: 'CleverTap', type: CLEVERTAP_NODE_TYPE, parameters }],
			credentials: { cleverTapApi: simulatorCredentials({ url }) },
		});
		if (result.error) throw new Error(`the workflow failed: ${result.error.message}`);
		const items = result.outputOf('CleverTap');
		if (!toFile) return { profiles: items.length };
		const file = items[0].binary?.data;
		if (!file?.id) throw new Error('no file in filesystem binary data (is it in memory?)');
		const stored = n8nContainer().get(BinaryDataService).getPath(file.id);
		return { file: stored, note: `${file.fileName}, ${file.fileSize}` };
	};
}

async function linesIn(file: string): Promise<number> {
	let lines = 0;
	for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>)
		for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines++;
	return lines;
}

const { contender, url, query, warmUp, kind } = JSON.parse(process.argv[2]) as ContenderJob;
const ENDPOINT = kind === 'events' ? '/1/events.json' : '/1/profiles.json';
const send = (message: Message) =>
	new Promise<void>((resolve) => process.send!(message, () => resolve()));

async function main(): Promise<void> {
	const runExport =
		contender === 'floor'
			? floorExport
			: contender.startsWith('peer')
				? await peerExport(contender === 'peer')
				: await oursExport(contender as 'items' | 'file' | 'parallel');
	const count = async ({ profiles, file }: Outcome) => profiles ?? (await linesIn(file!));
	if (warmUp) await count(await runExport(warmUp));
	await send('ready');
	await new Promise((resolve) => process.once('message', resolve));

	global.gc!();
	global.gc!();
	const baseline = process.memoryUsage.rss();
	writeFileSync('/proc/self/clear_refs', '5'); // Linux: VmHWM, the peak RSS, restarts from here
	const started = performance.now();
	const outcome = await runExport(query);
	const wallMs = performance.now() - started;
	const status = readFileSync('/proc/self/status', 'utf8');
	const peak = Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) * 1024;
	const profiles = await count(outcome);
	// The peer's trap check expects 0: it reports its count, whatever it is.
	if (profiles !== query.profiles && contender !== 'peer-obvious')
		throw new Error(`incomplete: ${profiles} of ${query.profiles} profiles`);
	await send({ wallMs, rssGrowth: peak - baseline, profiles, note: outcome.note });
}

main().then(
	() => process.exit(0),
	async (error: unknown) => {
		await send({ failed: error instanceof Error ? error.message : String(error) });
		process.exit(1);
	},
);
