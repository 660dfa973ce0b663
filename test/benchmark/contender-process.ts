/**
 * One contender's run, in a fresh process of its own (started by large-export.ts):
 *   load what it needs and do a small warm-up export (not timed; n8n's first run loads modules
 *   lazily) -> "ready" -> wait for "go" (meanwhile the simulator's request count is reset) ->
 *   baseline: RSS after a full GC, and the kernel's peak-RSS mark reset -> the export, timed ->
 *   the peak RSS since the baseline -> the profile count checked against the simulator's.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';

import { CONTENDERS } from './contenders';
import type { ContenderJob, ContenderMessage, ContenderResult } from './messages';

const job = JSON.parse(process.argv[2]) as ContenderJob;

function send(message: ContenderMessage): Promise<void> {
	return new Promise((resolve) => process.send!(message, () => resolve()));
}

function waitForGo(): Promise<void> {
	return new Promise((resolve) => process.once('message', () => resolve()));
}

/** The kernel's high-water mark of this process's RSS (Linux), in bytes. */
function peakRss(): number | undefined {
	try {
		const kilobytes = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
		return kilobytes === undefined ? undefined : Number(kilobytes) * 1024;
	} catch {
		return undefined;
	}
}

/** Restarts the high-water mark from the current RSS (Linux: "5" to clear_refs). */
function resetPeakRss(): boolean {
	try {
		writeFileSync('/proc/self/clear_refs', '5');
		return true;
	} catch {
		return false;
	}
}

function fullGc(): void {
	if (!global.gc) throw new Error('start with --expose-gc');
	global.gc();
	global.gc();
}

/** Profiles the timed export only (not the loading and the warm-up), as `--cpu-prof` would. */
async function startCpuProfile(): Promise<(file: string) => Promise<void>> {
	const session = new Session();
	session.connect();
	await session.post('Profiler.enable');
	await session.post('Profiler.start');
	return async (file) => {
		const { profile } = await session.post('Profiler.stop');
		mkdirSync(path.dirname(file), { recursive: true });
		writeFileSync(file, JSON.stringify(profile));
		session.disconnect();
	};
}

async function main(): Promise<void> {
	const contender = CONTENDERS[job.contender];
	const runExport = await contender.prepare(job.url);
	if (job.warmUp) {
		const warmUp = await runExport(job.warmUp);
		if (warmUp.profiles !== job.warmUp.profiles) {
			throw new Error(`warm-up export: ${warmUp.profiles} of ${job.warmUp.profiles} profiles`);
		}
	}
	await send({ type: 'ready' });
	await waitForGo();

	fullGc();
	const baseline = process.memoryUsage();
	const baselineRss = baseline.rss;
	const kernelPeak = resetPeakRss();
	// Sampled, for the breakdown of the peak (and for the peak itself where the kernel's mark cannot
	// be reset); a sample misses peaks shorter than its interval.
	let sampledPeak = baselineRss;
	let heapPeak = baseline.heapTotal;
	let externalPeak = baseline.external;
	const sampler = setInterval(() => {
		const now = process.memoryUsage();
		sampledPeak = Math.max(sampledPeak, now.rss);
		heapPeak = Math.max(heapPeak, now.heapTotal);
		externalPeak = Math.max(externalPeak, now.external);
	}, 50);

	const profiler = job.cpuProfileDir ? await startCpuProfile() : undefined;
	const started = process.hrtime.bigint();
	const outcome = await runExport(job.query);
	const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
	clearInterval(sampler);
	const peak = (kernelPeak && peakRss()) || Math.max(sampledPeak, process.memoryUsage.rss());
	await profiler?.(path.join(job.cpuProfileDir!, `${job.contender}-${process.pid}.cpuprofile`));

	const result: ContenderResult = {
		wallMs,
		baselineRss,
		peakRssGrowth: peak - baselineRss,
		heapGrowth: heapPeak - baseline.heapTotal,
		externalGrowth: externalPeak - baseline.external,
		profiles: outcome.profiles,
		complete: outcome.profiles === job.query.profiles,
		note: outcome.note,
	};
	await send({ type: 'result', result });
}

main().then(
	() => process.exit(0),
	async (error: unknown) => {
		await send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
		process.exit(1);
	},
);
