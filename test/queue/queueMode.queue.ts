/**
 * `npm run test:queue`: the package in n8n's queue mode with real components. Debian's Redis and
 * PostgreSQL (apt-get where missing) on free ports on 127.0.0.1, their data in a temporary folder;
 * n8n as main (webhooks, activation) and two `n8n worker`s, each process with our packed tarball in
 * its own nodes folder. An active workflow (Webhook -> Get by Event -> Respond to Webhook) is called
 * with 24 different exports of about 5,000 profiles at once, against a simulator that enforces
 * CleverTap's 3 concurrent requests: each worker keeps to 3 by itself, together they exceed it and
 * wait the 429s out (busy waits). Each answer is checked against the simulator's ground truth, the
 * workers' logs say which one ran each execution, and the figures are printed.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
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
let sandbox: Awaited<ReturnType<typeof prepareSandbox>> | undefined;
let main: RunningN8n;
const workers: RunningN8n[] = [];
/** Redis, PostgreSQL, main and the workers, in the order they started. */
const servers: Array<Pick<RunningN8n, 'stop' | 'output'>> = [];
let published = ''; // what n8n's CLI printed
const ports = { redis: '', postgres: '' };

/** Debian's PostgreSQL programs: /usr/lib/postgresql/<newest major>/bin, if the server is there. */
function postgresBin(): string | undefined {
	const root = '/usr/lib/postgresql';
	const newest = existsSync(root) && readdirSync(root).sort((a, b) => Number(b) - Number(a))[0];
	const bin = newest && path.join(root, newest, 'bin');
	return bin && existsSync(path.join(bin, 'initdb')) ? bin : undefined;
}

const redisCli = async (...args: string[]) =>
	(await runCommand('redis-cli', ['-p', ports.redis, ...args])).stdout;
/** A PostgreSQL client program (psql, pg_dump, ...) as user postgres, n8n's default user too. */
const postgresClient = async (program: string, ...args: string[]) => {
	const server = ['-h', '127.0.0.1', '-p', ports.postgres, '-U', 'postgres'];
	return (await runCommand(path.join(postgresBin()!, program), [...server, ...args])).stdout;
};
/** psql -At: rows one a line, columns separated by |. */
const query = (sql: string) => postgresClient('psql', '-At', '-v', 'ON_ERROR_STOP=1', '-c', sql);

async function startDatabases() {
	ports.redis = String(await freePort());
	// Snapshots uncompressed, for the passcode check to read every key and value in dump.rdb.
	const redis = `--port ${ports.redis} --bind 127.0.0.1 --dir ${folder} --rdbcompression no`;
	const redisReady = async () => (await redisCli('ping')).trim() === 'PONG';
	servers.push(
		await startServer('redis-server', ['redis-server', ...redis.split(' ')], {}, redisReady),
	);

	// A fresh cluster trusting connections on 127.0.0.1, run as Debian's `postgres` user (it refuses root).
	execFileSync('chown', ['postgres', folder]);
	ports.postgres = String(await freePort());
	const asPostgres = (program: string, args: string) =>
		`runuser -u postgres -- ${postgresBin()}/${program} -D ${folder}/pg ${args}`.split(' ');
	const [runuser, ...initdb] = asPostgres('initdb', '-U postgres --auth=trust -E UTF8 --no-sync');
	await runCommand(runuser, initdb, { cwd: folder });
	const settings = `-c listen_addresses=127.0.0.1 -c fsync=off -c unix_socket_directories=${folder}`;
	const postgresReady = async () =>
		(await postgresClient('pg_isready')).includes('accepting connections');
	const postgres = asPostgres('postgres', `-p ${ports.postgres} ${settings}`);
	servers.push(await startServer('PostgreSQL', postgres, { cwd: folder }, postgresReady));
}

/** One export through the webhook, answered with exactly the simulator's profiles: its execution's ID. */
async function exportThroughWebhook(loadCase: LoadCase) {
	const response = await fetch(`${main.url}/webhook/clevertap-export`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(loadCase),
		signal: AbortSignal.timeout(540_000),
	});
	const text = await response.text();
	if (!response.ok)
		throw new Error(`${loadCase.fromDate}: HTTP ${response.status} ${text.slice(0, 2000)}`);
	const { executionId, ids } = JSON.parse(text) as { executionId: string; ids: string[] };
	expect(ids.sort()).toEqual(expectedIds(simulator, loadCase));
	return { id: String(executionId), profiles: ids.length };
}

