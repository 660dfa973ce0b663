/**
 * Runs the cached n8n against one N8N_USER_FOLDER: CLI commands (import, execute) and the server
 * (`n8n start`), always on 127.0.0.1 and with everything that would reach the internet switched off.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { N8nInstallation } from './n8n-install';
import {
	freePort,
	log,
	runCommand,
	startBackground,
	waitFor,
	type CommandResult,
} from './processes';

/** One n8n "instance": the cached install plus a user folder of its own (database, settings, community packages). */
export interface N8nSandbox {
	installation: N8nInstallation;
	/** N8N_USER_FOLDER: n8n keeps its data in <userFolder>/.n8n. */
	userFolder: string;
	/** Settings on top of n8nEnvironment's, for every command and server of this sandbox (queue mode: Postgres, Redis). */
	env?: NodeJS.ProcessEnv;
}

/** A new temporary folder for one run: holds the user folder, the tarball and the import files. */
export function makeRunFolder(label: string): string {
	return mkdtempSync(path.join(tmpdir(), `n8n-nodes-clevertap-${label}-`));
}

export function removeRunFolder(folder: string): void {
	rmSync(folder, { recursive: true, force: true, maxRetries: 3 });
}

/**
 * Variables that would change what n8n does, taken out of the inherited environment. JEST_* and
 * NODE_ENV above all: Jest sets NODE_ENV=test, and n8n in "test" mode skips loading nodes and exits
 * its commands early without a word.
 */
const INHERITED_SETTINGS =
	/^(N8N_|DB_|EXECUTIONS_|QUEUE_|WEBHOOK_URL$|GENERIC_TIMEZONE$|NODE_FUNCTION_ALLOW|CREDENTIALS_|EXTERNAL_|JEST_|NODE_ENV$)/;

export function n8nEnvironment(
	userFolder: string,
	ports: { port?: number; brokerPort: number },
): NodeJS.ProcessEnv {
	const inherited = Object.fromEntries(
		Object.entries(process.env).filter(([name]) => !INHERITED_SETTINGS.test(name)),
	);
	return {
		...inherited,
		NODE_ENV: 'production',
		N8N_USER_FOLDER: userFolder,
		DB_TYPE: 'sqlite',
		// Loopback only.
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_PORT: String(ports.port ?? 5678),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_RUNNERS_BROKER_PORT: String(ports.brokerPort), // each n8n its own: runs may overlap
		N8N_SECURE_COOKIE: 'false', // the editor is served over http on 127.0.0.1
		// Nothing that calls n8n's servers or the npm registry.
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_DIAGNOSTICS_CONFIG_FRONTEND: '',
		N8N_DIAGNOSTICS_CONFIG_BACKEND: '',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false', // the vetted-package list comes from n8n's API
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		N8N_DISABLED_MODULES: 'mcp-registry', // refreshes a server list from api.n8n.io at start
		EXTERNAL_FRONTEND_HOOKS_URLS: '',
		// Quieter, and the same for everyone.
		N8N_RUNNERS_TASK_TIMEOUT: '300',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		GENERIC_TIMEZONE: 'UTC',
	};
}

/** One n8n CLI command (`import:workflow`, `execute`, …). Never throws on a non-zero exit: callers assert. */
export async function runN8n(
	sandbox: N8nSandbox,
	args: string[],
	timeoutMs = 120_000,
): Promise<CommandResult> {
	const env = {
		...n8nEnvironment(sandbox.userFolder, { brokerPort: await freePort() }),
		...sandbox.env,
	};
	return await runCommand(sandbox.installation.node.execPath, [sandbox.installation.bin, ...args], {
		env,
		timeoutMs,
		check: false,
	});
}

/**
 * Makes a workflow active for the next `n8n start`, with the command this n8n has:
 * `publish:workflow` in n8n 2.x, `update:workflow --active=true` in n8n 1.x.
 */
export async function publishWorkflow(
	sandbox: N8nSandbox,
	workflowId: string,
): Promise<CommandResult> {
	const args = sandbox.installation.version.startsWith('1.')
		? ['update:workflow', `--id=${workflowId}`, '--active=true']
		: ['publish:workflow', `--id=${workflowId}`];
	const result = await runN8n(sandbox, args);
	if (result.code !== 0)
		throw new Error(
			`n8n ${args[0]} failed (exit ${result.code}):\n${result.stdout}${result.stderr}`,
		);
	return result;
}

export interface RunningN8n {
	url: string;
	port: number;
	/** What n8n printed so far. */
	output(): string;
	/** undefined while n8n runs, else how it ended. */
	exitStatus(): string | undefined;
	stop(): Promise<void>;
}

/**
 * `n8n start` on 127.0.0.1 (a free port unless one is given); resolves once it answers
 * /healthz/readiness and its REST API (n8n 1.x reports ready before its REST routes are mounted).
 */
export async function startN8n(
	sandbox: N8nSandbox,
	{ port, timeoutMs = 120_000 }: { port?: number; timeoutMs?: number } = {},
): Promise<RunningN8n> {
	const chosenPort = port ?? (await freePort());
	const env = {
		...n8nEnvironment(sandbox.userFolder, { port: chosenPort, brokerPort: await freePort() }),
		...sandbox.env,
	};
	const url = `http://127.0.0.1:${chosenPort}`;
	const server = startBackground(
		sandbox.installation.node.execPath,
		[sandbox.installation.bin, 'start'],
		{ env },
	);
	const started = Date.now();
	try {
		await waitFor(
			`n8n to answer on ${url}`,
			async () =>
				(await fetch(`${url}/healthz/readiness`, { signal: AbortSignal.timeout(2000) })).ok &&
				(await fetch(`${url}/rest/settings`, { signal: AbortSignal.timeout(2000) })).ok,
			{
				timeoutMs,
				intervalMs: 500,
				giveUp: () =>
					server.exitStatus() &&
					`n8n stopped (${server.exitStatus()}):\n${server.output().slice(-3000)}`,
			},
		);
	} catch (error) {
		await server.stop();
		throw error;
	}
	log(
		`n8n ${sandbox.installation.version} is serving ${url} (ready after ${Math.round((Date.now() - started) / 1000)} s)`,
	);
	return {
		url,
		port: chosenPort,
		output: () => server.output(),
		exitStatus: () => server.exitStatus(),
		stop: () => server.stop(15_000),
	};
}

export interface Owner {
	email: string;
	firstName: string;
	lastName: string;
	password: string;
}

/** The owner account the checks and `npm run dev` create: local only, on a throwaway instance. */
export const LOCAL_OWNER: Owner = {
	email: 'owner@example.com',
	firstName: 'Local',
	lastName: 'Owner',
	password: 'CleverTap-local-1', // n8n asks for 8+ characters, a digit and a capital letter
};

/** n8n's first-run owner setup, through its REST API (what the setup form posts). */
export async function setUpOwner(n8n: RunningN8n, owner: Owner = LOCAL_OWNER): Promise<void> {
	const response = await fetch(`${n8n.url}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(owner),
		signal: AbortSignal.timeout(30_000),
	});
	if (!response.ok)
		throw new Error(`Owner setup failed: HTTP ${response.status} ${await response.text()}`);
}
