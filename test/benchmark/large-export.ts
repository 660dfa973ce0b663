/**
 * `npm run bench`: large Get by Event exports, side by side (issue 7). The simulator runs in a process
 * of its own; each contender runs in a fresh process, in alternating order (floor, peer, items, file,
 * parallel, floor, peer, ...), several times; the figures are medians. A run whose profile count is
 * not exactly the simulator's is not reported.
 *
 *   npm run bench                                   the full run; writes README's Performance section
 *                                                   and docs/performance.svg
 *   npm run bench -- --sizes 20000 --reps 1 --contenders floor,items    a quick subset (writes nothing)
 *
 * Options: --sizes N,N (realistic population, 0 ms), --slow-sizes N,N (also at --latency ms),
 * --latency MS (150), --target-size N (the one-active-day population at --latency, for parallel
 * requests; 0 = none), --reps R (5), --reps-at-1m R (3, for exports of 1M and more), --contenders a,b (floor,peer,items,file,parallel),
 * --in-memory-max N (largest export for floor, peer and items; they hold every profile),
 * --heap-mb MB (the contenders' V8 old-space limit, 16384), --write (update README and the chart even for a partial run), --report FILE (only rewrite README
 * and the chart from a saved run), --cpu-prof DIR (a V8 CPU profile of every contender process, to
 * read with cpu-profile-summary.ts).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';

import { runMain } from '../support/run-main';
import { CONTENDER_NAMES, CONTENDERS, type ContenderName, type ExportQuery } from './contenders';
import type {
	ContenderJob,
	ContenderMessage,
	PopulationKind,
	SimulatorJob,
	SimulatorMessage,
	SimulatorRequest,
} from './messages';
import {
	describeRun,
	writeReport,
	type BenchmarkRun,
	type CaseRuns,
	type MeasuredRun,
} from './report';

const REPO_ROOT = path.resolve(__dirname, '../..');
const EVENT = 'App Launched';
/** 30 days. */
const RANGE = { from: 20251201, to: 20251230 };
const RUN_TIMEOUT_MS = 30 * 60_000;

function listOption(name: string, fallback: string): string[] {
	const index = process.argv.indexOf(`--${name}`);
	const value = index === -1 ? fallback : (process.argv[index + 1] ?? '');
	return value
		.split(',')
		.map((part) => part.trim())
		.filter((part) => part !== '' && part !== 'none');
}

function numbersOption(name: string, fallback: string): number[] {
	return listOption(name, fallback).map((part) => {
		const number = Number(part.replace(/_/g, ''));
		if (!Number.isInteger(number) || number < 0)
			throw new Error(`--${name}: "${part}" is not a count`);
		return number;
	});
}

const DEFAULTS = {
	sizes: '100000,300000,1000000',
	'slow-sizes': '100000,300000',
	latency: '150',
	'target-size': '300000',
	reps: '5',
	/** Exports of a million profiles take a minute each: fewer runs of those. */
	'reps-at-1m': '3',
	contenders: CONTENDER_NAMES.join(','),
	'in-memory-max': '1000000',
	/** V8's old-space limit for the contenders: room for a million profiles held as items. */
	'heap-mb': '16384',
};

export interface Case {
	kind: PopulationKind;
	profiles: number;
	latencyMs: number;
	contenders: ContenderName[];
}

function planCases(): Case[] {
	const chosen = listOption('contenders', DEFAULTS.contenders) as ContenderName[];
	for (const name of chosen) {
		if (!CONTENDER_NAMES.includes(name as (typeof CONTENDER_NAMES)[number]))
			throw new Error(`--contenders: unknown "${name}" (known: ${CONTENDER_NAMES.join(', ')})`);
	}
	const [latency] = numbersOption('latency', DEFAULTS.latency);
	const [inMemoryMax] = numbersOption('in-memory-max', DEFAULTS['in-memory-max']);
	const inMemory = new Set<ContenderName>(['floor', 'peer', 'items']);
	const fitting = (profiles: number) =>
		chosen.filter((name) => profiles <= inMemoryMax || !inMemory.has(name));
	const cases: Case[] = [];
	for (const profiles of numbersOption('sizes', DEFAULTS.sizes))
		cases.push({ kind: 'realistic', profiles, latencyMs: 0, contenders: fitting(profiles) });
	for (const profiles of numbersOption('slow-sizes', DEFAULTS['slow-sizes']))
		cases.push({ kind: 'realistic', profiles, latencyMs: latency, contenders: fitting(profiles) });
	const [target] = numbersOption('target-size', DEFAULTS['target-size']);
	const targetContenders = chosen.filter((name) => ['floor', 'file', 'parallel'].includes(name));
	if (target && chosen.includes('parallel'))
		cases.push({
			kind: 'one-day',
			profiles: target,
			latencyMs: latency,
			contenders: targetContenders,
		});
	return cases;
}

