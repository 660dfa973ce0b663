/**
 * `npm run test:queue`: the package in n8n's queue mode, end to end, with real components: Redis
 * and PostgreSQL (Debian's), n8n 2.40.7 as main (webhooks, activation) and two `n8n worker`
 * processes that run the executions, each process with our packed tarball in its own nodes
 * folder. An activated workflow (Webhook -> CleverTap Get by Event -> Respond to Webhook) is called
 * over HTTP; the answers are checked against the simulator's ground truth, and n8n's own records
 * (Postgres execution rows, the workers' logs) say which worker ran each execution. Redis and
 * PostgreSQL come from Debian's packages (apt-get where missing), on free ports on 127.0.0.1,
 * with their data in a temporary folder.
 *
 * Then the load: 24 different exports of about 5,000 profiles at once, spread over the two workers,
 * against a simulator that enforces CleverTap's 3 concurrent requests. Each worker keeps to 3 by
 * itself; together they exceed it, and the 429s are waited out (busy waits). Figures are printed.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { DEMO_ACCOUNT, startSimulator, type CleverTapSimulator } from '../simulator';
import { chain, CLEVERTAP_NODE_TYPE, EXAMPLE_NODE, simulatorCredential } from '../e2e/fixtures';
import {
	prepareSandbox,
	publishWorkflow,
	startN8n,
	type RunningN8n,
	type Sandbox,
} from '../e2e/support/n8n';
import { aptInstall, freePort, runCommand, startServer } from '../e2e/support/processes';
import {
	countWarnings,
	describeFigures,
	expectedIds,
	LOAD_SIMULATOR,
	loadCases,
	loadNodeParameters,
	type LoadCase,
} from '../support/load-cases';

const WORKFLOW_ID = 'ctQueueExport';

let simulator: CleverTapSimulator;
let redis: Awaited<ReturnType<typeof startRedis>> | undefined;
let postgres: Awaited<ReturnType<typeof startPostgres>> | undefined;
/** Redis's and PostgreSQL's data folders, removed after. */
const folders: string[] = [];
let sandbox: Sandbox | undefined;
let main: RunningN8n | undefined;
const workers: RunningN8n[] = [];
const WORKER_NAMES = ['worker-1', 'worker-2'];
/** What n8n's CLI printed (publish). */
const printed: string[] = [];

function newFolder(name: string): string {
	const folder = mkdtempSync(path.join(tmpdir(), `n8n-nodes-clevertap-${name}-`));
	folders.push(folder);
	return folder;
}

/** Debian's PostgreSQL programs: /usr/lib/postgresql/<newest major>/bin. */
function postgresBin(): string | undefined {
	const root = '/usr/lib/postgresql';
	const majors = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
	const bins = majors.map((major) => path.join(root, major, 'bin'));
	return bins.find((bin) => existsSync(path.join(bin, 'initdb')));
}

async function startRedis() {
	const folder = newFolder('redis');
	const port = String(await freePort());
	const cli = async (...args: string[]) =>
		(await runCommand('redis-cli', ['-p', port, ...args], { timeoutMs: 60_000 })).stdout;
	const server = await startServer(
		'redis-server',
		['redis-server', '--port', port, '--bind', '127.0.0.1', '--dir', folder, '--save', ''],
		{},
		async () => (await cli('ping')).trim() === 'PONG',
	);
	return {
		port,
		server,
		/** Every key and value, as Redis writes them to disk, uncompressed. */
		async snapshot(): Promise<Buffer> {
			await cli('CONFIG', 'SET', 'rdbcompression', 'no');
			await cli('SAVE');
			return readFileSync(path.join(folder, 'dump.rdb'));
		},
	};
}

/**
 * A fresh cluster, trusting connections on 127.0.0.1; n8n uses its database `postgres`. PostgreSQL
 * refuses to run as root: initdb and the server run as the `postgres` user of Debian's package.
 */
