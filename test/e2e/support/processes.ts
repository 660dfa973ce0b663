/**
 * Child processes for the real-n8n suites (e2e, ui, dev, queue). Each one runs under a small
 * watchdog, in a process group of its own (n8n starts a task runner), and is ended with its group
 * by stop(), by its timeout, or when this process is gone however that went (Ctrl-C on jest, whose
 * test files do not see the signals, or SIGKILL). Nothing is ever stopped by name.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

export const log = (message: string) => process.stderr.write(`[e2e] ${message}\n`);

/**
 * The environment for npm commands. Under `npm run`, npm hands its settings to the script as
 * npm_config_* variables, this repository's ignore-scripts=true among them, which would stop
 * `npm rebuild sqlite3`: only where to fetch and cache, and Node's headers, are kept.
 */
export function npmEnvironment(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	const dropped = /^npm_(?!config_(registry|cache|userconfig|globalconfig|nodedir)$)/i;
	const env = Object.entries(process.env).filter(([name]) => !dropped.test(name));
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
	const stdout: Buffer[] = [];
	const output: Buffer[] = []; // stdout and stderr interleaved
	child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
	for (const stream of [child.stdout, child.stderr])
		stream.on('data', (chunk) => output.push(chunk));
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
	return {
		stdout: () => Buffer.concat(stdout).toString('utf8'),
		output: () => Buffer.concat(output).toString('utf8'),
		/** undefined while running. */
		exitStatus: () => status,
		closed,
		/** SIGTERM to the group, SIGKILL 15 s later; resolves once it has exited. */
		async stop() {
			if (status !== undefined) return;
			killGroup('SIGTERM');
			const timer = setTimeout(() => killGroup('SIGKILL'), 15_000);
			await closed;
			clearTimeout(timer);
		},
	};
}

/** Runs a command to its end, or stops it after 10 minutes; throws on a non-zero exit unless check is false. */
export async function runCommand(
	command: string,
	args: string[],
	{ check = true, ...options }: { cwd?: string; env?: NodeJS.ProcessEnv; check?: boolean } = {},
) {
	const child = startBackground(command, args, options);
	let failure = '';
	const timer = setTimeout(() => {
		failure = 'did not finish within 10 minutes and was stopped';
		void child.stop();
	}, 10 * 60_000);
	const code = await child.closed;
	clearTimeout(timer);
	if (check && code !== 0) failure ||= `failed (exit ${code})`;
	if (failure)
		throw new Error(`"${command} ${args.join(' ')}" ${failure}.\n${child.output().slice(-4000)}`);
	return { code, stdout: child.stdout(), output: child.output() };
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

/** Polls check() every half second until it returns true; fails after timeoutMs, or once giveUp() names a reason. */
export async function waitFor(
	what: string,
	check: () => Promise<boolean>,
	timeoutMs: number,
	giveUp: () => string | undefined = () => undefined,
): Promise<void> {
	for (const deadline = Date.now() + timeoutMs; !(await check().catch(() => false)); ) {
		const reason = giveUp() ?? (Date.now() > deadline && `timed out after ${timeoutMs / 1000} s`);
		if (reason) throw new Error(`Gave up waiting for ${what}: ${reason}`);
		await new Promise((resolve) => setTimeout(resolve, 500));
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
	await waitFor(name, ready, 120_000, stopped).catch(async (error: unknown) => {
		await server.stop();
		throw error;
	});
	log(`${name} is ready`);
	return server;
}

/** Debian packages, installed with apt-get where missing (as root, as CI on a fresh machine is). */
export async function aptInstall(packages: string[]): Promise<void> {
	if (packages.length === 0) return;
	if (process.getuid?.() !== 0)
		throw new Error(`Missing: sudo apt-get install -y ${packages.join(' ')}`);
	log(`installing ${packages.join(', ')} with apt-get`);
	const apt = (...args: string[]) =>
		runCommand('apt-get', args, { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
	await apt('update', '-qq');
	await apt('install', '-y', '-qq', '--no-install-recommends', ...packages);
}
