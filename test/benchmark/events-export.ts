/**
 * `npm run bench:events`: Event Get Many side by side with a bare `fetch` loop over the same
 * cursor chain, in one run (issue 18; docs/performance.md, its events section). The simulator
 * runs in this process; each contender in a fresh process (run-contender.ts), alternating, `--reps`
 * times (5: single runs vary by 5%); figures are medians. Printed and written to the page, never asserted.
 *   - 0 ms per request: ours as items ÷ the loop (target at most 1.30);
 *   - 150 ms per request: ours with Parallel Requests 3 into one file ÷ the loop (at most 0.40);
 *   - the file output's memory: its peak RSS growth, beside the items' (flat, as for profiles).
 * Options: --people N (100000) sets the export's size; --reps R; --no-write prints only;
 * --cpu-prof DIR writes a V8 CPU profile of each contender process there. The
 * simulator caches the export's occurrences and records (cacheRecords), filled by untimed walks.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { startSimulator } from '../simulator';
import { createDataset } from '../simulator/dataset';
import type { ContenderJob, Result } from './contender-process';
import { describeMachine, type ContenderName } from './report';
import { runContenderProcess } from './run-contender';

const EVENT = 'App Launched';
const RANGE = { from: 20251201, to: 20251207 }; // 7 days: Parallel Requests 3 gets 3 parts
const SEED = 20240101;
const SLOW_MS = 150;
const MARK = { start: '<!-- events-benchmark:start -->', end: '<!-- events-benchmark:end -->' };

const { values: options } = parseArgs({
	options: {
		people: { type: 'string' },
		reps: { type: 'string' },
		'no-write': { type: 'boolean' },
		'cpu-prof': { type: 'string' },
	},
});

/** A population whose export of the range holds about `people` people (users are independent). */
function populationFor(people: number): number {
	const sample = 20_000;
	const share =
		createDataset(SEED, sample).exportOrder(EVENT, RANGE.from, RANGE.to).length / sample;
	return Math.ceil(people / share);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];

async function main(): Promise<number> {
	const reps = Number(options.reps ?? 5);
	const population = populationFor(Number(options.people ?? 100_000));
	const simulator = await startSimulator({ seed: SEED, population, cacheRecords: true });
	const events = simulator.dataset.eventOrder(EVENT, RANGE.from, RANGE.to);
	const people = new Set(events.map((event) => event.user)).size;
	console.log(`simulator: ${population} users; ${events.length} events of ${people} people`);
	const job = {
		kind: 'events' as const,
		url: simulator.url,
		query: { event: EVENT, ...RANGE, profiles: events.length },
		warmUp: { event: 'Charged', from: RANGE.from, to: RANGE.from, profiles: 0 },
	};
	job.warmUp.profiles = simulator.dataset.eventOrder('Charged', RANGE.from, RANGE.from).length;

	const runs: Record<string, Array<Result | string>> = {};
	const measure = async (label: string, latencyMs: number, contenders: ContenderName[]) => {
		simulator.setLatency(latencyMs);
		for (let rep = 1; rep <= reps; rep++) {
			for (const contender of contenders) {
				const key = `${label} ${contender}`;
				const jobOf: ContenderJob = { ...job, contender };
				const name = `${key} ${rep}`.replaceAll(' ', '-');
				const result = await runContenderProcess(jobOf, simulator, name, options['cpu-prof']);
				(runs[key] ??= []).push(result);
				const shown =
					typeof result === 'string'
						? result
						: `${(result.wallMs / 1000).toFixed(2)} s, RSS +${Math.round(result.rssGrowth / 2 ** 20)} MB`;
				console.log(`  rep ${rep} ${key.padEnd(14)} ${shown}`);
			}
		}
	};
	try {
		// Untimed walks fill the simulator's caches (the range, and its 3 parts), so no run pays for them.
		for (const contender of ['floor', 'parallel'] as const)
			await runContenderProcess({ ...job, contender }, simulator, `cache-walk-${contender}`);
		await measure('0 ms', 0, ['floor', 'items', 'file']);
		await measure(`${SLOW_MS} ms`, SLOW_MS, ['floor', 'parallel']);
	} finally {
		await simulator.close();
	}

	const failed = Object.values(runs)
		.flat()
		.some((run) => typeof run === 'string');
	const ok = (key: string) =>
		(runs[key] ?? []).filter((run): run is Result => typeof run !== 'string');
	const wall = (key: string) => median(ok(key).map((run) => run.wallMs));
	const rssMb = (key: string) => Math.round(median(ok(key).map((run) => run.rssGrowth)) / 2 ** 20);
	const ratio = (ours: string, floor: string) => wall(ours) / wall(floor);
	const fast = ratio('0 ms items', '0 ms floor');
	const slow = ratio(`${SLOW_MS} ms parallel`, `${SLOW_MS} ms floor`);
	const verdict = (met: boolean) => (met ? 'met' : 'not met');
	const table = [
		`Events export: ${events.length} events of ${people} people (${EVENT}, ${RANGE.from}-${RANGE.to}), medians of ${reps} runs, ${new Date().toISOString().slice(0, 10)}, ${describeMachine()}. \`npm run bench:events\`.`,
		'',
		'| case | measure | result | target | |',
		'| --- | --- | --- | --- | --- |',
		`| 0 ms per request | ours (items) ÷ a bare \`fetch\` loop | ${fast.toFixed(2)} (${(wall('0 ms items') / 1000).toFixed(2)} s ÷ ${(wall('0 ms floor') / 1000).toFixed(2)} s) | at most 1.30 | ${verdict(fast <= 1.3)} |`,
		`| ${SLOW_MS} ms per request | ours (Parallel Requests 3, One File) ÷ the loop | ${slow.toFixed(2)} (${(wall(`${SLOW_MS} ms parallel`) / 1000).toFixed(2)} s ÷ ${(wall(`${SLOW_MS} ms floor`) / 1000).toFixed(2)} s) | at most 0.40 | ${verdict(slow <= 0.4)} |`,
		`| One File, 0 ms | peak RSS growth | +${rssMb('0 ms file')} MB (items: +${rssMb('0 ms items')} MB, the loop's array: +${rssMb('0 ms floor')} MB) | flat | |`,
		'',
		'The simulator (in the benchmark process) serves records it built in an untimed walk first.',
		'With Parallel Requests 3 the 7 days go as 7 one-day parts through 3 requests at once: 3 parts',
		'of whole days would leave one part 3 of the days, and the export waiting on it (at best 3/7 of the',
		"loop's time); the extra parts cost a cursor POST each.",
	].join('\n');
	console.log(`\n${table}`);
	if (!options['no-write']) {
		const page = path.resolve(__dirname, '../../docs/performance.md');
		const text = existsSync(page) ? readFileSync(page, 'utf8') : '';
		const section = `${MARK.start}\n## Events export\n\n${table}\n${MARK.end}`;
		const marked = new RegExp(`${MARK.start}[\\s\\S]*?${MARK.end}`);
		writeFileSync(
			page,
			marked.test(text) ? text.replace(marked, () => section) : `${text.trimEnd()}\n\n${section}\n`,
		);
		console.log('docs/performance.md: its events section written');
	}
	return failed ? 1 : 0;
}

void main().then((exitCode) => (process.exitCode = exitCode));
