/**
 * `npm run bench`: large Get by Event exports side by side (issue 7; docs/performance.md). The
 * simulator runs in this process, which does nothing else while a contender runs; each contender runs
 * in a fresh process, in alternating order (floor, peer, items, file, parallel, floor, ...), several
 * times; the figures are medians. A run whose profile count is not the simulator's is not reported.
 * Without options, the full run (about an hour) writes docs/performance.md's figures and
 * docs/performance.svg; options make a subset, which writes nothing (unless --write):
 *   --sizes N,N        realistic population, 0 ms per request (full run: 100000,300000,1000000)
 *   --slow-sizes N,N   realistic population, 150 ms per request (full run: 100000,300000)
 *   --target-size N    each person did the event on one day, 150 ms, floor, file and parallel
 *                      only (full run: 300000). With any of these three, the others are none.
 *   --reps R           runs of each contender (5; at most 3 at 1M and more)
 *   --contenders a,b   some of floor,peer,items,file,parallel
 *   --cpu-prof DIR     a V8 CPU profile of each contender process (open it in Chrome's DevTools)
 */
import path from 'node:path';
import { parseArgs } from 'node:util';

import { startSimulator, type CleverTapSimulator } from '../simulator';
import { createDataset } from '../simulator/dataset';
import type { ContenderJob, ExportQuery } from './contender-process';
import * as report from './report';
import { runContenderProcess } from './run-contender';

const EVENT = 'App Launched';
const RANGE = { from: 20251201, to: 20251230 };
const SEED = 20240101;
const SERVER_MS = 150; // the simulated server time per request in the slow cases

const args = process.argv.slice(2);
const text = { type: 'string' } as const;
const { values: options } = parseArgs({
	args,
	options: {
		...{ sizes: text, 'slow-sizes': text, 'target-size': text, reps: text },
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
	const targetContenders = chosen.filter((name) => ['floor', 'file', 'parallel'].includes(name));
	return [
		...plan(false, 0, options.sizes, '100000,300000,1000000'),
		...plan(false, SERVER_MS, options['slow-sizes'], '100000,300000'),
		...(chosen.includes('parallel')
			? plan(true, SERVER_MS, options['target-size'], '300000', targetContenders)
			: []),
	];
}

/** The smallest realistic population whose export for the range holds exactly `profiles`. */
function realisticPopulation(profiles: number): number {
	for (let estimate = Math.ceil(profiles / 0.6); ; estimate = Math.ceil(estimate * 1.2)) {
		const users = createDataset(SEED, estimate).exportOrder(EVENT, RANGE.from, RANGE.to);
		// Users are independent of each other: a smaller population is a prefix of this one.
		if (users.length >= profiles) return users[profiles - 1] + 1;
	}
}

const runContender = (job: ContenderJob, simulator: CleverTapSimulator, name: string) =>
	runContenderProcess(job, simulator, name, options['cpu-prof']);

async function main(): Promise<number> {
	const planned = planCases();
	const reps = Number(options.reps ?? 5);
	const run: report.BenchmarkRun = {
		date: new Date().toISOString(),
		machine: report.describeMachine(),
		command: ['npm run bench', ...(args.length ? ['--', ...args] : [])].join(' '),
		reps,
		cases: [],
	};
	// One simulator per population (each person on one day, or realistic), serving its cases in turn.
	const keyOf = (each: report.Case) => `${each.oneDay} ${each.profiles}`;
	for (const key of new Set(planned.map(keyOf))) {
		const cases = planned.filter((each) => keyOf(each) === key);
		const { oneDay, profiles } = cases[0];
		const population = oneDay ? profiles : realisticPopulation(profiles);
		const simulator = await startSimulator({
			...{ seed: SEED, population, cacheRecords: true },
			oneActiveDayIn: oneDay ? RANGE : undefined,
		});
		// The export's user indices, not profilesFor's records: a million of them would weigh GBs.
		const queryOf = (event: string, from: number, to: number): ExportQuery => ({
			...{ event, from, to },
			profiles: simulator.dataset.exportOrder(event, from, to).length,
		});
		const job = {
			url: simulator.url,
			query: queryOf(EVENT, RANGE.from, RANGE.to),
			warmUp: queryOf('Charged', RANGE.from, RANGE.from),
		};
		if (job.query.profiles !== profiles)
			throw new Error(`${population} users give ${job.query.profiles}`);
		console.log(`\nsimulator: ${population} users, ${profiles} profiles in the range`);
		try {
			// One untimed export fills the simulator's record cache, so that no run pays for it.
			await runContender({ ...job, contender: 'floor' }, simulator, 'cache-walk');
			if (!run.peerTrap && cases.some((each) => each.contenders.includes('peer'))) {
				const obvious = { ...job, contender: 'peer-obvious' } as const;
				const trap = await runContender(obvious, simulator, 'peer-obvious');
				const { profiles: got, note = '' } = typeof trap === 'string' ? { note: trap } : trap;
				console.log(`peer, obvious set-up: ${got} of ${profiles} profiles; ${note}`);
				if (got === 0 && /Incorrect Usage/.test(note))
					run.peerTrap = { profiles: got, expected: profiles, note };
				else console.log('NOT the expected trap: docs/performance.md must not say it is');
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
						const figures =
							typeof result === 'string'
								? result
								: `${(result.wallMs / 1000).toFixed(2)} s  RSS +${Math.round(result.rssGrowth / 2 ** 20)} MB  ${result.requests} requests${result.note ? `  (${result.note})` : ''}`;
						console.log(`  rep ${rep} ${contender.padEnd(8)} ${figures}`);
					}
				}
			}
		} finally {
			await simulator.close();
		}
	}
	console.log(`\n${report.figuresBlock(run)}`);
	if (args.length === 0 || options.write) {
		report.writeReport(run, path.resolve(__dirname, '../..'));
		console.log('docs/performance.md and docs/performance.svg written');
	}
	const runs = run.cases.flatMap((each) => Object.values(each.runs).flat());
	return runs.some((each) => typeof each === 'string') ? 1 : 0;
}

// An unhandled rejection prints the error and exits 1.
void main().then((exitCode) => (process.exitCode = exitCode));
