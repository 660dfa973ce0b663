/**
 * `npm run simulator [-- --port N]`: runs the CleverTap simulator on 127.0.0.1 until Ctrl-C / SIGTERM,
 * and prints what to put in the n8n credential plus some queries that return data.
 */
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
		'  Events with data (event: from..to -> profiles):',
		...SAMPLE_QUERIES.map(
			({ event, from, to }) =>
				`    ${event}: ${from}..${to} -> ${dataset.exportOrder(event, from, to).length}`,
		),
		`  Not exportable: ${dataset.nonExportableEvents.join(', ')}`,
		'Press Ctrl-C to stop.',
	];
	console.log(lines.join('\n'));
	for (const signal of ['SIGINT', 'SIGTERM']) {
		process.once(signal, () => {
			console.log(`\n${signal}: stopping the simulator`);
			void simulator.close().then(() => process.exit(0));
		});
	}
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
