/**
 * Child processes for the real-n8n checks: every one is started in its own process group, is
 * bounded in time, and is stopped with its children (n8n starts a task runner) even when the test
 * run ends early. Nothing is ever stopped by name: only the process groups started here.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** Progress on stderr, so it never mixes with what a command prints on stdout. */
export function log(message: string): void {
	process.stderr.write(`[e2e] ${message}\n`);
}

/** npm settings a caller's environment may pass on that npm commands here keep: where to fetch, where to cache, Node's headers. */
const KEPT_NPM_SETTINGS = new Set([
	'npm_config_registry',
	'npm_config_cache',
	'npm_config_userconfig',
	'npm_config_globalconfig',
	'npm_config_nodedir',
]);

/**
 * The environment for an npm command run from here. Under `npm run`, npm hands its settings to the
 * script as npm_config_* variables, this repository's ignore-scripts=true among them, which would
 * stop `npm rebuild sqlite3` from building anything: all but a few are left out.
 */
export function npmEnvironment(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	const kept = Object.entries(process.env).filter(
		([name]) => !/^npm_/i.test(name) || KEPT_NPM_SETTINGS.has(name.toLowerCase()),
	);
	return { ...Object.fromEntries(kept), ...extra };
}

export interface CommandResult {
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
	/** Milliseconds from start to exit. */
	durationMs: number;
}

export interface CommandOptions {
	cwd?: string;
	env?: NodeJS.ProcessEnv;
	/** The command is killed (its whole process group) after this long. */
	timeoutMs: number;
	/** Throw when the exit code is not 0. Default true. */
	check?: boolean;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/**
 * SIGKILL to everything still running when this process exits (a failed run), or is stopped by a
 * signal that nobody else here handles (Ctrl-C on jest): the children run in process groups of
 * their own, so the terminal's Ctrl-C does not reach them. A script that handles the signal itself
 * (dev.ts) stops them its own way.
 */
function installExitHook(): void {
	if (exitHookInstalled) return;
	exitHookInstalled = true;
	process.once('exit', () => {
		for (const child of running) killGroup(child, 'SIGKILL');
	});
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		const onSignal = () => {
			if (process.listenerCount(signal) > 1) return; // someone else stops things on this signal
			for (const child of running) killGroup(child, 'SIGKILL');
			process.removeListener(signal, onSignal);
			process.kill(process.pid, signal); // on to the default: end this process
		};
		process.on(signal, onSignal);
	}
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals, evenIfLeaderExited = false): void {
	if (child.pid === undefined) return;
	if (!evenIfLeaderExited && (child.exitCode !== null || child.signalCode !== null)) return;
	try {
		process.kill(-child.pid, signal); // the group this module created with detached: true
	} catch {
		// ESRCH: nobody left in the group
	}
}

function spawnTracked(
	command: string,
	args: string[],
	options: { cwd?: string; env?: NodeJS.ProcessEnv },
): ChildProcess {
	installExitHook();
	const child = spawn(command, args, {
		cwd: options.cwd,
		env: options.env ?? process.env,
		detached: true, // own process group: n8n's task runner is stopped with it
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	running.add(child);
	child.once('exit', () => running.delete(child));
	child.once('error', () => running.delete(child));
	return child;
}

function tail(text: string, characters = 4000): string {
	return text.length <= characters ? text : `…${text.slice(-characters)}`;
}

/** Runs a command to its end, or kills it at the timeout. */
export function runCommand(
	command: string,
	args: string[],
	options: CommandOptions,
): Promise<CommandResult> {
	const started = Date.now();
	const child = spawnTracked(command, args, options);
	const stdout: Buffer[] = [];
	const stderr: Buffer[] = [];
	child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
	child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
	const label = `${command} ${args.join(' ')}`;

	return new Promise((resolve, reject) => {
		let timedOut = false;
		const timer = setTimeout(() => {
			timedOut = true;
			killGroup(child, 'SIGTERM');
			setTimeout(() => killGroup(child, 'SIGKILL'), 5000).unref();
		}, options.timeoutMs);
		child.once('error', (error) => {
			clearTimeout(timer);
			reject(new Error(`Could not start "${label}": ${error.message}`));
		});
		child.once('close', (code, signal) => {
			clearTimeout(timer);
			killGroup(child, 'SIGKILL', true); // whatever it left behind in its group
			const result: CommandResult = {
				code,
				signal,
				stdout: Buffer.concat(stdout).toString('utf8'),
				stderr: Buffer.concat(stderr).toString('utf8'),
				durationMs: Date.now() - started,
			};
			if (timedOut) {
				reject(
					new Error(
						`"${label}" did not finish within ${options.timeoutMs / 1000} s and was stopped.\n${tail(result.stdout + result.stderr)}`,
					),
				);
			} else if (options.check !== false && code !== 0) {
				reject(
					new Error(
						`"${label}" failed (exit ${code ?? signal}).\n${tail(result.stdout + result.stderr)}`,
					),
				);
			} else {
				resolve(result);
			}
		});
	});
}

export interface BackgroundProcess {
	readonly pid: number;
	/** Everything printed so far, stdout and stderr interleaved. */
	output(): string;
	/** undefined while running. */
	exitStatus(): string | undefined;
	/** SIGTERM to the group, SIGKILL after graceMs; resolves once it has exited. Never hangs. */
	stop(graceMs?: number): Promise<void>;
}

/**
 * Runs the command as its child, in the same process group, and ends it when the process that
 * started the watchdog is gone, however that went (Ctrl-C on jest, whose hooks in a test file do
 * not see the real process's signals, or SIGKILL): a server never outlives its test run.
 */
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

/** Starts a server-like command that runs until stop(), or until this process is gone. */
export function startBackground(
	command: string,
	args: string[],
	options: { cwd?: string; env?: NodeJS.ProcessEnv },
): BackgroundProcess {
	const child = spawnTracked(
		process.execPath,
		['-e', WATCHDOG, String(process.pid), command, ...args],
		options,
	);
	const chunks: Buffer[] = [];
	child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk));
	child.stderr?.on('data', (chunk: Buffer) => chunks.push(chunk));
	let status: string | undefined;
	const exited = new Promise<void>((resolve) => {
		child.once('exit', (code, signal) => {
			status = signal ? `killed by ${signal}` : `exit ${code}`;
			resolve();
		});
		child.once('error', (error) => {
			status = `could not start: ${error.message}`;
			resolve();
		});
	});
	return {
		pid: child.pid ?? -1,
		output: () => Buffer.concat(chunks).toString('utf8'),
		exitStatus: () => status,
		async stop(graceMs = 10000) {
			if (status !== undefined) return;
			killGroup(child, 'SIGTERM');
			const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
			await exited;
			clearTimeout(timer);
			killGroup(child, 'SIGKILL', true); // anything the leader left behind in its group
		},
	};
}

/** A port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

/** The given port if nothing listens on it on 127.0.0.1, else a free one. */
export function preferredPort(port: number): Promise<number> {
	return new Promise((resolve) => {
		const server = createServer();
		server.unref();
		server.once('error', () => resolve(freePort()));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(port)));
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
