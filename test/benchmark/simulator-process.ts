/**
 * The simulator in a process of its own (started by large-export.ts), so that its work never
 * mixes with a contender's. It sizes the population so that the export holds exactly the asked
 * number of profiles, fills its record cache with one untimed walk, says "ready", then answers
 * the benchmark's requests (latency, request counts) until the benchmark disconnects.
 */
import { startSimulator } from '../simulator';
import { createDataset, type PopulationDataset } from '../simulator/dataset';
import { CONTENDERS, type ExportQuery } from './contenders';
import type { SimulatorJob, SimulatorMessage, SimulatorRequest } from './messages';

const SEED = 20240101;
const job = JSON.parse(process.argv[2]) as SimulatorJob;

/** The smallest realistic population whose export for the job's range holds exactly job.profiles. */
function realisticPopulation(): number {
	for (let estimate = Math.ceil(job.profiles / 0.6); ; estimate = Math.ceil(estimate * 1.2)) {
		const users = createDataset(SEED, estimate).exportOrder(job.event, job.from, job.to);
		// Users are independent of each other: a smaller population is a prefix of this one.
		if (users.length >= job.profiles) return users[job.profiles - 1] + 1;
	}
}

async function main(): Promise<void> {
	const oneDay = job.kind === 'one-day';
	const population = oneDay ? job.profiles : realisticPopulation();
	const simulator = await startSimulator({
		seed: SEED,
		population,
		cacheRecords: true,
		oneActiveDayIn: oneDay ? { from: job.from, to: job.to } : undefined,
	});
	// The export's user indices (not profilesFor's full records: a million of them would weigh GBs).
	const dataset = simulator.dataset as PopulationDataset;
	const queryOf = (event: string, from: number, to: number): ExportQuery => ({
		event,
		from,
		to,
		profiles: dataset.exportOrder(event, from, to).length,
	});
	const query = queryOf(job.event, job.from, job.to);
	if (query.profiles !== job.profiles) {
		throw new Error(
			`population ${population} gives ${query.profiles} profiles, not ${job.profiles}`,
		);
	}
	// A small export on the range's first day, for the contenders to warm up with.
	const warmUp = queryOf('Charged', job.from, job.from);
	const walk = await CONTENDERS.floor.prepare(simulator.url);
	for (const each of [query, warmUp]) {
		const { profiles } = await walk(each);
		if (profiles !== each.profiles) throw new Error(`cache walk: ${profiles} of ${each.profiles}`);
	}

	const send = (message: SimulatorMessage) => process.send!(message);
	let cpuSince = process.cpuUsage();
	process.on('message', (request: SimulatorRequest) => {
		if (request.type === 'setLatency') {
			simulator.setLatency(request.latencyMs);
			send({ type: 'done' });
		} else {
			const requests = simulator.requests.length;
			const cpu = process.cpuUsage(cpuSince);
			cpuSince = process.cpuUsage();
			simulator.clearRequests();
			send({ type: 'done', requests, cpuMs: (cpu.user + cpu.system) / 1000 });
		}
	});
	process.once('disconnect', () => void simulator.close().then(() => process.exit(0)));
	simulator.clearRequests();
	send({ type: 'ready', url: simulator.url, population, query, warmUp });
}

main().catch((error: unknown) => {
	console.error('simulator process:', error);
	process.exit(1);
});
