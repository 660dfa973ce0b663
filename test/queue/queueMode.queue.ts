/**
 * `npm run test:queue`: the package in n8n's queue mode, end to end, with real components: Redis
 * and PostgreSQL (Debian's), n8n 2.40.7 as main (webhooks, activation) and two `n8n worker`
 * processes that run the executions, each process with our packed tarball in its own nodes
 * folder. An activated workflow (Webhook -> CleverTap Get by Event -> Respond to Webhook) is called
 * over HTTP; the answers are checked against the simulator's ground truth, and n8n's own records
 * (Postgres execution rows, the workers' logs) say which worker ran each execution.
 *
 * Then the load: 24 different exports of about 5,000 profiles at once, spread over the two workers,
 * against a simulator that enforces CleverTap's 3 concurrent requests. Each worker keeps to 3 by
 * itself; together they exceed it, and the 429s are waited out (busy waits). Figures are printed.
 */
import { randomUUID } from 'node:crypto';

import { DEMO_ACCOUNT, startSimulator, type CleverTapSimulator } from '../simulator';
import { CLEVERTAP_NODE_TYPE, simulatorCredential } from '../e2e/fixtures';
import type { WorkflowToImport } from '../e2e/support/n8n-import';
import { publishWorkflow, startN8n, type RunningN8n } from '../e2e/support/n8n-instance';
import { prepareSandbox, type PreparedSandbox } from '../e2e/support/n8n-sandbox';
import { log } from '../e2e/support/processes';
import {
	countWarnings,
	describeFigures,
	expectedIds,
	LOAD_SIMULATOR,
	loadCases,
	loadNodeParameters,
	type LoadCase,
} from '../support/load-cases';
import {
	executionsStartedBy,
	queueEnvironment,
	startWorker,
	type RunningWorker,
} from './support/n8n-queue';
import {
	ensureDebianServices,
	startPostgres,
	startRedis,
	type RunningPostgres,
	type RunningRedis,
} from './support/services';

const WORKFLOW_ID = 'ctQueueExport';
const WEBHOOK_PATH = 'clevertap-export';

