/** `npm run simulator [-- --port N]`: the simulator until Ctrl-C / SIGTERM, and what to tell n8n. */
import { readFileSync } from 'node:fs';

import { DEMO_ACCOUNT, startSimulator } from './server';

/** Queries worth trying: they all have data in the default population. */
const SAMPLE_QUERIES = [
	{ event: 'Charged', from: 20240101, to: 20240131 },
	{ event: 'App Launched', from: 20240101, to: 20241231 },
	{ event: 'Added To Cart', from: 20250101, to: 20250331 },
];

async function main(): Promise<void> {
	const portAt = process.argv.indexOf('--port');
	// 0 = any free port; Node refuses anything but 0..65535 with a message that says so.
	const port = portAt === -1 ? 8787 : Number(process.argv[portAt + 1]);
	const simulator = await startSimulator({ port });
	const { dataset } = simulator;
	const lines = [
		'CleverTap simulator running',
		`  Base URL (global, ${DEMO_ACCOUNT.region}): ${simulator.url}`,
		`  Region URL: ${simulator.regionUrl(DEMO_ACCOUNT.region)}  (other regions: ${simulator.url}/<region>)`,
		`  Account ID: ${DEMO_ACCOUNT.accountId}`,
		`  Passcode:   ${DEMO_ACCOUNT.passcode}`,
		`  Region:     ${DEMO_ACCOUNT.region}`,
		`  Population: ${dataset.population} users`,
		'  Events with data (event: from..to -> profiles, occurrences):',
		...SAMPLE_QUERIES.map(
			({ event, from, to }) =>
				`    ${event}: ${from}..${to} -> ${dataset.countFor('profiles', event, from, to)}, ${dataset.countFor('events', event, from, to)}`,
		),
		`  Not exportable: ${dataset.nonExportableEvents.join(', ')}`,
		'Press Ctrl-C to stop.',
	];
	console.log(lines.join('\n'));
	const stop = (why: string) => {
		console.log(`\n${why}: stopping the simulator`);
		void simulator.close().then(() => process.exit(0));
	};
	process.once('SIGINT', () => stop('SIGINT'));
	process.once('SIGTERM', () => stop('SIGTERM'));
	// `npm run` starts tsx through `sh -c`, which does not pass npm's SIGTERM on: also stop when the
	// process that started tsx is gone (Linux only, /proc; elsewhere the signals suffice).
	const launcher = parentOf(process.ppid);
	if (launcher === undefined || launcher <= 1) return;
	const watch = setInterval(() => {
		try {
			process.kill(launcher, 0); // signal 0 only asks whether the process exists
		} catch {
			clearInterval(watch);
			stop('launcher exited');
		}
	}, 500);
	watch.unref();
}

function parentOf(pid: number): number | undefined {
	try {
		// "pid (command) state ppid ...": the command may contain spaces, so read after its last ')'.
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
	} catch {
		return undefined;
	}
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
