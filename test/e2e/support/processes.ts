/**
 * Child processes for the real-n8n suites (e2e, ui, dev, queue). Each one runs under a small
 * watchdog, in a process group of its own (n8n starts a task runner), and is ended with its group
 * by stop(), by its timeout, or when this process is gone however that went (Ctrl-C on jest, whose
 * test files do not see the signals, or SIGKILL). Nothing is ever stopped by name.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

export function log(message: string): void {
	process.stderr.write(`[e2e] ${message}\n`);
}

/**
 * The environment for npm commands. Under `npm run`, npm hands its settings to the script as
 * npm_config_* variables, this repository's ignore-scripts=true among them, which would stop
 * `npm rebuild sqlite3`: only where to fetch and cache, and Node's headers, are kept.
 */
export function npmEnvironment(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	const kept = /^npm_config_(registry|cache|userconfig|globalconfig|nodedir)$/i;
	const env = Object.entries(process.env).filter(
		([name]) => !/^npm_/i.test(name) || kept.test(name),
	);
	return { ...Object.fromEntries(env), ...extra };
}

const WATCHDOG = `
const { spawn } = require('node:child_process');
const [parent, command, ...args] = process.argv.slice(1);
const child = spawn(command, args, { stdio: 'inherit' });
const pass = (signal) => { try { child.kill(signal); } catch {} };
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, () => pass(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
setInterval(() => {
	try { process.kill(Number(parent), 0); } catch {
		pass('SIGTERM');
		setTimeout(() => { try { process.kill(-process.pid, 'SIGKILL'); } catch {} }, 10000);
	}
}, 500);
`;

export function startBackground(
	command: string,
	args: string[],
	options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
) {
	const child = spawn(process.execPath, ['-e', WATCHDOG, String(process.pid), command, ...args], {
		...options,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const out: Buffer[] = [];
	const err: Buffer[] = [];
	const all: Buffer[] = [];
	const collect = (chunks: Buffer[]) => (chunk: Buffer) => {
		chunks.push(chunk);
		all.push(chunk);
	};
	child.stdout.on('data', collect(out));
	child.stderr.on('data', collect(err));
	const killGroup = (signal: NodeJS.Signals) => {
		try {
			process.kill(-child.pid!, signal);
		} catch {
			// nobody left in the group
		}
	};
	let status: string | undefined;
	// Once the watchdog has exited, whatever its command left in the group would hold the pipes open.
	child.once('exit', (code) => {
		status = `exit ${code}`;
		killGroup('SIGKILL');
	});
	const closed = new Promise<number | null>((resolve) => child.once('close', resolve));
	const text = (chunks: Buffer[]) => () => Buffer.concat(chunks).toString('utf8');
	return {
		stdout: text(out),
		stderr: text(err),
		/** stdout and stderr interleaved. */
		output: text(all),
		/** undefined while running. */
		exitStatus: () => status,
		/** Its exit code, once it and whatever it left in its group are gone. */
		closed,
		/** SIGTERM to the group, SIGKILL after graceMs; resolves once it has exited. */
		async stop(graceMs = 15_000) {
			if (status !== undefined) return;
			killGroup('SIGTERM');
			const timer = setTimeout(() => killGroup('SIGKILL'), graceMs);
			await closed;
			clearTimeout(timer);
		},
	};
}

/** Runs a command to its end, or stops it at the timeout; throws on a non-zero exit unless check is false. */
export async function runCommand(
	command: string,
	args: string[],
	{
		timeoutMs,
		check = true,
		...options
	}: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs: number; check?: boolean },
) {
	const child = startBackground(command, args, options);
	let timedOut = false;
	const timer = setTimeout(() => {
		timedOut = true;
		void child.stop(5000);
	}, timeoutMs);
	const code = await child.closed;
	clearTimeout(timer);
	const failure = timedOut
		? `did not finish within ${timeoutMs / 1000} s and was stopped`
		: check && code !== 0 && `failed (exit ${code})`;
	if (failure)
		throw new Error(`"${command} ${args.join(' ')}" ${failure}.\n${child.output().slice(-4000)}`);
	return { code, stdout: child.stdout(), stderr: child.stderr() };
}

/** `port` if nothing listens on it on 127.0.0.1, else (or with no port) a free one. */
export function freePort(port = 0): Promise<number> {
	return new Promise((resolve) => {
		const server = createServer().unref();
		server.once('error', () => resolve(freePort()));
		server.listen(port, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
		});
	});
}

/** Polls check() until it returns true; fails after timeoutMs, or as soon as giveUp() names a reason. */
export async function waitFor(
	what: string,
	check: () => Promise<boolean>,
	{
		timeoutMs,
		intervalMs = 250,
		giveUp,
	}: { timeoutMs: number; intervalMs?: number; giveUp?: () => string | undefined },
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const reason = giveUp?.();
		if (reason) throw new Error(`Gave up waiting for ${what}: ${reason}`);
		if (await check().catch(() => false)) return;
		if (Date.now() > deadline)
			throw new Error(`Timed out after ${timeoutMs / 1000} s waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, intervalMs));
	}
}

/** A server-like command, resolved once ready() says so; stopped again if it does not get there. */
export async function startServer(
	name: string,
	[command, ...args]: string[],
	options: { cwd?: string; env?: NodeJS.ProcessEnv },
	ready: () => Promise<boolean>,
) {
	const server = startBackground(command, args, options);
	const stopped = () => server.exitStatus() && `stopped:\n${server.output().slice(-3000)}`;
	try {
		await waitFor(name, ready, { timeoutMs: 120_000, intervalMs: 500, giveUp: stopped });
	} catch (error) {
		await server.stop();
		throw error;
	}
	log(`${name} is ready`);
	return server;
}

/** Debian packages, installed with apt-get where missing (as root, as CI on a fresh machine is). */
export async function aptInstall(packages: string[]): Promise<void> {
	if (packages.length === 0) return;
	if (process.getuid?.() !== 0)
		throw new Error(`Missing: sudo apt-get install -y ${packages.join(' ')}`);
	log(`installing ${packages.join(', ')} with apt-get`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const apt = (args: string[]) => runCommand('apt-get', args, { env, timeoutMs: 10 * 60_000 });
	await apt(['update', '-qq']);
	await apt(['install', '-y', '-qq', '--no-install-recommends', ...packages]);
}
