/**
 * `npm run test:queue`: the package in n8n's queue mode, end to end, with real components: Redis
 * and PostgreSQL (Debian's, apt-get where missing, on free ports on 127.0.0.1 with their data in a
 * temporary folder), n8n 2.40.7 as main (webhooks, activation) and two `n8n worker` processes that
 * run the executions, each process with our packed tarball in its own nodes folder. An activated
 * workflow (Webhook -> CleverTap Get by Event -> Respond to Webhook) is called over HTTP; the answers
 * are checked against the simulator's ground truth, and n8n's own records (Postgres execution rows,
 * the workers' logs) say which worker ran each execution.
 *
 * The load: 24 different exports of about 5,000 profiles at once, spread over the two workers,
 * against a simulator that enforces CleverTap's 3 concurrent requests. Each worker keeps to 3 by
 * itself; together they exceed it, and the 429s are waited out (busy waits). Figures are printed.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { DEMO_ACCOUNT, startSimulator, type CleverTapSimulator } from '../simulator';
import { chain, EXAMPLE_NODE, simulatorCredential } from '../e2e/fixtures';
import { prepareSandbox, publishWorkflow, startN8n, type RunningN8n } from '../e2e/support/n8n';
import { aptInstall, freePort, runCommand, startServer, waitFor } from '../e2e/support/processes';
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
const WORKER_NAMES = ['worker-1', 'worker-2'];
const folder = mkdtempSync(path.join(tmpdir(), 'n8n-nodes-clevertap-queue-')); // Redis's, PostgreSQL's

let simulator: CleverTapSimulator;
let redis: Awaited<ReturnType<typeof startRedis>> | undefined;
let postgres: Awaited<ReturnType<typeof startPostgres>> | undefined;
let sandbox: Awaited<ReturnType<typeof prepareSandbox>> | undefined;
let main: RunningN8n | undefined;
const workers: RunningN8n[] = [];
const printed: string[] = []; // what n8n's CLI printed (publish)

/** Debian's PostgreSQL programs: /usr/lib/postgresql/<newest major>/bin. */
function postgresBin(): string | undefined {
	const root = '/usr/lib/postgresql';
	const majors = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
	return majors
		.map((major) => path.join(root, major, 'bin'))
		.find((bin) => existsSync(path.join(bin, 'initdb')));
}

async function startRedis() {
	const port = String(await freePort());
	const cli = async (...args: string[]) =>
		(await runCommand('redis-cli', ['-p', port, ...args])).stdout;
	const server = await startServer(
		'redis-server',
		['redis-server', '--port', port, '--bind', '127.0.0.1', '--dir', folder, '--save', ''],
		{},
		async () => (await cli('ping')).trim() === 'PONG',
	);
	/** Every key and value, as Redis writes them to disk, uncompressed. */
	const snapshot = async () => {
		await cli('CONFIG', 'SET', 'rdbcompression', 'no');
		await cli('SAVE');
		return readFileSync(path.join(folder, 'dump.rdb'));
	};
	return { port, server, snapshot };
}

/** A fresh cluster trusting connections on 127.0.0.1, run as Debian's `postgres` user (it refuses root). */
async function startPostgres() {
	const bin = postgresBin()!;
	const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }));
	chownSync(folder, id('-u'), id('-g'));
	const port = String(await freePort());
	const asPostgres = (program: string, args: string) => [
		...['runuser', '-u', 'postgres', '--', path.join(bin, program), '-D', path.join(folder, 'pg')],
		...args.split(' '),
	];
	const client = async (program: string, ...args: string[]) => {
		const server = ['-h', '127.0.0.1', '-p', port, '-U', 'postgres'];
		return (await runCommand(path.join(bin, program), [...server, ...args])).stdout;
	};
	const [runuser, ...initdb] = asPostgres('initdb', '-U postgres --auth=trust -E UTF8 --no-sync');
	await runCommand(runuser, initdb, { cwd: folder });
	const settings = `-c listen_addresses=127.0.0.1 -c fsync=off -c unix_socket_directories=${folder}`;
	const server = await startServer(
		'PostgreSQL',
		asPostgres('postgres', `-p ${port} ${settings}`),
		{ cwd: folder },
		async () => (await client('pg_isready')).includes('accepting connections'),
	);
	/** psql -At: rows one a line, columns separated by |. */
	const query = (sql: string) => client('psql', '-At', '-v', 'ON_ERROR_STOP=1', '-c', sql);
	return { port, server, query, dump: () => client('pg_dump') };
}

