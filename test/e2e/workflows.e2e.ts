/**
 * `npm run test:e2e`: the package in REAL n8n. The built package is packed with `npm pack`, the
 * tarball installed as a community package into a fresh n8n user folder, credentials and workflows
 * imported with n8n's CLI, and each workflow run with `n8n execute --id ID --rawOutput` against the
 * CleverTap simulator. Results are checked against the simulator's ground truth.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { DEMO_ACCOUNT, startSimulator, type CleverTapSimulator } from '../simulator';
import type { ProfileRecord } from '../simulator';
import {
	exampleQuery,
	exampleWorkflow,
	getByIdWorkflow,
	LIMIT_CASE,
	limitWorkflow,
	simulatorCredential,
	WORKFLOW_IDS,
	WRONG_PASSCODE,
	wrongPasscodeContinueWorkflow,
	wrongPasscodeCredential,
	wrongPasscodeFailWorkflow,
	type LookupCase,
} from './fixtures';
import {
	describeOutcome,
	outputItems,
	parseExecution,
	type ExecutionOutcome,
} from './support/execution';
import { runN8n } from './support/n8n-instance';
import { prepareSandbox, type PreparedSandbox } from './support/n8n-sandbox';

// A cold n8n install (once per machine) takes a few minutes; everything after it takes seconds.
const SETUP_TIMEOUT_MS = 30 * 60_000;
const EXECUTE_TIMEOUT_MS = 120_000;

const EXAMPLE_CASE = { ...exampleQuery(), batchSize: 23 };
const MISSING_EMAIL = 'nobody-e2e@example.com';

const objectIdOf = (record: { platformInfo?: Array<{ objectId?: string }> }) =>
	record.platformInfo?.[0]?.objectId;

let simulator: CleverTapSimulator | undefined;
let sandbox: PreparedSandbox | undefined;
let lookups: Array<LookupCase & { expected?: ProfileRecord }> = [];
/** Everything n8n printed in this file, to check that no passcode shows up in it. */
const printed: string[] = [];

async function execute(workflowId: string): Promise<ExecutionOutcome> {
	if (!sandbox || !simulator) throw new Error('set-up failed');
	simulator.clearRequests();
	const result = await runN8n(
		sandbox,
		['execute', `--id=${workflowId}`, '--rawOutput'],
		EXECUTE_TIMEOUT_MS,
	);
	printed.push(result.stdout, result.stderr);
	return parseExecution(result);
}

/** Fails with what n8n printed, not just "expected 0". */
function expectSuccess(outcome: ExecutionOutcome): void {
	if (outcome.exitCode !== 0 || outcome.run?.status !== 'success') {
		throw new Error(`The execution did not succeed: ${describeOutcome(outcome)}`);
	}
}

beforeAll(async () => {
	simulator = await startSimulator();
	const truth = simulator.dataset.profilesFor(
		EXAMPLE_CASE.eventName,
		EXAMPLE_CASE.from,
		EXAMPLE_CASE.to,
	);
	const withEmail = truth.find((profile) => profile.email);
	const withIdentity = truth.find((profile) => profile.identity && profile !== withEmail);
	const byObjectId = truth.find((profile) => profile !== withEmail && profile !== withIdentity);
	if (!withEmail?.email || !withIdentity?.identity || !byObjectId)
		throw new Error('the simulator has too few January buyers for the lookups');
	lookups = [
		{ node: 'By email', identifierType: 'email', identifier: withEmail.email, expected: withEmail },
		{
			node: 'By identity',
			identifierType: 'identity',
			identifier: withIdentity.identity,
			expected: withIdentity,
		},
		{
			node: 'By CleverTap ID',
			identifierType: 'objectId',
			identifier: objectIdOf(byObjectId) ?? '',
			expected: byObjectId,
		},
		{ node: 'Missing', identifierType: 'email', identifier: MISSING_EMAIL },
	];

	sandbox = await prepareSandbox('e2e', {
		credentials: [simulatorCredential(simulator.url), wrongPasscodeCredential(simulator.url)],
		workflows: [
			exampleWorkflow(WORKFLOW_IDS.examplePaged, (node) => {
				node.parameters.options = {
					...(node.parameters.options as object),
					batchSize: EXAMPLE_CASE.batchSize,
				};
			}),
			limitWorkflow(),
			getByIdWorkflow(lookups),
			wrongPasscodeContinueWorkflow(),
			wrongPasscodeFailWorkflow(),
		],
	});
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
	await simulator?.close();
	sandbox?.remove();
});

