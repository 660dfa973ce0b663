/**
 * `npm run simulator [-- --port N]`: runs the CleverTap simulator on 127.0.0.1 until Ctrl-C / SIGTERM,
 * and prints what to put in the n8n credential plus some queries that return data.
 */
import { readFileSync } from 'node:fs';
import { DEMO_ACCOUNT } from './accounts';
import { startSimulator } from './server';

const DEFAULT_PORT = 8787;

/** Queries worth trying: they all have data in the default population. */
const SAMPLE_QUERIES = [
	{ event: 'Charged', from: 20240101, to: 20240131 },
	{ event: 'App Launched', from: 20240101, to: 20241231 },
	{ event: 'Product Viewed', from: 20251201, to: 20251231 },
	{ event: 'Added To Cart', from: 20250101, to: 20250331 },
	{ event: 'App Installed', from: 20250101, to: 20251231 },
];

function portFromArguments(args: string[]): number {
	const index = args.indexOf('--port');
	if (index === -1) return DEFAULT_PORT;
	const port = Number(args[index + 1]);
	if (!Number.isInteger(port) || port < 0 || port > 65535) {
		throw new Error(
			`--port needs a number from 0 to 65535 (0 = any free port), got "${args[index + 1] ?? ''}"`,
		);
	}
	return port;
}

async function main(): Promise<void> {
	const simulator = await startSimulator({ port: portFromArguments(process.argv.slice(2)) });
	const lines = [
		'CleverTap simulator running',
		`  Base URL (global, ${DEMO_ACCOUNT.region}): ${simulator.url}`,
		`  Region URL: ${simulator.regionUrl(DEMO_ACCOUNT.region)}  (other regions: ${simulator.url}/<region>)`,
		`  Account ID: ${DEMO_ACCOUNT.accountId}`,
		`  Passcode:   ${DEMO_ACCOUNT.passcode}`,
		`  Region:     ${DEMO_ACCOUNT.region}`,
		`  Population: ${simulator.dataset.population} users`,
		'  Events with data (event: from..to -> profiles):',
		...SAMPLE_QUERIES.map(
			({ event, from, to }) =>
				`    ${event}: ${from}..${to} -> ${simulator.dataset.profilesFor(event, from, to).length}`,
		),
		`  Not exportable: ${simulator.dataset.nonExportableEvents.join(', ')}`,
		'Press Ctrl-C to stop.',
	];
	console.log(lines.join('\n'));

	const stop = (signal: string) => {
		console.log(`\n${signal}: stopping the simulator`);
		simulator.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.once('SIGINT', () => stop('SIGINT'));
	process.once('SIGTERM', () => stop('SIGTERM'));
	stopWhenLauncherExits(() => stop('launcher exited'));
}

/**
 * `npx tsx` and `npm run` start tsx through `sh -c`. On SIGTERM npm stops that shell, which does not
 * pass the signal on, so tsx and this process would live on as orphans holding the port. Hence: also
 * stop when the process that started tsx is gone. Linux only (/proc); elsewhere the signals suffice.
 */
function stopWhenLauncherExits(stop: () => void): void {
	const launcher = parentOf(process.ppid);
	if (launcher === undefined || launcher <= 1) return;
	const watch = setInterval(() => {
		try {
			process.kill(launcher, 0); // signal 0: only asks whether the process exists
		} catch {
			clearInterval(watch);
			stop();
		}
	}, 500);
	watch.unref();
}

function parentOf(pid: number): number | undefined {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		// "pid (command) state ppid ...": the command may contain spaces, so read after its closing parenthesis.
		const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
		return Number.isInteger(parent) ? parent : undefined;
	} catch {
		return undefined;
	}
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
