/**
 * The services n8n's queue mode needs, real and local: Redis and PostgreSQL from Debian's packages
 * (installed with apt-get where missing, as root), each started on 127.0.0.1 on a free port with
 * its data in a temporary folder, and stopped (folder removed) by stop(), also after a failure.
 * PostgreSQL refuses to run as root: initdb and the server run as the `postgres` system user that
 * Debian's package creates, on a folder handed to that user.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
	freePort,
	log,
	runCommand,
	startBackground,
	waitFor,
	type BackgroundProcess,
} from '../../e2e/support/processes';

const REDIS_SERVER = '/usr/bin/redis-server';
const REDIS_CLI = '/usr/bin/redis-cli';
const APT_TIMEOUT_MS = 10 * 60_000;

/** Where Debian puts PostgreSQL's programs: /usr/lib/postgresql/<major>/bin, the newest major. */
function postgresBinDir(): string | undefined {
	const root = '/usr/lib/postgresql';
	if (!existsSync(root)) return undefined;
	const majors = readdirSync(root)
		.filter((name) => existsSync(path.join(root, name, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a));
	return majors.length ? path.join(root, majors[0], 'bin') : undefined;
}

/** redis-server and postgresql from Debian, installed only when missing (apt-get update first, then). */
export async function ensureDebianServices(): Promise<{ postgresBin: string }> {
	const missing = [
		...(existsSync(REDIS_SERVER) && existsSync(REDIS_CLI) ? [] : ['redis-server']),
		...(postgresBinDir() ? [] : ['postgresql']),
	];
	if (missing.length > 0) {
		if (process.getuid?.() !== 0)
			throw new Error(`${missing.join(' and ')} missing: install with apt-get as root`);
		const started = Date.now();
		log(`installing ${missing.join(', ')} with apt-get`);
		const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
		await runCommand('apt-get', ['update', '-qq'], { env, timeoutMs: APT_TIMEOUT_MS });
		await runCommand('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], {
			env,
			timeoutMs: APT_TIMEOUT_MS,
		});
		log(
			`apt-get installed ${missing.join(', ')} in ${Math.round((Date.now() - started) / 1000)} s`,
		);
	}
	const postgresBin = postgresBinDir();
	if (!postgresBin) throw new Error('PostgreSQL is not installed under /usr/lib/postgresql');
	return { postgresBin };
}

export interface RunningService {
	port: number;
	/** What the server printed. */
	output(): string;
	stop(): Promise<void>;
}

export interface RunningRedis extends RunningService {
	/** redis-cli against this server; returns what it printed. */
	cli(args: string[]): Promise<string>;
}

export async function startRedis(): Promise<RunningRedis> {
	const folder = mkdtempSync(path.join(tmpdir(), 'n8n-nodes-clevertap-redis-'));
	const port = await freePort();
	const server = startBackground(
		REDIS_SERVER,
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--dir',
			folder,
			'--save',
			'',
			'--appendonly',
			'no',
		],
		{},
	);
	const cli = async (args: string[]) =>
		(
			await runCommand(REDIS_CLI, ['-h', '127.0.0.1', '-p', String(port), ...args], {
				timeoutMs: 60_000,
			})
		).stdout;
	const stop = async () => {
		await server.stop();
		rmSync(folder, { recursive: true, force: true });
	};
	try {
		await waitFor('redis-server', async () => (await cli(['ping'])).trim() === 'PONG', {
			timeoutMs: 30_000,
			giveUp: () => exited(server, 'redis-server'),
		});
	} catch (error) {
		await stop();
		throw error;
	}
	log(`redis-server on 127.0.0.1:${port}`);
	return { port, output: () => server.output(), cli, stop };
}

export interface RunningPostgres extends RunningService {
	user: string;
	database: string;
	/** psql -At -c sql against the database; returns its rows, one a line. */
	query(sql: string): Promise<string>;
	/** pg_dump of the database, as SQL text. */
	dump(): Promise<string>;
}

const POSTGRES_USER = 'postgres';

function exited(server: BackgroundProcess, name: string): string | undefined {
	const status = server.exitStatus();
	return status && `${name} stopped (${status}):\n${server.output().slice(-3000)}`;
}

/** A fresh cluster (trust authentication, loopback only) with one database, `database`. */
export async function startPostgres(
	postgresBin: string,
	database = 'n8n',
): Promise<RunningPostgres> {
	const folder = mkdtempSync(path.join(tmpdir(), 'n8n-nodes-clevertap-pg-'));
	const uid = Number(execFileSync('id', ['-u', POSTGRES_USER], { encoding: 'utf8' }).trim());
	const gid = Number(execFileSync('id', ['-g', POSTGRES_USER], { encoding: 'utf8' }).trim());
	chownSync(folder, uid, gid);
	const dataDir = path.join(folder, 'data');
	const asPostgres = (program: string, args: string[]) => [
		'-u',
		POSTGRES_USER,
		'--',
		path.join(postgresBin, program),
		...args,
	];
	const port = await freePort();
	let server: BackgroundProcess | undefined;
	const stop = async () => {
		await server?.stop(20_000); // SIGTERM: PostgreSQL's smart shutdown
		rmSync(folder, { recursive: true, force: true });
	};
	const client = (program: string, args: string[]) =>
		runCommand(
			path.join(postgresBin, program),
			['-h', '127.0.0.1', '-p', String(port), '-U', POSTGRES_USER, ...args],
			{ timeoutMs: 120_000 },
		);
	try {
		await runCommand(
			'runuser',
			asPostgres('initdb', [
				'-D',
				dataDir,
				'-U',
				POSTGRES_USER,
				'--auth=trust',
				'-E',
				'UTF8',
				'--no-sync',
			]),
			{ cwd: folder, timeoutMs: 120_000 },
		);
		server = startBackground(
			'runuser',
			asPostgres('postgres', [
				'-D',
				dataDir,
				'-p',
				String(port),
				'-c',
				'listen_addresses=127.0.0.1',
				'-c',
				`unix_socket_directories=${folder}`,
				'-c',
				'fsync=off',
				'-c',
				'max_connections=100',
			]),
			{ cwd: folder },
		);
		const running = server;
		await waitFor(
			'PostgreSQL',
			async () => (await client('pg_isready', ['-d', 'postgres'])).code === 0,
			{ timeoutMs: 60_000, giveUp: () => exited(running, 'postgres') },
		);
		await client('psql', [
			'-d',
			'postgres',
			'-v',
			'ON_ERROR_STOP=1',
			'-c',
			`CREATE DATABASE ${database}`,
		]);
	} catch (error) {
		await stop();
		throw error;
	}
	log(`PostgreSQL on 127.0.0.1:${port}, database ${database}, data in ${dataDir}`);
	const running = server;
	return {
		port,
		user: POSTGRES_USER,
		database,
		output: () => running.output(),
		query: async (sql) =>
			(await client('psql', ['-d', database, '-At', '-v', 'ON_ERROR_STOP=1', '-c', sql])).stdout,
		dump: async () => (await client('pg_dump', ['-d', database])).stdout,
		stop,
	};
}
