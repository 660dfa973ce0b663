/**
 * The benchmark's figures: medians per export and contender, ratios, issue 7's targets, the table in
 * README.md's Performance section (between its bench markers) and the chart docs/performance.svg.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { CONTENDERS, type ContenderName } from './contenders';
import type { ContenderResult, PopulationKind } from './messages';

export type MeasuredRun = ContenderResult & {
	requests: number;
	/** The simulator's CPU time while this run was timed (and until its count was asked). */
	simulatorCpuMs: number;
};

export type RunRecord = MeasuredRun | { failed: string };

export interface CaseRuns {
	kind: PopulationKind;
	profiles: number;
	latencyMs: number;
	population: number;
	contenders: ContenderName[];
	runs: Partial<Record<ContenderName, RunRecord[]>>;
}

export interface BenchmarkRun {
	date: string;
	machine: string;
	command: string;
	reps: number;
	repsAt1m?: number;
	cases: CaseRuns[];
	skipped?: Partial<Record<ContenderName, string>>;
	peerTrap?: { profiles: number; expected: number; note: string; confirmed: boolean };
}

interface Figure {
	contender: ContenderName;
	/** Why there is no figure (a failed or incomplete run). */
	missing?: string;
	wallMs: number;
	rssGrowth: number;
	requests: number;
	profilesPerSecond: number;
}

