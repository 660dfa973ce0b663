/**
 * `npm run bench`: a large Get by Event export through n8n's engine against the simulator, with
 * figures: profiles, pages, wall time, throughput, and memory. Prints figures; asserts only that
 * the export is complete (a fast wrong answer is not a result).
 *
 *   npm run bench -- [--population 60000] [--batch-size 4991] [--no-events]
 */
import { CLEVERTAP_NODE_TYPE, runWorkflow } from '../helpers/n8n-engine';
import { startSimulator } from '../simulator';
import { runMain } from '../support/run-main';
import { simulatorCredentials } from '../support/simulator-credentials';

function option(name: string, fallback: number): number {
	const index = process.argv.indexOf(`--${name}`);
	return index === -1 ? fallback : Number(process.argv[index + 1]);
}

const population = option('population', 60_000);
const batchSize = option('batch-size', 4991);
const includeEventSummary = !process.argv.includes('--no-events');
const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

async function main(): Promise<number> {
	const simulator = await startSimulator({ population });
	try {
		const expected = simulator.dataset.profilesFor('App Launched', 20240101, 20241231).length;
		global.gc?.();
		const before = process.memoryUsage();
		let peakRss = before.rss;
		const sampler = setInterval(() => {
			peakRss = Math.max(peakRss, process.memoryUsage().rss);
		}, 20);

		const started = process.hrtime.bigint();
		const result = await runWorkflow({
			nodes: [
				{
					name: 'CleverTap',
					type: CLEVERTAP_NODE_TYPE,
					parameters: {
						resource: 'profile',
						operation: 'getByEvent',
						eventName: 'App Launched',
						fromDate: '2024-01-01',
						toDate: '2024-12-31',
						returnAll: true,
						options: { batchSize, includeEventSummary },
					},
				},
			],
			credentials: {
				cleverTapApi: simulatorCredentials(simulator),
			},
		});
		const seconds = Number(process.hrtime.bigint() - started) / 1e9;
		clearInterval(sampler);
		const after = process.memoryUsage();

		if (result.error) throw new Error(`export failed: ${result.error.message}`);
		const profiles = result.outputOf('CleverTap').length;
		const pages = simulator.requests.filter((request) => request.method === 'GET').length;
		console.log(`population            ${population}`);
		console.log(
			`batch size            ${batchSize}${includeEventSummary ? '' : ' (events=false)'}`,
		);
		console.log(`profiles exported     ${profiles} (expected ${expected})`);
		console.log(`pages                 ${pages}`);
		console.log(
			`wall time             ${seconds.toFixed(2)} s (simulator and n8n engine in one process)`,
		);
		console.log(`throughput            ${Math.round(profiles / seconds)} profiles/s`);
		console.log(
			`heap used after       ${megabytes(after.heapUsed)} (before ${megabytes(before.heapUsed)})`,
		);
		console.log(`peak RSS              ${megabytes(peakRss)}`);
		if (profiles !== expected) {
			console.error(`INCOMPLETE: got ${profiles} of ${expected} profiles`);
			return 1;
		}
		return 0;
	} finally {
		await simulator.close();
	}
}

runMain(main);
