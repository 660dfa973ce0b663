/**
 * The benchmark's figures: medians, ratios, issue 7's targets, the block between README's bench
 * markers (Performance section) and the chart docs/performance.svg.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Each contender's label in the table, in the chart's legend, and its colour there. */
export const CONTENDERS = {
	floor: ['floor (bare fetch loop)', 'floor (fetch loop)', '#7f7f7f'],
	peer: ["peer (n8n's HTTP Request + Split Out)", 'peer (HTTP Request)', '#d62728'],
	items: ['ours, items', 'ours, items', '#1f77b4'],
	file: ['ours, file (JSON Lines)', 'ours, file', '#2ca02c'],
	parallel: ['ours, file, 3 parallel requests', 'ours, file, parallel 3', '#9467bd'],
};
export type ContenderName = keyof typeof CONTENDERS;

/** rssGrowth: the peak RSS during the export over the RSS just before it. */
export type Measured = { wallMs: number; rssGrowth: number; requests: number };

export interface Case {
	/** Each person did the event on one day of the range (else the realistic population). */
	oneDay: boolean;
	profiles: number;
	latencyMs: number;
	contenders: ContenderName[];
	/** A string says why a run has no figures (it failed, or its count was not the simulator's). */
	runs: Partial<Record<ContenderName, Array<Measured | string>>>;
}

export interface BenchmarkRun {
	date: string;
	machine: string;
	command: string;
	reps: number;
	cases: Case[];
	peerTrap?: { profiles: number; expected: number; note: string };
}

/** Exports of a million profiles take a minute each: fewer runs of those. */
export const REPS_AT_1M = 3;