async function startPostgres() {
	const bin = postgresBin()!;
	const folder = newFolder('pg');
	const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }));
	chownSync(folder, id('-u'), id('-g'));
	const port = String(await freePort());
	const asPostgres = (program: string, args: string) => [
		'runuser',
		...['-u', 'postgres', '--', path.join(bin, program), '-D', path.join(folder, 'data')],
		...args.split(' '),
	];
	const client = async (program: string, ...args: string[]) => {
		const server = ['-h', '127.0.0.1', '-p', port, '-U', 'postgres'];
		return (await runCommand(path.join(bin, program), [...server, ...args], { timeoutMs: 120_000 }))
			.stdout;
	};
	const settings = `-c fsync=off -c unix_socket_directories=${folder}`;
	const [runuser, ...initdb] = asPostgres('initdb', '-U postgres --auth=trust -E UTF8 --no-sync');
	await runCommand(runuser, initdb, { cwd: folder, timeoutMs: 120_000 });
	const server = await startServer(
		'PostgreSQL',
		asPostgres('postgres', `-p ${port} -c listen_addresses=127.0.0.1 ${settings}`),
		{ cwd: folder },
		async () => (await client('pg_isready')).includes('accepting connections'),
	);
	return {
		port,
		server,
		/** psql -At: rows one a line, columns separated by |. */
		query: (sql: string) => client('psql', '-At', '-v', 'ON_ERROR_STOP=1', '-c', sql),
		dump: () => client('pg_dump'),
	};
}

/** One export through the webhook: the execution's ID and the CleverTap IDs, or what n8n answered. */
async function callExport(loadCase: LoadCase) {
	const { eventName, fromDate, toDate } = loadCase;
	const response = await fetch(`${main!.url}/webhook/clevertap-export`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ eventName, fromDate, toDate }),
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

/** The answer holds exactly the simulator's profiles for the case (else shows what n8n answered). */
function expectExactSet(answer: Awaited<ReturnType<typeof callExport>>, loadCase: LoadCase): void {
	const shown = {
		month: loadCase.fromDate,
		status: answer.status,
		body: answer.ids ? '(ids)' : answer.text,
	};
	expect(shown).toEqual({ month: loadCase.fromDate, status: 200, body: '(ids)' });
	expect([...answer.ids!].sort()).toEqual(expectedIds(simulator, loadCase));
}

/** n8n's own records of these executions: all of them successful webhook runs of the workflow. */
async function expectSuccessfulRows(executionIds: string[]): Promise<void> {
	const rows = await postgres!.query(
		`SELECT id, status, mode FROM execution_entity WHERE "workflowId" = '${WORKFLOW_ID}' AND id IN (${executionIds.join(',')}) ORDER BY id`,
	);
	const sorted = [...executionIds].sort((a, b) => Number(a) - Number(b));
	expect(rows.trim().split('\n')).toEqual(sorted.map((id) => `${id}|success|webhook`));
}

/** The worker whose log says it started the execution ("Worker started execution 12"); fails unless exactly one did. */
function workerThatRan(executionId: string): string {
	const started = new RegExp(`Worker started execution ${executionId}\\b`);
	const names = WORKER_NAMES.filter((_, index) => started.test(workers[index].output()));
	if (names.length !== 1)
		throw new Error(`execution ${executionId} was started by ${names.length} workers`);
	return names[0];
}

beforeAll(async () => {
	await aptInstall([
		...(existsSync('/usr/bin/redis-server') ? [] : ['redis-server']),
		...(postgresBin() ? [] : ['postgresql']),
	]);
	simulator = await startSimulator(LOAD_SIMULATOR);
	redis = await startRedis();
	postgres = await startPostgres();
	const credential = simulatorCredential(simulator.url);
	const webhook = {
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		webhookId: randomUUID(),
		parameters: { httpMethod: 'POST', path: 'clevertap-export', responseMode: 'responseNode' },
	};
	const cleverTap = {
		name: 'CleverTap',
		type: CLEVERTAP_NODE_TYPE,
		credentials: { cleverTapApi: EXAMPLE_NODE.credentials.cleverTapApi },
		parameters: loadNodeParameters({
			eventName: '={{ $json.body.eventName }}',
			fromDate: '={{ $json.body.fromDate }}',
			toDate: '={{ $json.body.toDate }}',
		}),
	};
	const respond = {
		name: 'Respond to Webhook',
		type: 'n8n-nodes-base.respondToWebhook',
		typeVersion: 1.1,
		parameters: {
			respondWith: 'json',
			responseBody:
				'={{ JSON.stringify({ executionId: $execution.id, ids: $input.all().map(item => item.json.platformInfo[0].objectId) }) }}',
		},
	};
	// Imported with n8n's CLI into Postgres (which also runs n8n's migrations), then published
	// (activated) before main starts: main activates published workflows and serves their webhooks.
	sandbox = await prepareSandbox(
		'queue-main',
		{ credentials: [credential], workflow: [chain(WORKFLOW_ID, [webhook, cleverTap, respond])] },
		{
			EXECUTIONS_MODE: 'queue',
			DB_TYPE: 'postgresdb',
			// As user postgres (n8n's default), with no password: the cluster trusts loopback connections.
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: postgres.port,
			DB_POSTGRESDB_DATABASE: 'postgres',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: redis.port,
			// Credentials are encrypted by the process that stores them, decrypted by the worker that runs them.
			N8N_ENCRYPTION_KEY: randomBytes(24).toString('base64'),
		},
	);
	printed.push(await publishWorkflow(sandbox, WORKFLOW_ID));
	main = await startN8n(sandbox);
	for (const worker of WORKER_NAMES) workers.push(await startN8n(sandbox, { worker }));
}, 30 * 60_000);

