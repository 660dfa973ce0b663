/**
 * The examples in examples/ and the credential in n8n's HTTP Request node, in REAL n8n 2.40.7
 * against the simulator: the workflows that start with a Manual Trigger run with `n8n execute`;
 * the CleverTap Trigger's example is published and polled by `n8n start`, and its execution read
 * back through n8n's REST API. Results are checked against the simulator's ground truth.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { DEMO_ACCOUNT, startSimulator, type CleverTapSimulator } from '../simulator';
import { simulatorCredential } from './fixtures';
import {
	describeOutcome,
	outputItems,
	parseExecution,
	type ExecutionOutcome,
	type NodeRunItem,
} from './support/execution';
import type { WorkflowToImport } from './support/n8n-import';
import {
	publishWorkflow,
	runN8n,
	setUpOwner,
	startN8n,
	type RunningN8n,
} from './support/n8n-instance';
import { signIn } from './support/n8n-rest';
import { prepareSandbox, type PreparedSandbox } from './support/n8n-sandbox';
import { REPO_ROOT } from './support/package-install';
import { waitFor } from './support/processes';

const SETUP_TIMEOUT_MS = 30 * 60_000; // a cold n8n install, once per machine
const EXECUTE_TIMEOUT_MS = 120_000;

const IDS = {
	nightlyCsv: 'ctExNightlyCsv',
	enrichEmails: 'ctExEnrichEmails',
	triggerSync: 'ctExTriggerSync',
	httpRequest: 'ctE2eHttpRequest',
} as const;

type ExampleNode = {
	name: string;
	type: string;
	parameters: Record<string, unknown>;
	[key: string]: unknown;
};

function readExample(file: string, id: string): WorkflowToImport & { nodes: ExampleNode[] } {
	const workflow = JSON.parse(readFileSync(path.join(REPO_ROOT, 'examples', file), 'utf8')) as {
		nodes: ExampleNode[];
	} & Omit<WorkflowToImport, 'id'>;
	return { ...workflow, id };
}

/** The trigger example, polling every minute instead of every hour. */
function triggerExampleEveryMinute(): WorkflowToImport {
	const workflow = readExample('trigger-nightly-sync.json', IDS.triggerSync);
	const trigger = (workflow.nodes as ExampleNode[]).find((node) =>
		node.type.endsWith('.cleverTapTrigger'),
	)!;
	trigger.parameters.pollTimes = { item: [{ mode: 'everyMinute' }] };
	return workflow;
}

