/**
 * n8n in queue mode: the settings every process of one instance shares (Postgres, Redis, one
 * encryption key), and `n8n worker` processes, each with a user folder of its own in which our
 * packed tarball is installed (a worker loads community packages from its own nodes folder).
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';

import { n8nEnvironment, type N8nSandbox } from '../../e2e/support/n8n-instance';
import { installPackageInto } from '../../e2e/support/package-install';
import type { PreparedSandbox } from '../../e2e/support/n8n-sandbox';
import { freePort, log, startBackground, waitFor } from '../../e2e/support/processes';
import type { RunningPostgres, RunningRedis } from './services';

/** What main, workers and CLI commands of one queue-mode instance share. */
export function queueEnvironment(
	postgres: RunningPostgres,
	redis: RunningRedis,
): NodeJS.ProcessEnv {
	return {
		EXECUTIONS_MODE: 'queue',
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: postgres.database,
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: '', // the throwaway cluster trusts loopback connections
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		// Credentials are encrypted by the process that stores them and decrypted by the worker that runs them.
		N8N_ENCRYPTION_KEY: randomBytes(24).toString('base64'),
		N8N_LOG_LEVEL: 'info',
	};
}

export interface RunningWorker {
	name: string;
	output(): string;
	exitStatus(): string | undefined;
	stop(): Promise<void>;
}

/**
 * `n8n worker` with its own user folder under the main sandbox's run folder, the main's tarball
 * installed there; resolves once its health server answers /healthz/readiness (database and
 * Redis connected).
 */
export async function startWorker(main: PreparedSandbox, name: string): Promise<RunningWorker> {
	const sandbox: N8nSandbox = {
		installation: main.installation,
		userFolder: path.join(main.runFolder, name),
		env: main.env,
	};
	await installPackageInto(sandbox.userFolder, main.tarball);
	const healthPort = await freePort();
	const env = {
		...n8nEnvironment(sandbox.userFolder, { brokerPort: await freePort() }),
		...sandbox.env,
		QUEUE_HEALTH_CHECK_ACTIVE: 'true',
		QUEUE_HEALTH_CHECK_PORT: String(healthPort),
		N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
	};
	const worker = startBackground(
		sandbox.installation.node.execPath,
		[sandbox.installation.bin, 'worker'],
		{ env },
	);
	try {
		await waitFor(
			`n8n worker ${name}`,
			async () =>
				(
					await fetch(`http://127.0.0.1:${healthPort}/healthz/readiness`, {
						signal: AbortSignal.timeout(2000),
					})
				).ok,
			{
				timeoutMs: 120_000,
				intervalMs: 500,
				giveUp: () =>
					worker.exitStatus() &&
					`the worker stopped (${worker.exitStatus()}):\n${worker.output().slice(-3000)}`,
			},
		);
	} catch (error) {
		await worker.stop();
		throw error;
	}
	log(`n8n worker ${name} is ready`);
	return {
		name,
		output: () => worker.output(),
		exitStatus: () => worker.exitStatus(),
		stop: () => worker.stop(15_000),
	};
}

/** The execution IDs a worker's log says it started ("Worker started execution 12 (job 3)"). */
export function executionsStartedBy(worker: RunningWorker): string[] {
	return [...worker.output().matchAll(/Worker started execution (\d+)/g)].map((match) => match[1]);
}
