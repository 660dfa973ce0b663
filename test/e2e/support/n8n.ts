/**
 * One n8n "instance" for the real-n8n suites and `npm run dev`: a fresh user folder with our `npm
 * pack` tarball installed as a community package, imports through n8n's CLI, and n8n's commands
 * and servers on 127.0.0.1 with everything that would reach the internet switched off.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { ensureN8nInstalled } from './n8n-install';
import { freePort, log, npmEnvironment, runCommand, startServer } from './processes';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const QUIET_NPM = ['--no-audit', '--no-fund', '--loglevel=error'];

export type Sandbox = Awaited<ReturnType<typeof prepareSandbox>>;

/**
 * The tarball installed where n8n loads community packages, <userFolder>/.n8n/nodes, with the
 * flags n8n itself uses (no scripts, no bin links, no lockfile). n8n-workflow is a peer that n8n
 * provides: peers are not installed, so the node runs against n8n's own.
 */
async function installPackage(userFolder: string, tarball: string): Promise<void> {
	const cwd = path.join(userFolder, '.n8n', 'nodes');
	mkdirSync(cwd, { recursive: true });
	writeFileSync(path.join(cwd, 'package.json'), '{"name":"installed-nodes","private":true}');
	const flags = '--legacy-peer-deps --ignore-scripts --bin-links=false --package-lock=false';
	const args = [tarball, ...flags.split(' '), '--install-strategy=shallow', ...QUIET_NPM];
	await runCommand('npm', ['install', ...args], { cwd, env: npmEnvironment() });
	log(`installed ${path.basename(tarball)} into ${cwd}`);
}

/**
 * Everything before n8n runs: n8n from the cache (with E2E_N8N=1, `npm run test:e2e:n8n1`, the last
 * 1.x on Node 20), our package packed and installed into a new user folder, the credentials and
 * workflows imported with n8n's CLI (`import:credentials` encrypts them with the instance's key),
 * as someone moving them between instances would.
 */
export async function prepareSandbox(
	label: string,
	imports: { credentials: object[]; workflow: object[] }, // keys: n8n's import commands
	env: NodeJS.ProcessEnv = {},
) {
	const installation = await ensureN8nInstalled(process.env.E2E_N8N === '1');
	const runFolder = mkdtempSync(path.join(tmpdir(), `n8n-nodes-clevertap-${label}-`));
	const remove = () => rmSync(runFolder, { recursive: true, force: true, maxRetries: 3 });
	try {
		// npm pack of the built package (only what `files` publishes) prints the tarball's name.
		const packArgs = ['pack', '--pack-destination', runFolder, ...QUIET_NPM];
		const packed = await runCommand('npm', packArgs, { cwd: REPO_ROOT, env: npmEnvironment() });
		const sandbox = {
			installation,
			userFolder: path.join(runFolder, 'n8n-user'), // n8n keeps its data in <userFolder>/.n8n
			runFolder, // deleted by remove()
			tarball: path.join(runFolder, packed.stdout.trim().split('\n').pop()!),
			env, // on top of n8nEnvironment's
			remove,
		};
		await installPackage(sandbox.userFolder, sandbox.tarball);
		for (const [kind, list] of Object.entries(imports)) {
			const file = path.join(runFolder, `${kind}.json`);
			writeFileSync(file, JSON.stringify(list), { mode: 0o600 });
			const result = await runN8n(sandbox, [`import:${kind}`, `--input=${file}`]);
			rmSync(file); // credentials hold the passcode in plain text
			if (result.code !== 0 || !/Successfully imported/.test(result.stdout))
				throw new Error(`n8n import:${kind} failed:\n${result.output}`);
		}
		return sandbox;
	} catch (error) {
		remove();
		throw error;
	}
}

/**
 * Variables that would change what n8n does are not inherited (so n8n's defaults hold where none is
 * set below): JEST_* and NODE_ENV above all (Jest sets NODE_ENV=test, and n8n in "test" mode skips
 * loading nodes and exits its commands early without a word).
 */
const INHERITED_SETTINGS =
	/^(N8N_|DB_|EXECUTIONS_|QUEUE_|WEBHOOK_URL$|GENERIC_TIMEZONE$|NODE_FUNCTION_ALLOW|CREDENTIALS_|EXTERNAL_|JEST_|NODE_ENV$)/;

/**
 * n8n 1.x: binary data on disk, as 2.x by default; no mcp-registry module to disable (naming an
 * unknown one is an error there); and its default expression engine is built on isolated-vm 6.2.0,
 * which has binaries for Node 22 and 24 only: its "legacy" one, or it exits at start.
 */
const N8N1_SETTINGS = {
	N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
	N8N_DISABLED_MODULES: '',
	N8N_EXPRESSION_ENGINE: 'legacy',
};