/** Webhook (POST, answered by the Respond node) -> CleverTap Get by Event -> the CleverTap IDs and the execution's ID. */
function exportWorkflow(credential: { id: string; name: string }): WorkflowToImport {
	return {
		id: WORKFLOW_ID,
		name: 'CleverTap queue mode: export by webhook',
		nodes: [
			{
				id: randomUUID(),
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: randomUUID(),
				parameters: {
					httpMethod: 'POST',
					path: WEBHOOK_PATH,
					responseMode: 'responseNode',
					options: {},
				},
			},
			{
				id: randomUUID(),
				name: 'CleverTap',
				type: CLEVERTAP_NODE_TYPE,
				typeVersion: 1,
				position: [240, 0],
				credentials: { cleverTapApi: credential },
				parameters: loadNodeParameters({
					eventName: '={{ $json.body.eventName }}',
					fromDate: '={{ $json.body.fromDate }}',
					toDate: '={{ $json.body.toDate }}',
				}),
			},
			{
				id: randomUUID(),
				name: 'Respond to Webhook',
				type: 'n8n-nodes-base.respondToWebhook',
				typeVersion: 1.1,
				position: [480, 0],
				parameters: {
					respondWith: 'json',
					responseBody:
						'={{ JSON.stringify({ executionId: $execution.id, ids: $input.all().map(item => item.json.platformInfo[0].objectId) }) }}',
					options: {},
				},
			},
		],
		connections: {
			Webhook: { main: [[{ node: 'CleverTap', type: 'main', index: 0 }]] },
			CleverTap: { main: [[{ node: 'Respond to Webhook', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

let simulator: CleverTapSimulator | undefined;
let redis: RunningRedis | undefined;
let postgres: RunningPostgres | undefined;
let sandbox: PreparedSandbox | undefined;
let main: RunningN8n | undefined;
const workers: RunningWorker[] = [];
/** What n8n's CLI commands printed (import, publish). */
const printed: string[] = [];

interface ExportAnswer {
	status: number;
	executionId?: string;
	ids?: string[];
	text: string;
}

async function callExport(
	loadCase: Pick<LoadCase, 'eventName' | 'fromDate' | 'toDate'>,
): Promise<ExportAnswer> {
	const response = await fetch(`${main!.url}/webhook/${WEBHOOK_PATH}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({
			eventName: loadCase.eventName,
			fromDate: loadCase.fromDate,
			toDate: loadCase.toDate,
		}),
		signal: AbortSignal.timeout(540_000),
	});
	const text = await response.text();
	try {
		const body = JSON.parse(text) as { executionId: string; ids: string[] };
		return { status: response.status, executionId: String(body.executionId), ids: body.ids, text };
	} catch {
		return { status: response.status, text: text.slice(0, 2000) };
	}
}

/** The worker whose log says it started the execution; fails unless exactly one did. */
function workerThatRan(executionId: string): string {
	const names = workers
		.filter((worker) => executionsStartedBy(worker).includes(executionId))
		.map((w) => w.name);
	if (names.length !== 1)
		throw new Error(
			`execution ${executionId} was started by ${names.length} workers (${names.join(', ')})`,
		);
	return names[0];
}

beforeAll(async () => {
	const { postgresBin } = await ensureDebianServices();
	simulator = await startSimulator(LOAD_SIMULATOR);
	redis = await startRedis();
	postgres = await startPostgres(postgresBin);
	const credential = simulatorCredential(simulator.url);
	// Imported with n8n's CLI into Postgres (which also runs n8n's migrations), then published
	// (activated) before main starts: main activates published workflows and serves their webhooks.
	sandbox = await prepareSandbox(
		'queue-main',
		{ credentials: [credential], workflows: [exportWorkflow(credential)] },
		queueEnvironment(postgres, redis),
	);
	const published = await publishWorkflow(sandbox, WORKFLOW_ID);
	printed.push(published.stdout, published.stderr);
	main = await startN8n(sandbox);
	for (const name of ['worker-1', 'worker-2']) workers.push(await startWorker(sandbox, name));
}, 30 * 60_000);

afterAll(async () => {
	for (const worker of workers) await worker.stop();
	await main?.stop();
	await simulator?.close();
	await redis?.stop();
	await postgres?.stop();
	sandbox?.remove();
}, 120_000);

describe('n8n queue mode: main, two workers, Redis, PostgreSQL', () => {
	test('a webhook call runs on a worker and answers exactly the simulator’s profiles', async () => {
		const january = {
			eventName: 'Charged',
			fromDate: '2024-01-01',
			toDate: '2024-01-31',
			from: 20240101,
			to: 20240131,
		};
		// Main registers the webhook while it activates the workflow, just after it reports ready.
		let answer: ExportAnswer | undefined;
		const deadline = Date.now() + 60_000;
		do {
			answer = await callExport(january);
			if (answer.status !== 404) break;
			await new Promise((resolve) => setTimeout(resolve, 1000));
		} while (Date.now() < deadline);

		expect({ status: answer.status, body: answer.ids ? '(ids)' : answer.text }).toEqual({
			status: 200,
			body: '(ids)',
		});
		expect([...answer.ids!].sort()).toEqual(expectedIds(simulator!, january));
		const rows = await postgres!.query(
			`SELECT id, status, mode FROM execution_entity WHERE "workflowId" = '${WORKFLOW_ID}' AND id = ${Number(answer.executionId)}`,
		);
		expect(rows.trim()).toBe(`${answer.executionId}|success|webhook`);
		expect(workers.map((worker) => worker.name)).toContain(workerThatRan(answer.executionId!));
		expect(main!.output()).not.toMatch(
			new RegExp(`Worker started execution ${answer.executionId}\\b`),
		);
	});

	test('24 exports at once over the two workers: each completes with its exact set; 429s are waited out', async () => {
		const cases = loadCases();
		simulator!.clearRequests();
		const warningsBefore = workers.map((worker) => worker.output().length);
		const started = Date.now();
		const answers = await Promise.all(cases.map((loadCase) => callExport(loadCase)));
		const seconds = (Date.now() - started) / 1000;

		let profiles = 0;
		const byWorker = new Map<string, string[]>();
		cases.forEach((loadCase, index) => {
			const answer = answers[index];
			expect({
				month: loadCase.fromDate,
				status: answer.status,
				body: answer.ids ? '(ids)' : answer.text,
			}).toEqual({
				month: loadCase.fromDate,
				status: 200,
				body: '(ids)',
			});
			expect([...answer.ids!].sort()).toEqual(expectedIds(simulator!, loadCase));
			profiles += answer.ids!.length;
			const worker = workerThatRan(answer.executionId!);
			byWorker.set(worker, [...(byWorker.get(worker) ?? []), answer.executionId!]);
		});

		// n8n's own records: 24 more successful webhook executions of the workflow, the answered ones.
		const rows = (
			await postgres!.query(
				`SELECT id, status, mode FROM execution_entity WHERE "workflowId" = '${WORKFLOW_ID}' ORDER BY id`,
			)
		)
			.trim()
			.split('\n');
		const answered = new Set(answers.map((answer) => answer.executionId));
		const mine = rows.filter((row) => answered.has(row.split('|')[0]));
		expect(mine).toHaveLength(cases.length);
		expect(mine.every((row) => row.endsWith('|success|webhook'))).toBe(true);
		// Both workers took part.
		expect([...byWorker.keys()].sort()).toEqual(['worker-1', 'worker-2']);

		const statuses = simulator!.requests.map((request) => request.status);
		const workerLines = workers.flatMap((worker, index) =>
			worker.output().slice(warningsBefore[index]).split('\n'),
		);
		const warnings = countWarnings(workerLines);
		const figures = {
			executions: cases.length,
			profiles,
			requests: statuses.length,
			tooManyRequests: statuses.filter((status) => status === 429).length,
			...warnings,
			seconds,
		};
		process.stdout.write(describeFigures('queue mode, two workers', figures));
		for (const [worker, ids] of [...byWorker].sort())
			process.stdout.write(
				`[load] ${worker} ran ${ids.length} executions: ${ids.sort((a, b) => Number(a) - Number(b)).join(', ')}\n`,
			);
		log(`simulator answers: ${JSON.stringify(countBy(statuses))}`);
		const stored = await postgres!.query(
			`SELECT pg_total_relation_size('execution_data'), count(*) FROM execution_data`,
		);
		const [bytes, executions] = stored.trim().split('|').map(Number);
		process.stdout.write(
			`[load] execution data in PostgreSQL: ${(bytes / 1024 / 1024).toFixed(1)} MB for ${executions} executions\n`,
		);
		// Every 429 the simulator sent was met by a busy wait in a worker, and nothing else failed.
		expect(statuses.filter((status) => status !== 200 && status !== 429)).toEqual([]);
		expect(warnings.busyWaits).toBeGreaterThanOrEqual(figures.tooManyRequests);
	});

	test('the passcode appears nowhere in plain text: PostgreSQL, Redis, or any log', async () => {
		const passcode = DEMO_ACCOUNT.passcode;
		const dump = await postgres!.dump();
		expect(dump).toContain('execution_entity'); // a real dump of n8n's database
		expect(dump).toContain(WORKFLOW_ID);
		expect(dump.includes(passcode)).toBe(false);

		const redisText = await redis!.cli(['--no-raw', 'EVAL', REDIS_EVERYTHING, '0']);
		expect(redisText).toMatch(/bull/); // n8n's queue keys are there
		expect(redisText.includes(passcode)).toBe(false);

		const logs = [
			main!.output(),
			...workers.map((worker) => worker.output()),
			...printed,
			redis!.output(),
			postgres!.output(),
		];
		expect(logs.join('').length).toBeGreaterThan(1000);
		for (const text of logs) expect(text.includes(passcode)).toBe(false);
	});
});

function countBy(values: number[]): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
	return counts;
}

/** Every key of the Redis database with its whole value, whatever its type, as text. */
const REDIS_EVERYTHING = `
local out = {}
local function add(value)
  if type(value) == 'table' then for _, v in ipairs(value) do add(v) end else table.insert(out, tostring(value)) end
end
for _, key in ipairs(redis.call('KEYS', '*')) do
  local kind = redis.call('TYPE', key).ok
  add(key)
  if kind == 'string' then add(redis.call('GET', key))
  elseif kind == 'hash' then add(redis.call('HGETALL', key))
  elseif kind == 'list' then add(redis.call('LRANGE', key, 0, -1))
  elseif kind == 'set' then add(redis.call('SMEMBERS', key))
  elseif kind == 'zset' then add(redis.call('ZRANGE', key, 0, -1))
  elseif kind == 'stream' then add(redis.call('XRANGE', key, '-', '+'))
  end
end
return table.concat(out, '\\n')
`;