/** A Manual Trigger and n8n's HTTP Request node calling CleverTap with the stored credential. */
function httpRequestWorkflow(simulatorUrl: string, email: string): WorkflowToImport {
	return {
		id: IDS.httpRequest,
		name: 'CleverTap e2e: the credential in the HTTP Request node',
		nodes: [
			{
				parameters: {},
				id: 'http-1',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
			},
			{
				parameters: {
					url: `${simulatorUrl}/1/profile.json`,
					authentication: 'predefinedCredentialType',
					nodeCredentialType: 'cleverTapApi',
					sendQuery: true,
					queryParameters: { parameters: [{ name: 'email', value: email }] },
					options: {},
				},
				id: 'http-2',
				name: 'HTTP Request',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [220, 0],
				credentials: { cleverTapApi: { id: 'clevertap-demo', name: 'CleverTap account' } },
			},
		],
		connections: { Start: { main: [[{ node: 'HTTP Request', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

const idOf = (record: { platformInfo?: Array<{ objectId?: string }> }) =>
	record.platformInfo?.[0]?.objectId;

function utcDayBefore(date: Date): number {
	const day = new Date(date.getTime() - 86_400_000);
	return day.getUTCFullYear() * 10000 + (day.getUTCMonth() + 1) * 100 + day.getUTCDate();
}

let simulator: CleverTapSimulator | undefined;
/** How far the simulator's clock (so CleverTap's "today") is behind the real one. */
let simulatorLagMs = 0;
let sandbox: PreparedSandbox | undefined;
let n8n: RunningN8n | undefined;
const knownEmails = ['mohammed.rahman2287615@example.net', 'zoe.fischer2350967@example.net'];

async function execute(workflowId: string): Promise<ExecutionOutcome> {
	simulator!.clearRequests();
	const outcome = parseExecution(
		await runN8n(sandbox!, ['execute', `--id=${workflowId}`, '--rawOutput'], EXECUTE_TIMEOUT_MS),
	);
	if (outcome.exitCode !== 0 || outcome.run?.status !== 'success') {
		throw new Error(`The execution did not succeed: ${describeOutcome(outcome)}`);
	}
	return outcome;
}

beforeAll(async () => {
	simulator = await startSimulator({ clock: () => Date.now() - simulatorLagMs });
	sandbox = await prepareSandbox('sync', {
		credentials: [simulatorCredential(simulator.url)],
		workflows: [
			readExample('nightly-charged-yesterday-csv.json', IDS.nightlyCsv),
			readExample('enrich-emails-with-profiles.json', IDS.enrichEmails),
			triggerExampleEveryMinute(),
			httpRequestWorkflow(simulator.url, knownEmails[0]),
		],
	});
	await publishWorkflow(sandbox, IDS.triggerSync);
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
	await n8n?.stop();
	await simulator?.close();
	sandbox?.remove();
});

describe('examples/ and the HTTP Request escape hatch, in real n8n', () => {
	test('nightly "who Charged yesterday": one CSV file of yesterday\'s buyers, simplified', async () => {
		const outcome = await execute(IDS.nightlyCsv);
		const [item] = outputItems(outcome, 'Who Charged yesterday');
		const posts = simulator!.requests.filter((request) => request.method === 'POST');
		expect(posts).toHaveLength(1);
		const { from, to } = posts[0].body as { from: number; to: number };
		expect(from).toBe(to);
		expect([utcDayBefore(new Date()), utcDayBefore(new Date(Date.now() - 600_000))]).toContain(
			from,
		);
		const truth = simulator!.dataset.profilesFor('Charged', from, to);
		expect(truth.length).toBeGreaterThan(0);
		expect(item.json).toMatchObject({ event: 'Charged', from, to, profiles: truth.length });
		const file = (item as NodeRunItem & { binary?: Record<string, Record<string, unknown>> }).binary
			?.data;
		expect(file).toMatchObject({
			fileName: `clevertap-Charged-${from}-${to}.csv`,
			mimeType: 'text/csv',
		});
	});

	test('enrich a list of emails: found ones as simplified profiles, a missing one as an error item that goes on', async () => {
		const outcome = await execute(IDS.enrichEmails);
		const items = outputItems(outcome, 'CleverTap profile');
		expect(items).toHaveLength(3);
		for (const [index, email] of knownEmails.entries()) {
			const truth = simulator!.dataset.findBy('email', email)!;
			expect(items[index].json).toEqual({
				cleverTapId: idOf(truth),
				identity: truth.identity ?? null,
				email,
				name: truth.name ?? null,
				phone: truth.platformInfo.find((info) => info.phone)?.phone ?? null,
				platforms: truth.platformInfo.map((info) => info.platform),
			});
		}
		expect(items[2].json.error).toBe('No CleverTap profile has Email "nobody@example.com"');
		expect(items[2].pairedItem).toEqual({ item: 2 });
	});

	test('the CleverTap credential in the HTTP Request node (Predefined Credential Type) signs any CleverTap call', async () => {
		const outcome = await execute(IDS.httpRequest);
		const [item] = outputItems(outcome, 'HTTP Request');
		expect(item.json).toEqual({
			status: 'success',
			record: JSON.parse(JSON.stringify(simulator!.dataset.findBy('email', knownEmails[0]))),
		});
		const [request] = simulator!.requests;
		expect(request.headers['x-clevertap-account-id']).toBe(DEMO_ACCOUNT.accountId);
		expect(request.status).toBe(200);
	});

	test('the trigger example, published and polling every minute in `n8n start`: a day CleverTap still calls future waits, and a later poll starts an execution with its profiles', async () => {
		simulator!.clearRequests();
		// CleverTap three days behind: the last complete day is still in the future for it (code 4002).
		simulatorLagMs = 72 * 3_600_000;
		n8n = await startN8n(sandbox!);
		await setUpOwner(n8n);
		const session = await signIn(n8n, sandbox!.installation);
		await waitFor(
			'the activation poll, refused as future',
			async () => simulator!.requests.some((request) => request.status === 400),
			{ timeoutMs: 60_000, giveUp: () => n8n?.exitStatus() },
		);
		const refused = simulator!.requests.find((request) => request.status === 400)!;
		expect(await session.executionsOf(IDS.triggerSync)).toEqual([]);

		// CleverTap's day catches up: the next poll (n8n's every-minute schedule) covers the same day.
		simulatorLagMs = 0;
		simulator!.clearRequests();
		let executionId: string | undefined;
		await waitFor(
			'an execution of the trigger workflow',
			async () => {
				const executions = await session.executionsOf(IDS.triggerSync);
				executionId = executions.find((execution) => execution.status !== 'running')?.id;
				return executionId !== undefined;
			},
			{ timeoutMs: 150_000, intervalMs: 2000, giveUp: () => n8n?.exitStatus() },
		);
		const run = await session.execution(executionId!);
		expect(run.status).toBe('success');

		const posts = simulator!.requests.filter((request) => request.method === 'POST');
		expect(posts.map((request) => request.body)).toEqual([refused.body]);
		const { from, to } = posts[0].body as { from: number; to: number };
		expect(to).toBe(from);
		const truth = simulator!.dataset.profilesFor('Charged', from, to);
		const emitted = run.data.resultData.runData['CleverTap Trigger'][0].data?.main?.[0] ?? [];
		expect(emitted.map((item) => item.json.cleverTapId)).toEqual(truth.map(idOf));
		expect(Object.keys(emitted[0].json)).toEqual([
			'cleverTapId',
			'identity',
			'email',
			'name',
			'phone',
			'platforms',
			'eventCount',
			'firstSeen',
			'lastSeen',
		]);
		const [csv] = (run.data.resultData.runData['Convert to CSV'][0].data?.main?.[0] ?? []) as Array<
			NodeRunItem & { binary?: Record<string, Record<string, unknown>> }
		>;
		expect(csv.binary?.data).toMatchObject({ mimeType: 'text/csv' });
	});
});