/** A TypeScript file of this folder in a child process, with an IPC channel. */
function forkScript(file: string, argument: unknown, execArgv: string[] = []): ChildProcess {
	return fork(path.join(__dirname, file), [JSON.stringify(argument)], {
		cwd: REPO_ROOT,
		execArgv: ['--import', 'tsx', ...execArgv],
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
	});
}

function nextMessage<T>(child: ChildProcess, timeoutMs = RUN_TIMEOUT_MS): Promise<T> {
	return new Promise((resolve, reject) => {
		const onMessage = (message: T) => {
			cleanUp();
			resolve(message);
		};
		const onExit = (code: number | null, signal: string | null) => {
			cleanUp();
			reject(new Error(`the process ended (${signal ?? `exit code ${code}`}) without answering`));
		};
		const timer = setTimeout(() => {
			cleanUp();
			child.kill('SIGKILL');
			reject(new Error(`no answer within ${timeoutMs / 60_000} minutes`));
		}, timeoutMs);
		const cleanUp = () => {
			clearTimeout(timer);
			child.off('message', onMessage);
			child.off('exit', onExit);
		};
		child.on('message', onMessage);
		child.once('exit', onExit);
	});
}

interface SimulatorProcess {
	url: string;
	population: number;
	query: ExportQuery;
	warmUp: ExportQuery;
	ask(request: SimulatorRequest): Promise<{ requests?: number; cpuMs?: number }>;
	stop(): void;
}

async function startSimulatorProcess(job: SimulatorJob): Promise<SimulatorProcess> {
	const child = forkScript('simulator-process.ts', job, ['--max-old-space-size=8192']);
	const ready = await nextMessage<SimulatorMessage>(child);
	if (ready.type !== 'ready') throw new Error('the simulator process did not start');
	return {
		...ready,
		ask: async (request) => {
			child.send(request);
			return await nextMessage<SimulatorMessage & { type: 'done' }>(child, 60_000);
		},
		stop: () => {
			child.disconnect();
		},
	};
}

