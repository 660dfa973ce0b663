/** The benchmark's figures: docs/performance.md's block between the bench markers, and the chart. */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import path from 'node:path';

/** The machine a run was measured on, as every figures block names it. */
export function describeMachine(): string {
	return `${cpus().length} × ${cpus()[0].model}, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}`;
}

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
type Measured = { wallMs: number; rssGrowth: number; requests: number };

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

/** The medians of a contender's runs in a case, or why there are none. */
function figureOf(each: Case, name: ContenderName): Measured | string {
	const runs = each.runs[name] ?? [];
	const why = runs.find((run) => typeof run === 'string') ?? (runs.length ? undefined : 'not run');
	if (why !== undefined) return why;
	const of = (key: keyof Measured) => median(runs.map((run) => (run as Measured)[key]));
	return { wallMs: of('wallMs'), rssGrowth: of('rssGrowth'), requests: of('requests') };
}

const thousands = (count: number) => `${count}`.replace(/000000$/, 'M').replace(/000$/, 'k');

export const caseLabel = (each: Case) =>
	`${thousands(each.profiles)}${each.oneDay ? ' (each person on one day)' : ''}, ${each.latencyMs} ms`;

function markdownTable(run: BenchmarkRun): string[] {
	const rows = run.cases.flatMap((each) => {
		const bases = [figureOf(each, 'floor'), figureOf(each, 'peer')];
		return each.contenders.map((name) => {
			const figure = figureOf(each, name);
			const start = `| ${caseLabel(each)} | ${CONTENDERS[name][0]} |`;
			if (typeof figure === 'string') return `${start} ${figure} | | | | | | | |`;
			const ratio = (key: keyof Measured) => (base: Measured | string) =>
				typeof base === 'object' ? (figure[key] / base[key]).toFixed(2) : '–';
			const cells = [
				`${(figure.wallMs / 1000).toFixed(2)} s`,
				Math.round(each.profiles / (figure.wallMs / 1000)).toLocaleString('en-US'),
				`${Math.round(figure.rssGrowth / 2 ** 20)} MB`,
				figure.requests,
				...bases.map(ratio('wallMs')),
				...bases.map(ratio('rssGrowth')),
			];
			return `${start} ${cells.join(' | ')} |`;
		});
	});
	return [
		'| Export (30 days, ms per request) | Contender | Wall time | Profiles/s | Peak RSS growth | Requests | Time ÷ floor | Time ÷ peer | RSS ÷ floor | RSS ÷ peer |',
		'| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
		...rows,
	];
}

/** The speed and memory targets, with what this run measured. */
function targetList(run: BenchmarkRun): string[] {
	const measured = (name: ContenderName, each?: Case) => {
		const figure = each && figureOf(each, name);
		return typeof figure === 'object' ? figure : undefined;
	};
	const divide = (a?: Measured, b?: Measured, key: keyof Measured = 'wallMs') =>
		a && b ? a[key] / b[key] : undefined;
	/** With a unit, a whole number of it; without, a ratio. */
	const check = (what: string, value?: number, limit?: number, unit?: string) => {
		const known = value !== undefined && Number.isFinite(value);
		const shown = unit ? `${value?.toFixed(0)} ${unit}` : value?.toFixed(2);
		const verdict = !known || limit === undefined ? '' : value <= limit ? ' (met)' : ' (missed)';
		return `- ${what}: **${known ? shown : 'not measured'}**${verdict}`;
	};
	const [at100k, at1M] = [1e5, 1e6].map((profiles) =>
		run.cases.find((c) => !c.oneDay && c.profiles === profiles && c.latencyMs === 0),
	);
	const [items, floor, peer] = (['items', 'floor', 'peer'] as const).map((name) =>
		measured(name, at100k),
	);
	const [small, large] = [measured('file', at100k), measured('file', at1M)];
	// The one-day target first, then each realistic population at the server time.
	const slow = run.cases.filter((c) => c.latencyMs > 0).sort((a, b) => +b.oneDay - +a.oneDay);
	return [
		check('items, 0 ms, 100k: time ÷ floor ≤ 1.10', divide(items, floor), 1.1),
		check('items, 0 ms, 100k: time ÷ peer ≤ 0.80', divide(items, peer), 0.8),
		check('items, 0 ms, 100k: RSS growth ÷ peer ≤ 0.80', divide(items, peer, 'rssGrowth'), 0.8),
		check(
			'file, 0 ms: RSS growth per added profile from 100k to 1M ≤ 80 bytes',
			small && large && (large.rssGrowth - small.rssGrowth) / 900_000,
			80,
			'bytes',
		),
		check('file, 0 ms, 1M: RSS growth < 350 MB', large && large.rssGrowth / 2 ** 20, 349.99, 'MB'),
		check('file, 0 ms: time(1M) ÷ time(100k) ≤ 11', divide(large, small), 11),
		...slow.flatMap((each) => {
			const time = (a: ContenderName, b: ContenderName) =>
				divide(measured(a, each), measured(b, each));
			const what = `parallel 3, ${each.latencyMs} ms, ${thousands(each.profiles)}`;
			if (each.oneDay)
				return [
					check(`${what} each on one day: time ÷ floor ≤ 0.40`, time('parallel', 'floor'), 0.4),
				];
			const oneChain = 'never slower than one chain (time ÷ file ≤ 1)';
			return [
				check(`${what} realistic: time ÷ floor (reported)`, time('parallel', 'floor')),
				check(`${what} realistic: ${oneChain}`, time('parallel', 'file'), 1),
			];
		}),
	];
}