const median = (values: number[]) => {
	const sorted = values.sort((a, b) => a - b);
	const middle = sorted.length >> 1;
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

function figureOf(each: Case, name: ContenderName): Measured | string {
	const runs = each.contenders.includes(name) ? (each.runs[name] ?? []) : [];
	const why = runs.find((run) => typeof run === 'string') ?? (runs.length ? undefined : 'not run');
	if (why !== undefined) return why;
	const of = (key: keyof Measured) => median(runs.map((run) => (run as Measured)[key]));
	return { wallMs: of('wallMs'), rssGrowth: of('rssGrowth'), requests: of('requests') };
}

const thousands = (count: number) =>
	count >= 1e6 && count % 1e6 === 0
		? `${count / 1e6}M`
		: count % 1000 === 0
			? `${count / 1000}k`
			: String(count);

export const caseLabel = (each: Case) =>
	`${thousands(each.profiles)}${each.oneDay ? ' (each person on one day)' : ''}, ${each.latencyMs} ms`;

function markdownTable(run: BenchmarkRun): string[] {
	const lines = [
		'| Export (30 days, ms per request) | Contender | Wall time | Profiles/s | Peak RSS growth | Requests | Time ÷ floor | Time ÷ peer | RSS ÷ floor | RSS ÷ peer |',
		'| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
	];
	for (const each of run.cases) {
		const bases = [figureOf(each, 'floor'), figureOf(each, 'peer')];
		for (const name of each.contenders) {
			const figure = figureOf(each, name);
			const start = `| ${caseLabel(each)} | ${CONTENDERS[name][0]} |`;
			if (typeof figure === 'string') {
				lines.push(`${start} ${figure} | | | | | | | |`);
				continue;
			}
			const ratios = (['wallMs', 'rssGrowth'] as const).flatMap((key) =>
				bases.map((base) =>
					typeof base === 'object' ? (figure[key] / base[key]).toFixed(2) : '–',
				),
			);
			const cells = [
				`${(figure.wallMs / 1000).toFixed(2)} s`,
				Math.round(each.profiles / (figure.wallMs / 1000)).toLocaleString('en-US'),
				`${Math.round(figure.rssGrowth / 2 ** 20)} MB`,
				figure.requests,
				...ratios,
			];
			lines.push(`${start} ${cells.join(' | ')} |`);
		}
	}
	return lines;
}

/** Issue 7's targets, with what this run measured. */
function targetList(run: BenchmarkRun): string[] {
	const at = (name: ContenderName, profiles: number, slow: boolean, oneDay = false) => {
		const each = run.cases.find(
			(c) => c.oneDay === oneDay && c.profiles === profiles && c.latencyMs > 0 === slow,
		);
		const figure = each && figureOf(each, name);
		return typeof figure === 'object' ? figure : undefined;
	};
	const divide = (a?: Measured, b?: Measured, key: keyof Measured = 'wallMs') =>
		a && b ? a[key] / b[key] : undefined;
	const lines: string[] = [];
	/** With a unit, a whole number of it; without, a ratio. */
	const check = (what: string, value?: number, limit?: number, unit?: string) => {
		const known = value !== undefined && Number.isFinite(value);
		const shown = unit ? `${value?.toFixed(0)} ${unit}` : value?.toFixed(2);
		const verdict = !known || limit === undefined ? '' : value <= limit ? ' (met)' : ' (missed)';
		lines.push(`- ${what}: **${known ? shown : 'not measured'}**${verdict}`);
	};

	const [items, floor, peer] = (['items', 'floor', 'peer'] as const).map((n) => at(n, 1e5, false));
	check('items, 0 ms, 100k: time ÷ floor ≤ 1.10', divide(items, floor), 1.1);
	check('items, 0 ms, 100k: time ÷ peer ≤ 0.80', divide(items, peer), 0.8);
	check('items, 0 ms, 100k: RSS growth ÷ peer ≤ 0.80', divide(items, peer, 'rssGrowth'), 0.8);
	const [small, large] = [at('file', 1e5, false), at('file', 1e6, false)];
	const perProfile = small && large && (large.rssGrowth - small.rssGrowth) / 900_000;
	const what = 'file, 0 ms: RSS growth per added profile from 100k to 1M ≤ 80 bytes';
	check(what, perProfile, 80, 'bytes');
	const megabytes = large && large.rssGrowth / 2 ** 20;
	check('file, 0 ms, 1M: RSS growth < 350 MB', megabytes, 349.99, 'MB');
	check('file, 0 ms: time(1M) ÷ time(100k) ≤ 11', divide(large, small), 11);
	const oneDay = run.cases.find((each) => each.oneDay);
	if (oneDay) {
		const { profiles, latencyMs } = oneDay;
		check(
			`parallel 3, ${latencyMs} ms, ${thousands(profiles)} each on one day: time ÷ floor ≤ 0.40`,
			divide(at('parallel', profiles, true, true), at('floor', profiles, true, true)),
			0.4,
		);
	}
	for (const { profiles, latencyMs, oneDay } of run.cases.filter((c) => c.latencyMs > 0)) {
		if (oneDay) continue;
		const parallel = at('parallel', profiles, true);
		const what = `parallel 3, ${latencyMs} ms, ${thousands(profiles)} realistic`;
		check(`${what}: time ÷ floor (reported)`, divide(parallel, at('floor', profiles, true)));
		const oneChain = at('file', profiles, true);
		check(`${what}: never slower than one chain (time ÷ file ≤ 1)`, divide(parallel, oneChain), 1);
	}
	return lines;
}

const [START, END] = ['<!-- bench:start -->', '<!-- bench:end -->'];

/** README's generated block: table, the peer's trap, the targets, the chart. */
export function readmeBlock(run: BenchmarkRun): string {
	const { peerTrap: trap, reps } = run;
	return [
		START,
		`Measured ${run.date.slice(0, 10)} on ${run.machine} (shared with other work, so single figures are noisy; the ratios come from one alternating run), median of ${reps} runs each (${Math.min(reps, REPS_AT_1M)} at 1M), with \`${run.command}\`:`,
		'',
		...markdownTable(run),
		trap
			? `\nThe peer set up the obvious way (the cursor put in the query as it comes) got ${trap.profiles} of ${trap.expected} profiles, and the workflow still succeeded: ${trap.note}.\n`
			: '',
		"Issue 7's targets:",
		'',
		...targetList(run),
		'',
		'![Wall time and memory growth against the number of profiles](docs/performance.svg)',
		END,
	].join('\n');
}

export function writeReport(run: BenchmarkRun, repoRoot: string): void {
	const readmePath = path.join(repoRoot, 'README.md');
	const readme = readFileSync(readmePath, 'utf8');
	const [start, end] = [readme.indexOf(START), readme.indexOf(END)];
	if (start === -1 || end < start) throw new Error(`README.md has no ${START} ... ${END} markers`);
	const rest = readme.slice(end + END.length);
	writeFileSync(readmePath, readme.slice(0, start) + readmeBlock(run) + rest);
	writeFileSync(path.join(repoRoot, 'docs', 'performance.svg'), chart(run));
}

/** Time and memory against N (log scales), realistic population, 0 ms per request. */
function chart(run: BenchmarkRun): string {
	const cases = run.cases.filter((each) => !each.oneDay && each.latencyMs === 0);
	const series = [...new Set(cases.flatMap((each) => each.contenders))].map((name) => ({
		name,
		points: cases.flatMap((each) => {
			const figure = figureOf(each, name);
			if (typeof figure === 'string') return [];
			return [{ profiles: each.profiles, s: figure.wallMs / 1000, MB: figure.rssGrowth / 2 ** 20 }];
		}),
	}));
	const panel = (x0: number, title: string, unit: 's' | 'MB') => {
		const [left, right, top, bottom] = [x0 + 60, x0 + 430, 40, 330];
		const xs = series.flatMap((s) => s.points.map((p) => p.profiles));
		const ys = series.flatMap((s) => s.points.map((p) => p[unit])).filter((v) => v > 0);
		if (xs.length === 0 || ys.length === 0) return '';
		const scale = (min: number, max: number, from: number, to: number) => (v: number) =>
			from + ((Math.log(v) - Math.log(min)) / (Math.log(max) - Math.log(min))) * (to - from);
		const sx = scale(Math.min(...xs) / 1.25, Math.max(...xs) * 1.25, left, right);
		const [yMin, yMax] = [Math.min(...ys) / 1.5, Math.max(...ys) * 1.5];
		const sy = scale(yMin, yMax, bottom, top);
		const parts = [
			`<text x="${(left + right) / 2}" y="24" text-anchor="middle" font-weight="bold">${title}</text>`,
			`<rect x="${left}" y="${top}" width="${right - left}" height="${bottom - top}" fill="none" stroke="#ccc"/>`,
		];
		for (const tick of niceTicks(yMin, yMax)) {
			const y = sy(tick).toFixed(1);
			parts.push(
				`<line x1="${left}" x2="${right}" y1="${y}" y2="${y}" stroke="#eee"/>`,
				`<text x="${left - 6}" y="${(sy(tick) + 4).toFixed(1)}" text-anchor="end">${tick} ${unit}</text>`,
			);
		}
		for (const profiles of new Set(xs)) {
			const x = sx(profiles).toFixed(1);
			parts.push(
				`<text x="${x}" y="${bottom + 18}" text-anchor="middle">${thousands(profiles)}</text>`,
			);
		}
		parts.push(
			`<text x="${(left + right) / 2}" y="${bottom + 40}" text-anchor="middle">profiles exported (log scale)</text>`,
		);
		for (const { name, points } of series.filter((s) => s.points.length)) {
			const color = CONTENDERS[name][2];
			const xy = points.map((p) => [sx(p.profiles).toFixed(1), sy(p[unit]).toFixed(1)]);
			parts.push(
				`<polyline points="${xy.map((c) => c.join(',')).join(' ')}" fill="none" stroke="${color}" stroke-width="2"/>`,
				...xy.map(([cx, cy]) => `<circle cx="${cx}" cy="${cy}" r="3.5" fill="${color}"/>`),
			);
		}
		return parts.join('\n');
	};
	const legend = series.map(({ name }, index) => {
		const [, label, color] = CONTENDERS[name];
		const x = 70 + index * 175;
		return `<rect x="${x}" y="378" width="12" height="12" fill="${color}"/><text x="${x + 18}" y="388">${label}</text>`;
	});
	return `<svg xmlns="http://www.w3.org/2000/svg" width="940" height="400" viewBox="0 0 940 400" font-family="sans-serif" font-size="12">
<rect width="940" height="400" fill="#fff"/>
${panel(0, 'Wall time (0 ms per request, median)', 's')}
${panel(470, 'Peak RSS growth over the baseline (median)', 'MB')}
${legend.join('\n')}
</svg>
`;
}

/** 1-2-5 steps within [min, max]. */
function niceTicks(min: number, max: number): number[] {
	const ticks: number[] = [];
	for (let power = Math.floor(Math.log10(min)); power <= Math.ceil(Math.log10(max)); power++)
		ticks.push(...[1, 2, 5].map((step) => step * 10 ** power).filter((t) => t >= min && t <= max));
	return ticks.map((tick) => Number(tick.toPrecision(3)));
}
