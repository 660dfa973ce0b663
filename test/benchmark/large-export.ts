/**
 * `npm run bench`: large Get by Event exports side by side (issue 7; README "Performance"). The
 * simulator runs in this process, which does nothing else while a contender runs; each contender runs
 * in a fresh process, in alternating order (floor, peer, items, file, parallel, floor, ...), several
 * times; the figures are medians. A run whose profile count is not the simulator's is not reported.
 *
 *   npm run bench                              the full run (about an hour): writes README's
 *                                              Performance block and docs/performance.svg
 *   npm run bench -- --sizes 20000 --reps 1    any option makes a subset, which writes nothing
 *
 *   --sizes N,N         realistic population, 0 ms per request (full run: 100000,300000,1000000)
 *   --slow-sizes N,N    realistic population, --latency ms per request (full run: 100000,300000)
 *   --target-size N     each person did the event on one day, --latency ms, floor, file and parallel
 *                       only (full run: 300000). With any of these three, the others are none.
 *   --latency MS        the simulated server time per request (150)
 *   --reps R            runs of each contender (5; at most 3 at 1M and more)
 *   --contenders a,b    some of floor,peer,items,file,parallel
 *   --cpu-prof DIR      a V8 CPU profile of each contender process (open it in Chrome's DevTools)
 *   --write             write README and the chart from this run all the same
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { cpus, totalmem } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { startSimulator, type CleverTapSimulator } from '../simulator';
import { createDataset, type PopulationDataset } from '../simulator/dataset';
import { runMain } from '../support/run-main';
import type { ContenderJob, ExportQuery, Result } from './contender-process';
import * as report from './report';

const REPO_ROOT = path.resolve(__dirname, '../..');
const EVENT = 'App Launched';
const RANGE = { from: 20251201, to: 20251230 };
const SEED = 20240101;

const args = process.argv.slice(2);
const text = { type: 'string' } as const;
const { values: options } = parseArgs({
	args,
	options: {
		...{ sizes: text, 'slow-sizes': text, 'target-size': text, latency: text, reps: text },
		...{ contenders: text, 'cpu-prof': text, write: { type: 'boolean' } },
	},
});

function planCases(): report.Case[] {
	const chosen = (options.contenders?.split(',') ??
		Object.keys(report.CONTENDERS)) as report.ContenderName[];
	if (chosen.some((name) => !(name in report.CONTENDERS))) throw new Error('unknown --contenders');
	const some = options.sizes ?? options['slow-sizes'] ?? options['target-size'];
	// "none" or 0 is no size (as `--target-size 0`).
	const plan = (oneDay: boolean, latencyMs: number, given = '', full = '', contenders = chosen) =>
		(some ? given : full)
			.split(',')
			.map(Number)
			.filter((profiles) => profiles > 0)
			.map((profiles) => ({ oneDay, profiles, latencyMs, contenders, runs: {} }));
	const latency = Number(options.latency ?? 150);
	const targetContenders = chosen.filter((name) => ['floor', 'file', 'parallel'].includes(name));
	return [
		...plan(false, 0, options.sizes, '100000,300000,1000000'),
		...plan(false, latency, options['slow-sizes'], '100000,300000'),
		...(chosen.includes('parallel')
			? plan(true, latency, options['target-size'], '300000', targetContenders)
			: []),
	];
}

/** The child's next message; a `{ failed }` one, or the child's end, rejects. */
const reply = <T>(child: ChildProcess) =>
	new Promise<T>((resolve, reject) => {
		const onExit = (code: number | null) => reject(new Error(`exited (${code}) without answering`));
		child.once('exit', onExit).once('message', (message: T | { failed: string }) => {
			child.off('exit', onExit);
			if (typeof message === 'object' && message && 'failed' in message)
				reject(new Error(message.failed));
			else resolve(message as T);
		});
	});

/** Runs a contender in a fresh process: its figures, or why there are none. */
async function runContender(job: ContenderJob, simulator: CleverTapSimulator, profileName: string) {
	const profileDir = options['cpu-prof'] && path.resolve(options['cpu-prof']);
	const profile = [`--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${profileName}.cpuprofile`];
	const child = fork(path.join(__dirname, 'contender-process.ts'), [JSON.stringify(job)], {
		// --max-old-space-size: room for a million profiles held as items
		execArgv: ['--import', 'tsx', '--expose-gc', '--max-old-space-size=16384'].concat(
			profileDir ? ['--cpu-prof', ...profile] : [],
		),
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
	});
	const exited = once(child, 'exit');
	try {
		await reply<'ready'>(child);
		simulator.clearRequests(); // the warm-up's do not count
		child.send('go');
		const result = await reply<Result>(child);
		return { ...result, requests: simulator.requests.length };
	} catch (error) {
		return `failed: ${(error as Error).message}`;
	} finally {
		await exited; // it exits by itself once it has answered (writing its CPU profile, if asked to)
	}
}

