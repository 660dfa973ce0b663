/**
 * `npm run bench:upload`: 100k CRM rows to Profile > Create or Update, through n8n's engine against
 * the simulator (in this process), beside the floor: a bare fetch loop sending the same
 * 1000-record batches one after another. At 0 ms and 150 ms per request; medians of --reps runs
 * (default 3). Writes its block of docs/performance.md (between the bench-upload markers) with --write.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { DEMO_ACCOUNT, startSimulator, type CleverTapSimulator } from '../simulator';
import { REPO_ROOT } from '../helpers/n8n-engine';
import { runCleverTap, simulatorCredentials } from '../support/clevertap-fixture';
import { describeMachine } from './report';

const { values: options } = parseArgs({
	args: process.argv.slice(2),
	options: { rows: { type: 'string' }, reps: { type: 'string' }, write: { type: 'boolean' } },
});
const ROWS = Number(options.rows ?? 100_000);
const REPS = Number(options.reps ?? 3);
const BATCH = 1000;

/** What a CRM export looks like: a handful of fields, one of them a date. */
const crmRows = Array.from({ length: ROWS }, (_, n) => ({
	id: `crm-${n}`,
	Name: `Customer ${n}`,
	Email: `customer${n}@example.com`,
	plan: n % 3 === 0 ? 'Plus' : 'Free',
	seats: n % 50,
	signedUp: new Date(Date.UTC(2024, 0, 1 + (n % 365))).toISOString(),
}));

const median = (values: number[]) =>
	[...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const heapMb = () => process.memoryUsage().heapUsed / 2 ** 20;

async function floor(simulator: CleverTapSimulator): Promise<void> {
	for (let start = 0; start < ROWS; start += BATCH) {
		const d = crmRows.slice(start, start + BATCH).map(({ id, signedUp, ...profileData }) => ({
			type: 'profile',
			identity: id,
			profileData: { ...profileData, signedUp: `$D_${Math.floor(Date.parse(signedUp) / 1000)}` },
		}));
		const response = await fetch(`${simulator.url}/1/upload`, {
			method: 'POST',
			headers: {
				'Content-Type': 'application/json',
				'X-CleverTap-Account-Id': DEMO_ACCOUNT.accountId,
				'X-CleverTap-Passcode': DEMO_ACCOUNT.passcode,
			},
			body: JSON.stringify({ d }),
		});
		if (((await response.json()) as { status?: string }).status !== 'success')
			throw new Error('floor: refused');
	}
}

async function ours(simulator: CleverTapSimulator): Promise<void> {
	const result = await runCleverTap(
		{
			resource: 'profile',
			operation: 'upsert',
			identifier: '={{ $json.id }}',
			dataMode: 'autoMapInputData',
			fieldsToIgnore: 'id',
			options: { dateFields: 'signedUp' },
		},
		{ credentials: simulatorCredentials(simulator), inputItems: crmRows },
	);
	if (result.error) throw new Error(`ours: ${result.error.message}`);
}

async function timed(run: () => Promise<void>, simulator: CleverTapSimulator) {
	simulator.uploads.clear();
	const heapBefore = heapMb();
	const started = performance.now();
	await run();
	const seconds = (performance.now() - started) / 1000;
	if (simulator.uploads.profiles.size !== ROWS) throw new Error('not every row was written');
	return { seconds, heapGrowthMb: heapMb() - heapBefore };
}

async function main() {
	const lines: string[] = [];
	for (const latencyMs of [0, 150]) {
		const simulator = await startSimulator({ population: 10, latencyMs });
		const runs = { floor: [] as number[], ours: [] as number[], heap: [] as number[] };
		for (let rep = 0; rep < REPS; rep++) {
			runs.floor.push((await timed(() => floor(simulator), simulator)).seconds);
			const run = await timed(() => ours(simulator), simulator);
			runs.ours.push(run.seconds);
			runs.heap.push(run.heapGrowthMb);
		}
		await simulator.close();
		const ratio = median(runs.ours) / median(runs.floor);
		const target = latencyMs === 0 ? 2.0 : 0.4;
		const line = `| ${ROWS.toLocaleString('en')} rows, ${latencyMs} ms per request | ${median(runs.floor).toFixed(2)} s | ${median(runs.ours).toFixed(2)} s | ${ratio.toFixed(2)} | at most ${target.toFixed(2)}: ${ratio <= target ? 'met' : 'not met'} | ${median(runs.heap).toFixed(0)} MB |`;
		console.log(line);
		lines.push(line);
	}
	if (!options.write) return;
	const file = path.join(REPO_ROOT, 'docs/performance.md');
	const [START, END] = ['<!-- bench-upload:start -->', '<!-- bench-upload:end -->'];
	const block = [
		START,
		`Create or Update, default options (5 parallel requests), medians of ${REPS} runs, ${new Date().toISOString().slice(0, 10)}, ${describeMachine()}. \`npm run bench:upload -- --write\`.`,
		'',
		'| case | floor (fetch loop) | ours | ours ÷ floor | target | heap growth |',
		'|---|---|---|---|---|---|',
		...lines,
		END,
	].join('\n');
	const page = readFileSync(file, 'utf8');
	const next = page.includes(START)
		? page.slice(0, page.indexOf(START)) + block + page.slice(page.indexOf(END) + END.length)
		: `${page.trimEnd()}\n\n## Writes: Create or Update\n\n<!-- prettier-ignore-start -->\n${block}\n<!-- prettier-ignore-end -->\n`;
	writeFileSync(file, next);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