/** One export through the webhook, answered with exactly the simulator's profiles: its execution's ID. */
async function exportThroughWebhook(loadCase: LoadCase) {
	const { eventName, fromDate, toDate } = loadCase;
	const response = await fetch(`${main!.url}/webhook/clevertap-export`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ eventName, fromDate, toDate }),
		signal: AbortSignal.timeout(540_000),
	});
	const text = await response.text();
	const answer = response.ok ? '' : text.slice(0, 2000);
	expect({ fromDate, status: response.status, answer }).toEqual({ fromDate, status: 200, answer });
	const { executionId, ids } = JSON.parse(text) as { executionId: string; ids: string[] };
	expect(ids.sort()).toEqual(expectedIds(simulator, loadCase));
	return { id: String(executionId), profiles: ids.length };
}

/** The worker whose log says it started the execution ("Worker started execution 12"); fails unless exactly one did. */
function workerThatRan(executionId: string): string {
	const started = new RegExp(`Worker started execution ${executionId}\\b`);
	expect(started.test(main!.output())).toBe(false);
	const names = WORKER_NAMES.filter((_, index) => started.test(workers[index].output()));
	expect(names).toHaveLength(1);
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
	const webhook = {
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		webhookId: randomUUID(),
		parameters: { httpMethod: 'POST', path: 'clevertap-export', responseMode: 'responseNode' },
	};
	const cleverTap = {
		...EXAMPLE_NODE,
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
	const workflow = [chain(WORKFLOW_ID, [webhook, cleverTap, respond])];
	sandbox = await prepareSandbox(
		'queue-main',
		{ credentials: [simulatorCredential(simulator.url)], workflow },
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
	for (const server of [...workers, main, redis?.server, postgres?.server]) await server?.stop();
	await simulator?.close();
	rmSync(folder, { recursive: true, force: true });
	sandbox?.remove();
}, 120_000);

describe('n8n queue mode: main, two workers, Redis, PostgreSQL', () => {
	test('webhook calls run on the workers, 24 at once over both: each answers exactly the simulator’s profiles; 429s are waited out', async () => {
		const cases = loadCases();
		// Main registers the webhook while it activates the workflow, just after it reports ready.
		const call = () => fetch(`${main!.url}/webhook/clevertap-export`, { method: 'POST' });
		await waitFor('the webhook', async () => (await call()).status !== 404, 60_000);
		simulator.clearRequests();
		const logBefore = workers.map((worker) => worker.output().length);
		const started = Date.now();
		const answers = await Promise.all(cases.map(exportThroughWebhook));
		const seconds = (Date.now() - started) / 1000;

		const rows = await postgres!.query(
			`SELECT id, status, mode FROM execution_entity WHERE "workflowId" = '${WORKFLOW_ID}'`,
		);
		for (const { id } of answers) expect(rows.split('\n')).toContain(`${id}|success|webhook`);
		const byWorker: Record<string, string[]> = {};
		for (const { id } of answers) (byWorker[workerThatRan(id)] ??= []).push(id);
		expect(Object.keys(byWorker).sort()).toEqual(WORKER_NAMES); // both took part

		const statuses = simulator.requests.map((request) => request.status);
		const warnings = countWarnings(
			workers.flatMap((worker, index) => worker.output().slice(logBefore[index]).split('\n')),
		);
		const figures = {
			executions: answers.length,
			profiles: answers.reduce((sum, answer) => sum + answer.profiles, 0),
			requests: statuses.length,
			tooManyRequests: statuses.filter((status) => status === 429).length,
			...warnings,
			seconds,
		};
		process.stdout.write(describeFigures('queue mode, two workers', figures));
		for (const [worker, ran] of Object.entries(byWorker).sort())
			process.stdout.write(`[load] ${worker} ran ${ran.length} executions: ${ran.join(', ')}\n`);
		const stored = await postgres!.query(
			`SELECT pg_total_relation_size('execution_data'), count(*) FROM execution_data`,
		);
		const [bytes, executions] = stored.trim().split('|').map(Number);
		const megabytes = (bytes / 1024 / 1024).toFixed(1);
		process.stdout.write(
			`[load] execution data in PostgreSQL: ${megabytes} MB for ${executions} executions\n`,
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