describe('n8n-nodes-clevertap installed from its npm tarball into real n8n', () => {
	test('the example workflow (Return All, batch size 23) gets every January buyer across many pages', async () => {
		const outcome = await execute(WORKFLOW_IDS.examplePaged);
		expectSuccess(outcome);

		const items = outputItems(outcome, 'CleverTap');
		const truth = simulator!.dataset.profilesFor(
			EXAMPLE_CASE.eventName,
			EXAMPLE_CASE.from,
			EXAMPLE_CASE.to,
		);
		expect(truth.length).toBeGreaterThan(3 * EXAMPLE_CASE.batchSize);
		expect(items).toHaveLength(truth.length);
		const ids = items.map((item) => objectIdOf(item.json));
		expect(new Set(ids).size).toBe(ids.length);
		expect([...ids].sort()).toEqual(truth.map((profile) => objectIdOf(profile)).sort());
		// Include App Fields is on in the example: the app fields arrive on each platformInfo entry.
		const { platformInfo } = truth[0];
		expect(
			items.find((item) => objectIdOf(item.json) === objectIdOf(truth[0]))?.json.platformInfo,
		).toEqual(platformInfo);

		const posts = simulator!.requests.filter((request) => request.method === 'POST');
		const pages = simulator!.requests.filter((request) => request.method === 'GET');
		expect(posts).toHaveLength(1);
		expect(posts[0].query).toMatchObject({
			batch_size: String(EXAMPLE_CASE.batchSize),
			app: 'true',
		});
		expect(posts[0].body).toEqual({
			event_name: EXAMPLE_CASE.eventName,
			from: EXAMPLE_CASE.from,
			to: EXAMPLE_CASE.to,
		});
		expect(pages.length).toBeGreaterThanOrEqual(Math.ceil(truth.length / EXAMPLE_CASE.batchSize));
		expect(simulator!.requests.every((request) => request.status === 200)).toBe(true);
	});

	test('Limit returns the first N profiles of the export and stops asking CleverTap early', async () => {
		const outcome = await execute(WORKFLOW_IDS.limit);
		expectSuccess(outcome);

		const items = outputItems(outcome, 'CleverTap');
		const truth = simulator!.dataset.profilesFor(
			LIMIT_CASE.eventName,
			LIMIT_CASE.from,
			LIMIT_CASE.to,
		);
		expect(truth.length).toBeGreaterThan(10 * LIMIT_CASE.limit);
		expect(items.map((item) => objectIdOf(item.json))).toEqual(
			truth.slice(0, LIMIT_CASE.limit).map((profile) => objectIdOf(profile)),
		);

		const pages = simulator!.requests.filter((request) => request.method === 'GET');
		expect(pages.length).toBeLessThanOrEqual(3);
		expect(simulator!.requests[0].body).toEqual({
			event_name: LIMIT_CASE.eventName,
			from: LIMIT_CASE.from,
			to: LIMIT_CASE.to,
		});
	});

	test('Get by ID finds a profile by email, identity and CleverTap ID; a missing one is an error item', async () => {
		const outcome = await execute(WORKFLOW_IDS.getById);
		expectSuccess(outcome);

		for (const lookup of lookups) {
			const items = outputItems(outcome, lookup.node);
			expect(items).toHaveLength(1);
			if (lookup.expected) {
				// The whole profile record, exactly as CleverTap (the simulator) holds it.
				expect(items[0].json).toEqual(lookup.expected);
			} else {
				expect(items[0].json.error).toBe(`No CleverTap profile has Email "${MISSING_EMAIL}"`);
			}
		}
		expect(
			simulator!.requests.filter((request) => request.path.endsWith('/1/profile.json')),
		).toHaveLength(lookups.length);
	});

	test('a wrong passcode, with On Error set to Continue: one error item naming the credentials and the region', async () => {
		const outcome = await execute(WORKFLOW_IDS.wrongPasscodeContinue);
		expectSuccess(outcome);

		const items = outputItems(outcome, 'CleverTap');
		expect(items).toHaveLength(1);
		expect(items[0].json.error).toMatch(/^CleverTap: Invalid Credentials/);
		expect(items[0].json.description).toMatch(/passcode/);
		expect(items[0].json.description).toMatch(/region/);
		expect(simulator!.requests).toHaveLength(1);
		expect(simulator!.requests[0].status).toBe(401);
	});

	test('a wrong passcode, with n8n stopping on error: the execution fails with the same message', async () => {
		const outcome = await execute(WORKFLOW_IDS.wrongPasscodeFail);
		expect(outcome.exitCode).not.toBe(0);
		const text = outcome.stdout + outcome.stderr;
		expect(text).toMatch(/CleverTap: Invalid Credentials/);
		// n8n prints the failed execution too: the node's error is in it, with the hint.
		const nodeError = outcome.run?.data.resultData.runData.CleverTap?.[0]?.error;
		expect(nodeError?.message).toMatch(/^CleverTap: Invalid Credentials/);
		expect(nodeError?.description).toMatch(/passcode/);
		expect(nodeError?.description).toMatch(/region/);
		expect(outcome.run?.data.resultData.error?.message).toBe(nodeError?.message);
		expect(simulator!.requests.map((request) => request.status)).toEqual([401]);
	});

	test('n8n tried to reach nothing outside this machine', () => {
		expect(printed.length).toBeGreaterThanOrEqual(10);
		for (const text of printed)
			expect(text).not.toMatch(
				/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|api\.n8n\.io|registry\.npmjs\.org|\[Rudder\]/,
			);
	});

	test('no passcode appears in anything n8n printed, nor in plain text in its database', () => {
		expect(printed.length).toBeGreaterThanOrEqual(10); // the five executions above ran
		for (const text of printed) {
			expect(text).not.toContain(DEMO_ACCOUNT.passcode);
			expect(text).not.toContain(WRONG_PASSCODE);
		}
		const n8nFolder = path.join(sandbox!.userFolder, '.n8n');
		const databaseFiles = readdirSync(n8nFolder).filter((name) =>
			name.startsWith('database.sqlite'),
		);
		expect(databaseFiles).toContain('database.sqlite');
		for (const name of databaseFiles) {
			const bytes = readFileSync(path.join(n8nFolder, name));
			expect(bytes.includes(DEMO_ACCOUNT.passcode)).toBe(false);
			expect(bytes.includes(WRONG_PASSCODE)).toBe(false);
		}
	});
});