const [START, END] = ['<!-- bench:start -->', '<!-- bench:end -->'];

/** docs/performance.md's generated block: table, the peer's trap, the targets, the chart. */
export function figuresBlock(run: BenchmarkRun): string {
	const { peerTrap: trap, reps } = run;
	return [
		START,
		`Measured ${run.date.slice(0, 10)} on ${run.machine} (shared with other work, so single figures are noisy; the ratios come from one alternating run), median of ${reps} runs each (${Math.min(reps, REPS_AT_1M)} at 1M), with \`${run.command}\`:`,
		'',
		...markdownTable(run),
		trap
			? `\nThe peer set up the obvious way (the cursor put in the query as it comes) got ${trap.profiles} of ${trap.expected} profiles, and the workflow still succeeded: ${trap.note}.\n`
			: '',
		'Targets:',
		'',
		...targetList(run),
		'',
		// performance.md sits next to the chart in docs/.
		'![Wall time and memory growth against the number of profiles](performance.svg)',
		END,
	].join('\n');
}

export function writeReport(run: BenchmarkRun, repoRoot: string): void {
	const file = path.join(repoRoot, 'docs', 'performance.md');
	const [before, after] = readFileSync(file, 'utf8').split(new RegExp(`${START}[^]*${END}`));
	if (after === undefined)
		throw new Error(`docs/performance.md has no ${START} ... ${END} markers`);
	writeFileSync(file, before + figuresBlock(run) + after);
	writeFileSync(path.join(repoRoot, 'docs', 'performance.svg'), chart(run));
}

const text = (x: number | string, y: number | string, content: string, attributes = '') =>
	`<text x="${x}" y="${y}"${attributes}>${content}</text>`;
const MIDDLE = ' text-anchor="middle"';

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
		const [left, right, top, bottom, middle] = [x0 + 60, x0 + 430, 40, 330, x0 + 245];
		const xs = series.flatMap((s) => s.points.map((p) => p.profiles));
		const ys = series.flatMap((s) => s.points.map((p) => p[unit])).filter((v) => v > 0);
		if (xs.length === 0 || ys.length === 0) return '';
		const scale = (min: number, max: number, from: number, to: number) => (v: number) =>
			from + ((Math.log(v) - Math.log(min)) / (Math.log(max) - Math.log(min))) * (to - from);
		const sx = scale(Math.min(...xs) / 1.25, Math.max(...xs) * 1.25, left, right);
		const [yMin, yMax] = [Math.min(...ys) / 1.5, Math.max(...ys) * 1.5];
		const sy = scale(yMin, yMax, bottom, top);
		return [
			text(middle, 24, title, `${MIDDLE} font-weight="bold"`),
			`<rect x="${left}" y="${top}" width="${right - left}" height="${bottom - top}" fill="none" stroke="#ccc"/>`,
			...niceTicks(yMin, yMax).flatMap((tick) => [
				`<line x1="${left}" x2="${right}" y1="${sy(tick).toFixed(1)}" y2="${sy(tick).toFixed(1)}" stroke="#eee"/>`,
				text(left - 6, (sy(tick) + 4).toFixed(1), `${tick} ${unit}`, ' text-anchor="end"'),
			]),
			...[...new Set(xs)].map((n) => text(sx(n).toFixed(1), bottom + 18, thousands(n), MIDDLE)),
			text(middle, bottom + 40, 'profiles exported (log scale)', MIDDLE),
			...series
				.filter((s) => s.points.length)
				.flatMap(({ name, points }) => {
					const color = CONTENDERS[name][2];
					const xy = points.map((p) => [sx(p.profiles).toFixed(1), sy(p[unit]).toFixed(1)]);
					return [
						`<polyline points="${xy.join(' ')}" fill="none" stroke="${color}" stroke-width="2"/>`,
						...xy.map(([cx, cy]) => `<circle cx="${cx}" cy="${cy}" r="3.5" fill="${color}"/>`),
					];
				}),
		].join('\n');
	};
	const legend = series.map(({ name }, index) => {
		const [, label, color] = CONTENDERS[name];
		const x = 70 + index * 175;
		return `<rect x="${x}" y="378" width="12" height="12" fill="${color}"/>${text(x + 18, 388, label)}`;
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