async function runContender(
	contender: ContenderName,
	simulator: SimulatorProcess,
	warmUp: boolean,
): Promise<MeasuredRun> {
	const job: ContenderJob = {
		contender,
		url: simulator.url,
		query: simulator.query,
		warmUp: warmUp ? simulator.warmUp : undefined,
	};
	const profileIndex = process.argv.indexOf('--cpu-prof');
	if (profileIndex !== -1) job.cpuProfileDir = path.resolve(process.argv[profileIndex + 1]);
	const child = forkScript('contender-process.ts', job, [
		'--expose-gc',
		`--max-old-space-size=${numbersOption('heap-mb', DEFAULTS['heap-mb'])[0]}`,
	]);
	try {
		const ready = await nextMessage<ContenderMessage>(child);
		if (ready.type === 'failed') throw new Error(ready.message);
		await simulator.ask({ type: 'countRequests' }); // the warm-up's requests do not count
		child.send('go');
		const answer = await nextMessage<ContenderMessage>(child);
		if (answer.type === 'failed') throw new Error(answer.message);
		if (answer.type !== 'result') throw new Error(`unexpected message ${answer.type}`);
		const { requests = 0, cpuMs = 0 } = await simulator.ask({ type: 'countRequests' });
		return { ...answer.result, requests, simulatorCpuMs: cpuMs };
	} finally {
		// It exits by itself once it has answered (writing its CPU profile first, if asked to).
		if (child.exitCode === null && child.signalCode === null) {
			const exited = new Promise((resolve) => child.once('exit', resolve));
			const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
			await exited;
			clearTimeout(timer);
		}
	}
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const megabytes = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

/** The obvious HTTP Request set-up: does CleverTap's double-encoded cursor really give 0 profiles? */
async function checkPeerTrap(simulator: SimulatorProcess): Promise<BenchmarkRun['peerTrap']> {
	const result = await runContender('peer-obvious', simulator, false);
	const confirmed = result.profiles === 0 && /Incorrect Usage/.test(result.note ?? '');
	console.log(
		`peer, obvious set-up: ${result.profiles} of ${simulator.query.profiles} profiles; ${result.note ?? ''}` +
			(confirmed ? ' -> trap confirmed' : ' -> NOT the expected trap'),
	);
	return {
		profiles: result.profiles,
		expected: simulator.query.profiles,
		note: result.note ?? '',
		confirmed,
	};
}

async function measure(cases: Case[], reps: number, repsAt1m: number): Promise<BenchmarkRun> {
	const run: BenchmarkRun = {
		date: new Date().toISOString(),
		machine: `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}`,
		command: [
			'npm run bench',
			...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : []),
		].join(' '),
		reps,
		repsAt1m,
		cases: [],
	};
	const skipped = new Map<ContenderName, string>();
	for (const name of new Set(cases.flatMap((each) => each.contenders))) {
		const reason = await CONTENDERS[name].unavailable?.();
		if (reason) {
			skipped.set(name, reason);
			console.log(`SKIPPED ${name}: ${reason}`);
		}
	}
	run.skipped = Object.fromEntries(skipped);

	// One simulator process per population, serving each of its cases in turn.
	const populations = [...new Set(cases.map((each) => `${each.kind}:${each.profiles}`))];
	for (const population of populations) {
		const [kind, profiles] = population.split(':') as [PopulationKind, string];
		const started = Date.now();
		const simulator = await startSimulatorProcess({
			kind,
			profiles: Number(profiles),
			event: EVENT,
			...RANGE,
		});
		console.log(
			`\nsimulator: ${kind} population of ${simulator.population} users; ${EVENT} ${RANGE.from}..${RANGE.to} -> ${simulator.query.profiles} profiles (ready in ${seconds(Date.now() - started)})`,
		);
		try {
			if (
				!run.peerTrap &&
				cases.some((each) => each.contenders.includes('peer')) &&
				!skipped.has('peer')
			)
				run.peerTrap = await checkPeerTrap(simulator);
			for (const each of cases.filter((c) => `${c.kind}:${c.profiles}` === population)) {
				await simulator.ask({ type: 'setLatency', latencyMs: each.latencyMs });
				const contenders = each.contenders.filter((name) => !skipped.has(name));
				const caseRuns: CaseRuns = {
					...each,
					contenders,
					population: simulator.population,
					runs: {},
				};
				run.cases.push(caseRuns);
				console.log(`${kind} ${each.profiles} profiles, ${each.latencyMs} ms per request:`);
				const caseReps = each.profiles >= 1_000_000 ? Math.min(reps, repsAt1m) : reps;
				for (let rep = 1; rep <= caseReps; rep++) {
					for (const contender of contenders) {
						const runs = (caseRuns.runs[contender] ??= []);
						try {
							const result = await runContender(contender, simulator, true);
							runs.push(result);
							console.log(
								`  rep ${rep} ${contender.padEnd(8)} ${seconds(result.wallMs).padStart(9)}  RSS +${megabytes(result.peakRssGrowth).padStart(7)} (heap +${megabytes(result.heapGrowth)}, external +${megabytes(result.externalGrowth)})  ${result.requests} requests  ${result.profiles} profiles  simulator CPU ${seconds(result.simulatorCpuMs)}${result.complete ? '' : ' INCOMPLETE'}${result.note ? `  (${result.note})` : ''}`,
							);
						} catch (error) {
							const message = error instanceof Error ? error.message : String(error);
							runs.push({ failed: message });
							console.log(`  rep ${rep} ${contender.padEnd(8)} FAILED: ${message}`);
						}
					}
				}
			}
		} finally {
			simulator.stop();
		}
	}
	return run;
}

async function main(): Promise<number> {
	const reportIndex = process.argv.indexOf('--report');
	if (reportIndex !== -1) {
		const run = JSON.parse(readFileSync(process.argv[reportIndex + 1], 'utf8')) as BenchmarkRun;
		console.log(describeRun(run));
		writeReport(run, REPO_ROOT);
		return 0;
	}
	const cases = planCases();
	const [reps] = numbersOption('reps', DEFAULTS.reps);
	const [repsAt1m] = numbersOption('reps-at-1m', DEFAULTS['reps-at-1m']);
	const run = await measure(cases, reps, repsAt1m);
	const saved = path.join(tmpdir(), `n8n-nodes-clevertap-bench-${Date.now()}.json`);
	writeFileSync(saved, JSON.stringify(run, null, '\t'));
	console.log(`\n${describeRun(run)}\nall runs saved in ${saved}`);

	const full =
		Object.keys(run.skipped ?? {}).length === 0 &&
		DEFAULTS.contenders
			.split(',')
			.every((name) => cases.some((each) => each.contenders.includes(name as ContenderName))) &&
		!process.argv.some((arg) => ['--sizes', '--contenders', '--reps'].includes(arg));
	if (full || process.argv.includes('--write')) {
		writeReport(run, REPO_ROOT);
		console.log('README.md (Performance) and docs/performance.svg updated');
	} else {
		console.log(
			'a partial run: README.md and docs/performance.svg left as they were (--write to update)',
		);
	}
	const failures = run.cases
		.flatMap((each) => Object.values(each.runs).flat())
		.filter((r) => 'failed' in r || !r.complete);
	return failures.length === 0 ? 0 : 1;
}

runMain(main);