afterAll(async () => {
	for (const server of [...workers, main]) await server?.stop();
	await simulator?.close();
	await redis?.server.stop();
	await postgres?.server.stop(20_000); // SIGTERM: PostgreSQL's smart shutdown
	for (const folder of folders) rmSync(folder, { recursive: true, force: true });
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
		let answer = await callExport(january);
		for (const deadline = Date.now() + 60_000; answer.status === 404 && Date.now() < deadline; ) {
			await new Promise((resolve) => setTimeout(resolve, 1000));
			answer = await callExport(january);
		}
		expectExactSet(answer, january);
		await expectSuccessfulRows([answer.executionId!]);
		expect(WORKER_NAMES).toContain(workerThatRan(answer.executionId!));
		expect(main!.output()).not.toMatch(
			new RegExp(`Worker started execution ${answer.executionId}\\b`),
		);
	});

	test('24 exports at once over the two workers: each completes with its exact set; 429s are waited out', async () => {
		const cases = loadCases();
		simulator.clearRequests();
		const logBefore = workers.map((worker) => worker.output().length);
		const started = Date.now();
		const answers = await Promise.all(cases.map((loadCase) => callExport(loadCase)));
		const seconds = (Date.now() - started) / 1000;

		cases.forEach((loadCase, index) => expectExactSet(answers[index], loadCase));
		const executionIds = answers.map((answer) => answer.executionId!);
		await expectSuccessfulRows(executionIds);
		const byWorker: Record<string, string[]> = {};
		for (const id of executionIds) (byWorker[workerThatRan(id)] ??= []).push(id);
		expect(Object.keys(byWorker).sort()).toEqual(WORKER_NAMES); // both took part

		const statuses = simulator.requests.map((request) => request.status);
		const warnings = countWarnings(
			workers.flatMap((worker, index) => worker.output().slice(logBefore[index]).split('\n')),
		);
		const figures = {
			executions: cases.length,
			profiles: answers.reduce((sum, answer) => sum + answer.ids!.length, 0),
			requests: statuses.length,
			tooManyRequests: statuses.filter((status) => status === 429).length,
			...warnings,
			seconds,
		};
		process.stdout.write(describeFigures('queue mode, two workers', figures));
		for (const [worker, ids] of Object.entries(byWorker).sort()) {
			const sorted = ids.sort((a, b) => Number(a) - Number(b)).join(', ');
			process.stdout.write(`[load] ${worker} ran ${ids.length} executions: ${sorted}\n`);
		}
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
		const { passcode } = DEMO_ACCOUNT;
		const dump = await postgres!.dump();
		expect(dump).toContain(WORKFLOW_ID); // a real dump of n8n's database
		expect(dump).not.toContain(passcode);

		const snapshot = await redis!.snapshot();
		expect(snapshot.includes('bull')).toBe(true); // n8n's queue keys are there
		expect(snapshot.includes(passcode)).toBe(false);

		const logs = [main!, ...workers, redis!.server, postgres!.server].map((s) => s.output());
		expect(logs.join('').length).toBeGreaterThan(1000);
		for (const text of [...logs, ...printed]) expect(text).not.toContain(passcode);
	});
});