const median = (values: number[]) => {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = sorted.length >> 1;
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

function figureOf(contender: ContenderName, each: CaseRuns): Figure {
	const runs = each.runs[contender] ?? [];
	const failed = runs.find((run): run is { failed: string } => 'failed' in run);
	const done = runs.filter((run): run is MeasuredRun => !('failed' in run));
	const incomplete = done.find((run) => !run.complete);
	const missing = failed
		? `failed: ${failed.failed}`
		: incomplete
			? `incomplete: ${incomplete.profiles} of ${each.profiles} profiles`
			: done.length === 0
				? 'not run'
				: undefined;
	const wallMs = missing ? NaN : median(done.map((run) => run.wallMs));
	return {
		contender,
		missing,
		wallMs,
		rssGrowth: missing ? NaN : median(done.map((run) => run.peakRssGrowth)),
		requests: missing ? NaN : median(done.map((run) => run.requests)),
		profilesPerSecond: each.profiles / (wallMs / 1000),
	};
}

const thousands = (count: number) =>
	count >= 1e6 && count % 1e6 === 0
		? `${count / 1e6}M`
		: count % 1000 === 0
			? `${count / 1000}k`
			: String(count);

export function caseLabel(each: Pick<CaseRuns, 'kind' | 'profiles' | 'latencyMs'>): string {
	const who = each.kind === 'one-day' ? ' (each person on one day)' : '';
	return `${thousands(each.profiles)}${who}, ${each.latencyMs} ms`;
}

const ratio = (value: number, base: number | undefined) =>
	base === undefined || !Number.isFinite(value) || !Number.isFinite(base) || base === 0
		? '–'
		: (value / base).toFixed(2);

export function markdownTable(run: BenchmarkRun): string {
	const lines = [
		'| Export (30 days, ms per request) | Contender | Wall time | Profiles/s | Peak RSS growth | Requests | Time ÷ floor | Time ÷ peer | RSS ÷ floor | RSS ÷ peer |',
		'| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
	];
	for (const each of run.cases) {
		const figures = each.contenders.map((name) => figureOf(name, each));
		const floor = figures.find((figure) => figure.contender === 'floor' && !figure.missing);
		const peer = figures.find((figure) => figure.contender === 'peer' && !figure.missing);
		for (const figure of figures) {
			const name = CONTENDERS[figure.contender].label;
			if (figure.missing) {
				lines.push(`| ${caseLabel(each)} | ${name} | ${figure.missing} | | | | | | | |`);
				continue;
			}
			lines.push(
				`| ${caseLabel(each)} | ${name} | ${(figure.wallMs / 1000).toFixed(2)} s | ${Math.round(figure.profilesPerSecond).toLocaleString('en-US')} | ${Math.round(figure.rssGrowth / 2 ** 20)} MB | ${figure.requests} | ${ratio(figure.wallMs, floor?.wallMs)} | ${ratio(figure.wallMs, peer?.wallMs)} | ${ratio(figure.rssGrowth, floor?.rssGrowth)} | ${ratio(figure.rssGrowth, peer?.rssGrowth)} |`,
			);
		}
	}
	return lines.join('\n');
}

interface Target {
	what: string;
	measured: string;
	met?: boolean;
}

function figureAt(
	run: BenchmarkRun,
	contender: ContenderName,
	kind: PopulationKind,
	profiles: number | 'largest' | 'smallest',
	latency: 'zero' | 'slow',
): Figure | undefined {
	const matching = run.cases.filter(
		(each) => each.kind === kind && (latency === 'zero') === (each.latencyMs === 0),
	);
	const sizes = matching.map((each) => each.profiles);
	const size =
		profiles === 'largest'
			? Math.max(...sizes)
			: profiles === 'smallest'
				? Math.min(...sizes)
				: profiles;
	const each = matching.find((c) => c.profiles === size && c.contenders.includes(contender));
	const figure = each && figureOf(contender, each);
	return figure && !figure.missing ? figure : undefined;
}

/** Issue 7's targets, with what this run measured. */
export function targets(run: BenchmarkRun): Target[] {
	const list: Target[] = [];
	const at = (
		contender: ContenderName,
		kind: PopulationKind,
		profiles: number,
		latency: 'zero' | 'slow',
	) => figureAt(run, contender, kind, profiles, latency);
	const check = (
		what: string,
		value: number | undefined,
		limit: number,
		format = (v: number) => v.toFixed(2),
	) =>
		list.push({
			what,
			measured: value === undefined || !Number.isFinite(value) ? 'not measured' : format(value),
			met: value === undefined || !Number.isFinite(value) ? undefined : value <= limit,
		});

	const items = at('items', 'realistic', 100_000, 'zero');
	const floor = at('floor', 'realistic', 100_000, 'zero');
	const peer = at('peer', 'realistic', 100_000, 'zero');
	check(
		'items, 0 ms, 100k: time ÷ floor ≤ 1.10',
		items && floor && items.wallMs / floor.wallMs,
		1.1,
	);
	check('items, 0 ms, 100k: time ÷ peer ≤ 0.80', items && peer && items.wallMs / peer.wallMs, 0.8);
	check(
		'items, 0 ms, 100k: RSS growth ÷ peer ≤ 0.80',
		items && peer && items.rssGrowth / peer.rssGrowth,
		0.8,
	);

	const fileSmall = at('file', 'realistic', 100_000, 'zero');
	const fileLarge = at('file', 'realistic', 1_000_000, 'zero');
	check(
		'file, 0 ms: RSS growth per added profile from 100k to 1M ≤ 80 bytes',
		fileSmall && fileLarge && (fileLarge.rssGrowth - fileSmall.rssGrowth) / 900_000,
		80,
		(v) => `${v.toFixed(0)} bytes`,
	);
	check(
		'file, 0 ms, 1M: RSS growth < 350 MB',
		fileLarge && fileLarge.rssGrowth / 2 ** 20,
		349.99,
		(v) => `${v.toFixed(0)} MB`,
	);
	check(
		'file, 0 ms: time(1M) ÷ time(100k) ≤ 11',
		fileSmall && fileLarge && fileLarge.wallMs / fileSmall.wallMs,
		11,
	);

	const oneDay = run.cases.find((each) => each.kind === 'one-day');
	if (oneDay) {
		const parallel = at('parallel', 'one-day', oneDay.profiles, 'slow');
		const oneDayFloor = at('floor', 'one-day', oneDay.profiles, 'slow');
		check(
			`parallel 3, ${oneDay.latencyMs} ms, ${thousands(oneDay.profiles)} each on one day: time ÷ floor ≤ 0.40`,
			parallel && oneDayFloor && parallel.wallMs / oneDayFloor.wallMs,
			0.4,
		);
	}
	for (const slow of run.cases.filter((each) => each.kind === 'realistic' && each.latencyMs > 0)) {
		const parallel = at('parallel', 'realistic', slow.profiles, 'slow');
		const slowFloor = at('floor', 'realistic', slow.profiles, 'slow');
		const oneChain = at('file', 'realistic', slow.profiles, 'slow');
		list.push({
			what: `parallel 3, ${slow.latencyMs} ms, ${thousands(slow.profiles)} realistic: time ÷ floor (reported)`,
			measured:
				parallel && slowFloor ? (parallel.wallMs / slowFloor.wallMs).toFixed(2) : 'not measured',
		});
		check(
			`parallel 3, ${slow.latencyMs} ms, ${thousands(slow.profiles)} realistic: never slower than one chain (time ÷ file ≤ 1)`,
			parallel && oneChain && parallel.wallMs / oneChain.wallMs,
			1,
		);
	}
	return list;
}

export function targetList(run: BenchmarkRun): string {
	return targets(run)
		.map(
			({ what, measured, met }) =>
				`- ${what}: **${measured}**${met === undefined ? '' : met ? ' (met)' : ' (missed)'}`,
		)
		.join('\n');
}

/** The console summary: table, targets, what was skipped, the peer's trap. */
export function describeRun(run: BenchmarkRun): string {
	const skipped = Object.entries(run.skipped ?? {}).map(
		([name, why]) => `- skipped ${name}: ${why}`,
	);
	const trap = run.peerTrap
		? [
				`- peer set up the obvious way: ${run.peerTrap.profiles} of ${run.peerTrap.expected} profiles (${run.peerTrap.note})`,
			]
		: [];
	return [
		`${run.machine}; median of ${run.reps} run(s) per figure; ${run.date}`,
		'',
		markdownTable(run),
		'',
		'Targets (issue 7):',
		targetList(run),
		...skipped,
		...trap,
	].join('\n');
}

const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';

/** Replaces README's generated part of the Performance section, and the chart. */
export function writeReport(run: BenchmarkRun, repoRoot: string): void {
	const readmePath = path.join(repoRoot, 'README.md');
	const readme = readFileSync(readmePath, 'utf8');
	const start = readme.indexOf(START);
	const end = readme.indexOf(END);
	if (start === -1 || end < start) throw new Error(`README.md has no ${START} ... ${END} markers`);
	const trap = run.peerTrap
		? `\nThe peer set up the obvious way (the cursor put in the query as it comes) got ${run.peerTrap.profiles} of ${run.peerTrap.expected} profiles, and the workflow still succeeded: ${run.peerTrap.note}.\n`
		: '';
	const generated = [
		START,
		`Measured ${run.date.slice(0, 10)} on ${run.machine} (shared with other work, so single figures are noisy; the ratios come from one alternating run), median of ${run.reps} runs each (${Math.min(run.reps, run.repsAt1m ?? run.reps)} at 1M), with \`${run.command}\`:`,
		'',
		markdownTable(run),
		trap,
		"Issue 7's targets:",
		'',
		targetList(run),
		'',
		'![Wall time and memory growth against the number of profiles](docs/performance.svg)',
		END,
	].join('\n');
	writeFileSync(readmePath, readme.slice(0, start) + generated + readme.slice(end + END.length));
	writeFileSync(path.join(repoRoot, 'docs', 'performance.svg'), chart(run));
}

const SHORT_LABELS: Record<string, string> = {
	floor: 'floor (fetch loop)',
	peer: 'peer (HTTP Request)',
	items: 'ours, items',
	file: 'ours, file',
	parallel: 'ours, file, parallel 3',
};

const COLORS: Record<string, string> = {
	floor: '#7f7f7f',
	peer: '#d62728',
	items: '#1f77b4',
	file: '#2ca02c',
	parallel: '#9467bd',
};

/** Time and memory against N (log scales), realistic population, 0 ms per request. */
export function chart(run: BenchmarkRun): string {
	const cases = run.cases.filter((each) => each.kind === 'realistic' && each.latencyMs === 0);
	const contenders = [...new Set(cases.flatMap((each) => each.contenders))];
	const series = contenders.map((contender) => ({
		contender,
		points: cases
			.map((each) => ({
				profiles: each.profiles,
				figure: each.contenders.includes(contender) ? figureOf(contender, each) : undefined,
			}))
			.filter((point) => point.figure && !point.figure.missing)
			.map(({ profiles, figure }) => ({
				profiles,
				seconds: figure!.wallMs / 1000,
				megabytes: figure!.rssGrowth / 2 ** 20,
			})),
	}));
	const width = 940;
	const height = 400;
	const panel = (
		x0: number,
		title: string,
		value: (p: { seconds: number; megabytes: number }) => number,
		unit: string,
	) => {
		const left = x0 + 60;
		const right = x0 + 430;
		const top = 40;
		const bottom = 330;
		const all = series.flatMap((s) => s.points);
		const xs = all.map((p) => p.profiles);
		const ys = all.map(value).filter((v) => v > 0);
		if (xs.length === 0 || ys.length === 0) return '';
		const [xMin, xMax] = [Math.min(...xs) / 1.25, Math.max(...xs) * 1.25];
		const [yMin, yMax] = [Math.min(...ys) / 1.5, Math.max(...ys) * 1.5];
		const sx = (v: number) =>
			left + ((Math.log(v) - Math.log(xMin)) / (Math.log(xMax) - Math.log(xMin))) * (right - left);
		const sy = (v: number) =>
			bottom -
			((Math.log(v) - Math.log(yMin)) / (Math.log(yMax) - Math.log(yMin))) * (bottom - top);
		const parts = [
			`<text x="${(left + right) / 2}" y="24" text-anchor="middle" font-weight="bold">${title}</text>`,
			`<rect x="${left}" y="${top}" width="${right - left}" height="${bottom - top}" fill="none" stroke="#ccc"/>`,
		];
		for (const tick of niceTicks(yMin, yMax)) {
			parts.push(
				`<line x1="${left}" x2="${right}" y1="${sy(tick).toFixed(1)}" y2="${sy(tick).toFixed(1)}" stroke="#eee"/>`,
				`<text x="${left - 6}" y="${(sy(tick) + 4).toFixed(1)}" text-anchor="end">${tick} ${unit}</text>`,
			);
		}
		for (const profiles of [...new Set(xs)]) {
			parts.push(
				`<text x="${sx(profiles).toFixed(1)}" y="${bottom + 18}" text-anchor="middle">${thousands(profiles)}</text>`,
			);
		}
		parts.push(
			`<text x="${(left + right) / 2}" y="${bottom + 40}" text-anchor="middle">profiles exported (log scale)</text>`,
		);
		for (const { contender, points } of series) {
			if (points.length === 0) continue;
			const color = COLORS[contender] ?? '#000';
			const coordinates = points.map(
				(p) => `${sx(p.profiles).toFixed(1)},${sy(value(p)).toFixed(1)}`,
			);
			parts.push(
				`<polyline points="${coordinates.join(' ')}" fill="none" stroke="${color}" stroke-width="2"/>`,
			);
			for (const c of coordinates) {
				const [cx, cy] = c.split(',');
				parts.push(`<circle cx="${cx}" cy="${cy}" r="3.5" fill="${color}"/>`);
			}
		}
		return parts.join('\n');
	};
	const legend = series
		.map(({ contender }, index) => {
			const x = 70 + index * 175;
			return `<rect x="${x}" y="${height - 22}" width="12" height="12" fill="${COLORS[contender] ?? '#000'}"/><text x="${x + 18}" y="${height - 12}">${escapeXml(SHORT_LABELS[contender] ?? contender)}</text>`;
		})
		.join('\n');
	return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">
<rect width="${width}" height="${height}" fill="#fff"/>
${panel(0, 'Wall time (0 ms per request, median)', (p) => p.seconds, 's')}
${panel(470, 'Peak RSS growth over the baseline (median)', (p) => p.megabytes, 'MB')}
${legend}
</svg>
`;
}

/** 1-2-5 steps within [min, max]. */
function niceTicks(min: number, max: number): number[] {
	const ticks: number[] = [];
	for (let power = Math.floor(Math.log10(min)); power <= Math.ceil(Math.log10(max)); power++) {
		for (const step of [1, 2, 5]) {
			const tick = step * 10 ** power;
			if (tick >= min && tick <= max) ticks.push(Number(tick.toPrecision(3)));
		}
	}
	return ticks;
}

function escapeXml(text: string): string {
	return text
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/'/g, '&apos;');
}