async function n8nEnvironment(sandbox: Sandbox, userFolder = sandbox.userFolder) {
	const inherited = Object.entries(process.env).filter(([name]) => !INHERITED_SETTINGS.test(name));
	return {
		...Object.fromEntries(inherited),
		NODE_ENV: 'production',
		N8N_USER_FOLDER: userFolder,
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_RUNNERS_BROKER_PORT: String(await freePort()), // each n8n its own: runs may overlap
		N8N_SECURE_COOKIE: 'false', // the editor is served over http on 127.0.0.1
		// Nothing that calls n8n's servers or the npm registry.
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false', // the vetted-package list comes from n8n's API
		N8N_DISABLED_MODULES: 'mcp-registry', // refreshes a server list from api.n8n.io at start
		GENERIC_TIMEZONE: 'UTC',
		...(sandbox.installation.version.startsWith('1.') && N8N1_SETTINGS),
		...sandbox.env,
	};
}

/** One n8n CLI command (`import:workflow`, `execute`, …). Never throws on a non-zero exit: callers assert. */
export async function runN8n(sandbox: Sandbox, args: string[]) {
	const { node, bin } = sandbox.installation;
	const env = await n8nEnvironment(sandbox);
	return await runCommand(node.execPath, [bin, ...args], { env, check: false });
}

/** Active for the next `n8n start`: `publish:workflow` in n8n 2.x, `update:workflow --active` in 1.x. */
export async function publishWorkflow(sandbox: Sandbox, id: string): Promise<string> {
	const args = sandbox.installation.version.startsWith('1.')
		? ['update:workflow', `--id=${id}`, '--active=true']
		: ['publish:workflow', `--id=${id}`];
	const result = await runN8n(sandbox, args);
	if (result.code !== 0) throw new Error(`n8n ${args[0]} failed:\n${result.output}`);
	return result.output;
}

/** The items a node put on its first output (its last run). */
export const outputItems = (run: any, nodeName: string): Array<Record<string, any>> =>
	run.data.resultData.runData[nodeName].at(-1).data.main[0] ?? [];

export type RunningN8n = Awaited<ReturnType<typeof startN8n>>;

/**
 * `n8n start` (or `n8n worker`, in its own user folder) on 127.0.0.1, on a free port unless one is
 * given; resolves once it answers /healthz/readiness, and a main its REST API too (n8n 1.x reports
 * ready before its REST routes are mounted).
 */
export async function startN8n(
	sandbox: Sandbox,
	{ port, worker }: { port?: number; worker?: string } = {},
) {
	const chosenPort = String(await freePort(port));
	const url = `http://127.0.0.1:${chosenPort}`;
	const env = worker
		? {
				...(await n8nEnvironment(sandbox, path.join(sandbox.runFolder, worker))),
				QUEUE_HEALTH_CHECK_ACTIVE: 'true',
				QUEUE_HEALTH_CHECK_PORT: chosenPort,
				N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			}
		: { ...(await n8nEnvironment(sandbox)), N8N_PORT: chosenPort };
	if (worker) await installPackage(env.N8N_USER_FOLDER, sandbox.tarball);
	const { node, bin } = sandbox.installation;
	const ok = async (route: string) =>
		(await fetch(`${url}${route}`, { signal: AbortSignal.timeout(2000) })).ok;
	const server = await startServer(
		`n8n ${worker ?? 'main'} on ${url}`,
		[node.execPath, bin, worker ? 'worker' : 'start'],
		{ env },
		async () => (await ok('/healthz/readiness')) && (!!worker || (await ok('/rest/settings'))),
	);
	return { ...server, url };
}

/** The owner account the checks and `npm run dev` create: local only, on a throwaway instance. */
export const LOCAL_OWNER = {
	email: 'owner@example.com',
	firstName: 'Local',
	lastName: 'Owner',
	password: 'CleverTap-local-1', // n8n asks for 8+ characters, a digit and a capital letter
};

/**
 * n8n's first-run owner setup through its REST API (what the setup form posts), which also signs
 * the owner in (a cookie bound to a browser id, as the editor has): to read executions.
 */
export async function setUpOwner(n8n: RunningN8n, sandbox: Sandbox) {
	const headers = { 'content-type': 'application/json', 'browser-id': randomUUID(), cookie: '' };
	const call = async (route: string, body?: object) => {
		const response = await fetch(`${n8n.url}/rest${route}`, {
			method: body ? 'POST' : 'GET',
			headers,
			body: body && JSON.stringify(body),
			signal: AbortSignal.timeout(30_000),
		});
		if (!response.ok) throw new Error(`${route}: HTTP ${response.status} ${await response.text()}`);
		const cookies = response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]);
		headers.cookie ||= cookies.join('; ');
		return ((await response.json()) as { data: any }).data;
	};
	await call('/owner/setup', LOCAL_OWNER);
	// n8n sends an execution's data in `flatted` form: n8n's own copy of flatted reads it.
	const n8nPackage = path.join(sandbox.installation.dir, 'node_modules/n8n/package.json');
	const flatted = createRequire(n8nPackage)('flatted') as { parse(text: string): any };
	return {
		executionsOf: async (workflowId: string): Promise<Array<{ id: string; status: string }>> =>
			(await call(`/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId }))}`))
				.results,
		execution: async (id: string) => {
			const { status, data } = await call(`/executions/${id}`);
			return { status, data: flatted.parse(data) };
		},
	};
}
