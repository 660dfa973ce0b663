/**
 * The benchmark's contenders: five ways to export the profiles of everyone who did an event in a day
 * range. Each runs in a process of its own (contender-process.ts); `prepare` does the loading that is
 * not timed, and the function it returns does one export and counts the profiles it ended with.
 */
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { DEMO_ACCOUNT } from '../simulator';

/** One export: the event, the day range (YYYYMMDD), and how many profiles the simulator holds for it. */
export interface ExportQuery {
	event: string;
	from: number;
	to: number;
	/** Ground truth: what a complete export returns. */
	profiles: number;
}

export interface ExportOutcome {
	/** Profiles at the end of the export, counted in the contender's own output. */
	profiles: number;
	/** What else was checked, for the log (e.g. the file's line count). */
	note?: string;
}

export type RunExport = (query: ExportQuery) => Promise<ExportOutcome>;

export const CONTENDER_NAMES = ['floor', 'peer', 'items', 'file', 'parallel'] as const;
export type ContenderName = (typeof CONTENDER_NAMES)[number] | 'peer-obvious';

export interface Contender {
	label: string;
	/** Why it cannot run on this checkout, if it cannot (a node feature not landed yet). */
	unavailable?(): Promise<string | undefined>;
	prepare(simulatorUrl: string): Promise<RunExport>;
}

/** The page size our node asks for with Return All (CleverTap's largest multiple of 23). */
const BATCH_SIZE = 4991;

const HEADERS = {
	'X-CleverTap-Account-Id': DEMO_ACCOUNT.accountId,
	'X-CleverTap-Passcode': DEMO_ACCOUNT.passcode,
};

export const CONTENDERS: Record<ContenderName, Contender> = {
	floor: { label: 'floor (bare fetch loop)', prepare: async (url) => floorExport(url) },
	peer: { label: "peer (n8n's HTTP Request + Split Out)", prepare: (url) => peerExport(url, true) },
	'peer-obvious': {
		label: 'peer set up the obvious way (cursor not decoded)',
		prepare: (url) => peerExport(url, false),
	},
	items: { label: 'ours, items', prepare: (url) => oursExport(url, 'items') },
	file: {
		label: 'ours, file (JSON Lines)',
		unavailable: () => missingNodeFeature('output'),
		prepare: (url) => oursExport(url, 'file'),
	},
	parallel: {
		label: 'ours, file, 3 parallel requests',
		unavailable: async () =>
			(await missingNodeFeature('output')) ?? (await missingNodeFeature('parallelRequests')),
		prepare: (url) => oursExport(url, 'parallel'),
	},
};

/** floor: the least any client can do: the same POST and GETs, the records kept in an array. */
function floorExport(url: string): RunExport {
	return async ({ event, from, to }) => {
		const started = await fetch(`${url}/1/profiles.json?batch_size=${BATCH_SIZE}`, {
			method: 'POST',
			headers: { ...HEADERS, 'Content-Type': 'application/json' },
			body: JSON.stringify({ event_name: event, from, to }),
		});
		let page = (await started.json()) as { status: string; cursor?: string };
		if (page.status !== 'success') throw new Error(`POST answered ${JSON.stringify(page)}`);
		const records: unknown[] = [];
		let cursor = page.cursor;
		while (cursor) {
			const answer = await fetch(`${url}/1/profiles.json?cursor=${cursor}`, { headers: HEADERS });
			const body = (await answer.json()) as {
				status: string;
				records?: unknown[];
				next_cursor?: string;
			};
			if (body.status !== 'success') throw new Error(`GET answered ${JSON.stringify(body)}`);
			for (const record of body.records ?? []) records.push(record);
			cursor = body.next_cursor;
			page = body;
		}
		return { profiles: records.length };
	};
}

/**
 * peer: what a user builds from n8n's own nodes: an HTTP Request node for the POST, one for the GETs
 * paginating on next_cursor, and Split Out on `records`. CleverTap's cursor arrives percent-encoded
 * and the HTTP Request node encodes query values, so it works only with decodeURIComponent in both
 * cursor expressions; `decodeCursor: false` is the obvious set-up, which CleverTap refuses.
 */