/** The smallest realistic population whose export for the range holds exactly `profiles`. */
function realisticPopulation(profiles: number): number {
	for (let estimate = Math.ceil(profiles / 0.6); ; estimate = Math.ceil(estimate * 1.2)) {
		const users = createDataset(SEED, estimate).exportOrder(EVENT, RANGE.from, RANGE.to);
		// Users are independent of each other: a smaller population is a prefix of this one.
		if (users.length >= profiles) return users[profiles - 1] + 1;
	}
}

/** The simulator for an export of exactly `profiles`, and a small export to warm up with. */
async function simulatorFor(oneDay: boolean, profiles: number) {
	// one-day: each person did the event on one day of the range
	const population = oneDay ? profiles : realisticPopulation(profiles);
	const oneActiveDayIn = oneDay ? RANGE : undefined;
	const simulator = await startSimulator({
		seed: SEED,
		population,
		cacheRecords: true,
		oneActiveDayIn,
	});
	// The export's user indices, not profilesFor's records: a million of them would weigh GBs.
	const dataset = simulator.dataset as PopulationDataset;
	const queryOf = (event: string, from: number, to: number): ExportQuery => ({
		...{ event, from, to },
		profiles: dataset.exportOrder(event, from, to).length,
	});
	const query = queryOf(EVENT, RANGE.from, RANGE.to);
	if (query.profiles !== profiles) throw new Error(`${population} users give ${query.profiles}`);
	return { simulator, population, query, warmUp: queryOf('Charged', RANGE.from, RANGE.from) };
}

async function measure(planned: report.Case[], reps: number): Promise<report.BenchmarkRun> {
	const [cpu] = cpus();
	const run: report.BenchmarkRun = {
		date: new Date().toISOString(),
		machine: `${cpus().length} × ${cpu.model}, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}`,
		command: ['npm run bench', ...(args.length ? ['--', ...args] : [])].join(' '),
		reps,
		cases: [],
	};
	// One simulator per population, serving each of its cases in turn.
	const populations = new Map<string, report.Case[]>();
	for (const each of planned) {
		const key = `${each.oneDay} ${each.profiles}`;
		populations.set(key, [...(populations.get(key) ?? []), each]);
	}
	for (const cases of populations.values()) {
		const { oneDay, profiles } = cases[0];
		const { simulator, population, query, warmUp } = await simulatorFor(oneDay, profiles);
		const job = { url: simulator.url, query, warmUp };
		console.log(`\nsimulator: ${population} users, ${profiles} profiles in the range`);
		try {
			// One untimed export fills the simulator's record cache, so that no run pays for it.
			await runContender({ ...job, contender: 'floor' }, simulator, 'cache-walk');
			if (!run.peerTrap && planned.some((each) => each.contenders.includes('peer'))) {
				const jobOf = { ...job, contender: 'peer-obvious', warmUp: undefined } as const;
				const trap = await runContender(jobOf, simulator, 'peer-obvious');
				const { profiles: got, note = '' } = typeof trap === 'string' ? { note: trap } : trap;
				const confirmed = got === 0 && /Incorrect Usage/.test(note);
				console.log(`peer, obvious set-up: ${got} of ${profiles} profiles; ${note}`);
				if (!confirmed) console.log('NOT the expected trap: README must not say it is');
				else run.peerTrap = { profiles: got, expected: profiles, note };
			}
			for (const each of cases) {
				run.cases.push(each);
				simulator.setLatency(each.latencyMs);
				console.log(`${report.caseLabel(each)} per request:`);
				const caseReps = profiles >= 1e6 ? Math.min(reps, report.REPS_AT_1M) : reps;
				for (let rep = 1; rep <= caseReps; rep++) {
					for (const contender of each.contenders) {
						const name = `${contender}-${report.caseLabel(each).replace(/\W+/g, '-')}-${rep}`;
						const result = await runContender({ ...job, contender }, simulator, name);
						(each.runs[contender] ??= []).push(result);
						console.log(
							`  rep ${rep} ${contender.padEnd(8)} ` +
								(typeof result === 'string'
									? result
									: `${(result.wallMs / 1000).toFixed(2)} s  RSS +${Math.round(result.rssGrowth / 2 ** 20)} MB  ${result.requests} requests${result.note ? `  (${result.note})` : ''}`),
						);
					}
				}
			}
		} finally {
			await simulator.close();
		}
	}
	return run;
}

async function main(): Promise<number> {
	const run = await measure(planCases(), Number(options.reps ?? 5));
	console.log(`\n${report.readmeBlock(run)}`);
	if (args.length === 0 || options.write) {
		report.writeReport(run, REPO_ROOT);
		console.log('README.md (Performance) and docs/performance.svg written');
	}
	const runs = run.cases.flatMap((each) => Object.values(each.runs).flat());
	return runs.some((each) => typeof each === 'string') ? 1 : 0;
}

runMain(main);
