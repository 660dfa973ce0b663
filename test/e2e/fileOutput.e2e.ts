/**
 * Get by Event with Output = One File in REAL n8n (filesystem binary data mode, n8n 2.x's default):
 * the file n8n stored on disk holds exactly the simulator's profiles.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { startSimulator, type CleverTapSimulator } from '../simulator';
import { exampleQuery, exampleWorkflow, simulatorCredential } from './fixtures';
import { describeOutcome, outputItems, parseExecution } from './support/execution';
import { runN8n } from './support/n8n-instance';
import { prepareSandbox, type PreparedSandbox } from './support/n8n-sandbox';

const WORKFLOW_ID = 'ctE2eFileOutput';
const CASE = exampleQuery();

let simulator: CleverTapSimulator | undefined;
let sandbox: PreparedSandbox | undefined;

beforeAll(async () => {
	simulator = await startSimulator();
	sandbox = await prepareSandbox('e2e-file', {
		credentials: [simulatorCredential(simulator.url)],
		workflows: [
			exampleWorkflow(WORKFLOW_ID, (node) => {
				node.parameters = {
					...node.parameters,
					output: 'file',
					fileFormat: 'jsonl',
					options: { batchSize: 23, parallelRequests: 3 },
				};
			}),
		],
	});
}, 30 * 60_000);

afterAll(async () => {
	await simulator?.close();
	sandbox?.remove();
});

test('One File: n8n stores the export on disk, every profile once', async () => {
	const result = await runN8n(sandbox!, ['execute', `--id=${WORKFLOW_ID}`, '--rawOutput'], 120_000);
	const outcome = parseExecution(result);
	if (outcome.exitCode !== 0 || outcome.run?.status !== 'success') {
		throw new Error(`The execution did not succeed: ${describeOutcome(outcome)}`);
	}

	const [item, ...others] = outputItems(outcome, 'CleverTap');
	expect(others).toEqual([]);
	const truth = simulator!.dataset.profilesFor(CASE.eventName, CASE.from, CASE.to);
	expect(item.json).toMatchObject({ event: CASE.eventName, profiles: truth.length });
	const file = item.binary?.data ?? {};
	expect(file.fileName).toBe(`clevertap-${CASE.eventName}-${CASE.from}-${CASE.to}.jsonl`);
	expect(file.id).toMatch(/^filesystem(-v2)?:/);

	const fileId = String(file.id).replace(/^[^:]+:/, '');
	const n8nFolder = path.join(sandbox!.userFolder, '.n8n');
	const onDisk = ['storage', 'binaryData']
		.map((folder) => path.join(n8nFolder, folder, fileId))
		.find((candidate) => existsSync(candidate));
	expect(onDisk).toBeDefined();
	const ids = readFileSync(onDisk!, 'utf8')
		.trim()
		.split('\n')
		.map((line) => JSON.parse(line) as { platformInfo: Array<{ objectId: string }> })
		.map((record) => record.platformInfo[0].objectId);
	expect(ids.sort()).toEqual(truth.map((record) => record.platformInfo[0].objectId).sort());
});