async function peerExport(url: string, decodeCursor: boolean): Promise<RunExport> {
	const { peerRunner } = await import('./peer-workflow');
	const runPeer = await peerRunner();
	const cursorOf = (value: string) =>
		decodeCursor ? `={{ decodeURIComponent(${value}) }}` : `={{ ${value} }}`;
	const headers = {
		sendHeaders: true,
		headerParameters: {
			parameters: Object.entries(HEADERS).map(([name, value]) => ({ name, value })),
		},
	};
	return async ({ event, from, to }) => {
		const { run, itemsOf } = await runPeer([
			{
				name: 'Start Export',
				type: 'n8n-nodes-base.httpRequest',
				parameters: {
					method: 'POST',
					url: `${url}/1/profiles.json`,
					sendQuery: true,
					queryParameters: { parameters: [{ name: 'batch_size', value: String(BATCH_SIZE) }] },
					...headers,
					sendBody: true,
					specifyBody: 'json',
					jsonBody: JSON.stringify({ event_name: event, from, to }),
					options: {},
				},
			},
			{
				name: 'Get Pages',
				type: 'n8n-nodes-base.httpRequest',
				parameters: {
					url: `${url}/1/profiles.json`,
					sendQuery: true,
					queryParameters: { parameters: [{ name: 'cursor', value: cursorOf('$json.cursor') }] },
					...headers,
					options: {
						pagination: {
							pagination: {
								parameters: {
									parameters: [
										{ type: 'qs', name: 'cursor', value: cursorOf('$response.body.next_cursor') },
									],
								},
								paginationCompleteWhen: 'other',
								completeExpression: '={{ !$response.body.next_cursor }}',
								limitPagesFetched: false,
							},
						},
					},
				},
			},
			{
				name: 'Split Out',
				type: 'n8n-nodes-base.splitOut',
				parameters: { fieldToSplitOut: 'records', options: {} },
			},
		]);
		const error = run.data.resultData.error;
		if (error) throw new Error(`the workflow failed: ${error.message}`);
		const pages = itemsOf('Get Pages');
		const failed = pages.find((page) => page.json.status !== 'success');
		return {
			profiles: itemsOf('Split Out').length,
			note: `workflow ${run.status}, ${pages.length} page item(s)${
				failed ? `; CleverTap answered ${JSON.stringify(failed.json)}` : ''
			}`,
		};
	};
}

/** ours: the CleverTap node with Return All, as items, as one file, or as one file from 3 chains. */
async function oursExport(url: string, mode: 'items' | 'file' | 'parallel'): Promise<RunExport> {
	const { CLEVERTAP_NODE_TYPE, runWorkflow } = await import('../helpers/n8n-engine');
	const { simulatorCredentials } = await import('../support/simulator-credentials');
	const binaryData = mode === 'items' ? undefined : await filesystemBinaryData();
	return async ({ event, from, to }) => {
		const result = await runWorkflow({
			nodes: [
				{
					name: 'CleverTap',
					type: CLEVERTAP_NODE_TYPE,
					parameters: {
						resource: 'profile',
						operation: 'getByEvent',
						eventName: event,
						fromDate: String(from),
						toDate: String(to),
						returnAll: true,
						...(mode === 'items' ? {} : { output: 'file', fileFormat: 'jsonl' }),
						options: mode === 'parallel' ? { parallelRequests: 3 } : {},
					},
				},
			],
			credentials: { cleverTapApi: simulatorCredentials({ url }) },
		});
		if (result.error) throw new Error(`the workflow failed: ${result.error.message}`);
		if (!binaryData) return { profiles: result.outputOf('CleverTap').length };

		const [item] = result.outputOf('CleverTap');
		const file = item.binary?.data;
		if (!file?.id) throw new Error('no file in filesystem binary data (is it in memory?)');
		const lines = await binaryData.lineCount(file.id);
		if (item.json.profiles !== lines) {
			throw new Error(
				`the item says ${String(item.json.profiles)} profiles, the file holds ${lines}`,
			);
		}
		return { profiles: lines, note: `${file.fileName}: ${lines} lines, ${file.fileSize}` };
	};
}

/**
 * n8n's binary data store in filesystem mode (the default of n8n 2.x in regular mode), in a temporary
 * folder: what n8n's start-up does (BinaryDataService.init) before any workflow runs.
 */
async function filesystemBinaryData(): Promise<{ lineCount(id: string): Promise<number> }> {
	const { loadPackage } = await import('../helpers/package-loader');
	await loadPackage(); // sets up n8n's user folder and logger first
	const folder = mkdtempSync(path.join(tmpdir(), 'bench-binary-data-'));
	process.once('exit', () => rmSync(folder, { recursive: true, force: true }));
	process.env.N8N_DEFAULT_BINARY_DATA_MODE = 'filesystem';
	process.env.N8N_BINARY_DATA_STORAGE_PATH = folder;
	const { BinaryDataService } = await import('n8n-core');
	const { n8nContainer } = await import('../helpers/n8n-internals');
	const service = n8nContainer().get(BinaryDataService);
	await service.init();
	return {
		lineCount: async (id) => {
			let lines = 0;
			for await (const chunk of createReadStream(service.getPath(id))) {
				for (
					let at = (chunk as Buffer).indexOf(10);
					at !== -1;
					at = (chunk as Buffer).indexOf(10, at + 1)
				)
					lines++;
			}
			return lines;
		},
	};
}

/** A node parameter or option the lead's work adds (issue 7), missing on this checkout? */
async function missingNodeFeature(name: string): Promise<string | undefined> {
	const { CLEVERTAP_NODE_TYPE, loadPackage } = await import('../helpers/package-loader');
	const { nodeTypes } = await loadPackage();
	const { properties } = nodeTypes.getByNameAndVersion(CLEVERTAP_NODE_TYPE).description;
	const names = new Set(
		properties.flatMap((property) => [
			property.name,
			...((property.options ?? []) as Array<{ name?: string }>).map((option) => option.name),
		]),
	);
	return names.has(name)
		? undefined
		: `the node has no "${name}" yet (issue 7): merge main once it lands, then run again`;
}