beforeAll(async () => {
	await aptInstall([
		...(existsSync('/usr/bin/redis-server') ? [] : ['redis-server']),
		...(postgresBin() ? [] : ['postgresql']),
	]);
	simulator = await startSimulator(LOAD_SIMULATOR);
	await startDatabases();
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
			DB_POSTGRESDB_PORT: ports.postgres,
			DB_POSTGRESDB_DATABASE: 'postgres',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: ports.redis,
			// Credentials are encrypted by the process that stores them, decrypted by the worker that runs them.
			N8N_ENCRYPTION_KEY: randomBytes(24).toString('base64'),
		},
	);
	published = await publishWorkflow(sandbox, WORKFLOW_ID);
	servers.push((main = await startN8n(sandbox)));
	for (const worker of WORKER_NAMES) workers.push(await startN8n(sandbox, { worker }));
	servers.push(...workers);
}, 30 * 60_000);

afterAll(async () => {
	for (const server of servers.reverse()) await server.stop();
	await simulator?.close();
	rmSync(folder, { recursive: true, force: true });
	sandbox?.remove();
}, 120_000);

describe('n8n queue mode: main, two workers, Redis, PostgreSQL', () => {
	test('webhook calls run on the workers, 24 at once over both: each answers exactly the simulator’s profiles; 429s are waited out', async () => {
		// Main registers the webhook while it activates the workflow, just after it reports ready.
		const call = () => fetch(`${main.url}/webhook/clevertap-export`, { method: 'POST' });
		await waitFor('the webhook', async () => (await call()).status !== 404, 60_000);
		simulator.clearRequests();
		const logBefore = workers.map((worker) => worker.output().length);
		const started = Date.now();
		const answers = await Promise.all(loadCases().map(exportThroughWebhook));
		const seconds = (Date.now() - started) / 1000;

		const rows = await query(
			`SELECT id, status, mode FROM execution_entity WHERE "workflowId" = '${WORKFLOW_ID}'`,
		);
		const byWorker: Record<string, string[]> = {};
		const logs = [main, ...workers].map((server) => server.output());
		for (const { id } of answers) {
			expect(rows.split('\n')).toContain(`${id}|success|webhook`);
			// Exactly one process logged "Worker started execution <id>", and not main.
			const line = new RegExp(`Worker started execution ${id}\\b`);
			const ran = ['main', ...WORKER_NAMES].filter((_, index) => line.test(logs[index]));
			expect(ran).toEqual([expect.stringMatching(/^worker-/)]);
			(byWorker[ran[0]] ??= []).push(id);
		}
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
		const stored = await query(
			`SELECT round(pg_total_relation_size('execution_data') / 1048576.0, 1) || ' MB for ' || count(*) FROM execution_data`,
		);
		process.stdout.write(`[load] execution data in PostgreSQL: ${stored.trim()} executions\n`);
		// Every 429 the simulator sent was met by a busy wait in a worker, and nothing else failed.
		expect(statuses.filter((status) => status !== 200 && status !== 429)).toEqual([]);
		expect(warnings.busyWaits).toBeGreaterThanOrEqual(figures.tooManyRequests);
	});

	test('the passcode appears nowhere in plain text: PostgreSQL, Redis, or any log', async () => {
		const { passcode } = DEMO_ACCOUNT;
		const dump = await postgresClient('pg_dump');
		expect(dump).toContain(WORKFLOW_ID); // a real dump of n8n's database
		expect(dump).not.toContain(passcode);

		await redisCli('SAVE');
		const snapshot = readFileSync(path.join(folder, 'dump.rdb'));
		expect(snapshot.includes('bull')).toBe(true); // n8n's queue keys are there
		expect(snapshot.includes(passcode)).toBe(false);

		const logs = servers.map((server) => server.output());
		expect(logs.join('').length).toBeGreaterThan(1000);
		for (const text of [...logs, published]) expect(text).not.toContain(passcode);
	});
});
