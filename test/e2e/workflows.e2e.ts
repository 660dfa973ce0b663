/**
 * `npm run test:e2e` (and `test:e2e:n8n1`): the packed package in REAL n8n (support/n8n.ts), its
 * workflows run with `n8n execute` against the simulator, the trigger example polled by `n8n start`
 * and its execution read back through n8n's REST API; checked against the simulator's ground truth.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { DEMO_ACCOUNT, startSimulator, type CleverTapSimulator } from '../simulator';
import {
	chain,
	EXAMPLE_NODE,
	exampleQuery,
	exampleWith,
	readWorkflow,
	simulatorCredential,
	WRONG_PASSCODE,
} from './fixtures';
import {
	outputItems,
	prepareSandbox,
	publishWorkflow,
	runN8n,
	setUpOwner,
	startN8n,
	type RunningN8n,
	type Sandbox,
} from './support/n8n';
import { waitFor } from './support/processes';

const EXAMPLE = exampleQuery();
const BATCH_SIZE = 23;
/** Get by Event with a Limit, its days written two more ways the node reads. */
const LIMIT = { eventName: 'App Launched', fromDate: '2024-01-01', toDate: '20241231', limit: 60 };
const WRONG_CREDENTIAL = { id: 'clevertap-wrong', name: 'CleverTap, wrong passcode' };
const ENRICH = readWorkflow('examples/enrich-emails-with-profiles.json', 'ctExEnrichEmails');
/** The emails the example looks up (its Set node's list); the last one is nobody's. */
const EMAILS: string[] = JSON.parse(ENRICH.nodes[1].parameters.jsonOutput).emails;

const idOf = (record: { platformInfo?: Array<{ objectId?: string }> }) =>
	record.platformInfo?.[0]?.objectId;

let simulator: CleverTapSimulator;
/** How far the simulator's clock (so CleverTap's "today") is behind the real one. */
let simulatorLagMs = 0;
let sandbox: Sandbox;
let n8n: RunningN8n | undefined;
/** Get by ID: identifier type (the node's name), identifier, the profile expected. */
let lookups: Array<[string, string, object]> = [];
/** Everything n8n printed in this file, to check that no passcode shows up in it. */
const printed: string[] = [];

const january = () => simulator.dataset.profilesFor(EXAMPLE.eventName, EXAMPLE.from, EXAMPLE.to);
const requests = (method: string) => simulator.requests.filter((r) => r.method === method);

/** The text of a file the node wrote to n8n's filesystem binary data store. */
function storedFileText(file: { id?: unknown }): string {
	expect(file.id).toMatch(/^filesystem(-v2)?:/);
	const fileId = String(file.id).replace(/^[^:]+:/, '');
	const onDisk = ['storage', 'binaryData']
		.map((folder) => path.join(sandbox.userFolder, '.n8n', folder, fileId))
		.find((candidate) => existsSync(candidate));
	return readFileSync(onDisk!, 'utf8');
}

/** `n8n execute --rawOutput` prints log lines, then the execution (IRun) from a line "{" to a line "}". */
async function execute(workflowId: string, { expectSuccess = true } = {}) {
	simulator.clearRequests();
	const args = ['execute', `--id=${workflowId}`, '--rawOutput'];
	const { code, stdout, output } = await runN8n(sandbox, args);
	printed.push(output);
	const json = stdout.match(/^\{$[\s\S]*?^\}$/m)?.[0];
	const run = json && JSON.parse(json);
	if (expectSuccess && (code !== 0 || run?.status !== 'success'))
		throw new Error(`The execution did not succeed (exit ${code}):\n${output.slice(-3000)}`);
	return { code, run, output };
}

beforeAll(async () => {
	simulator = await startSimulator({ clock: () => Date.now() - simulatorLagMs });
	const [withEmail, withIdentity, byObjectId] = january().filter((p) => p.email && p.identity);
	lookups = [
		['email', withEmail.email!, withEmail],
		['identity', withIdentity.identity!, withIdentity],
		['objectId', idOf(byObjectId)!, byObjectId],
	];
	const wrongPasscode = { credentials: { cleverTapApi: WRONG_CREDENTIAL } };
	const options = { ...EXAMPLE_NODE.parameters.options, batchSize: BATCH_SIZE };
	const trigger = readWorkflow('examples/trigger-nightly-sync.json', 'ctExTriggerSync');
	trigger.nodes[0].parameters.pollTimes = { item: [{ mode: 'everyMinute' }] }; // not every hour
	sandbox = await prepareSandbox('e2e', {
		credentials: [
			simulatorCredential(simulator.url),
			simulatorCredential(simulator.url, WRONG_CREDENTIAL, WRONG_PASSCODE),
		],
		workflow: [
			exampleWith(
				'ctE2eNodes',
				{ name: 'Items', parameters: { options } },
				{
					name: 'One File',
					parameters: {
						output: 'file',
						fileFormat: 'jsonl',
						options: { ...options, parallelRequests: 3 },
					},
				},
				{ name: 'Limit', parameters: { ...LIMIT, returnAll: false } },
				...lookups.map(([identifierType, identifier]) => ({
					name: identifierType,
					parameters: { operation: 'getById', identifierType, identifier },
				})),
			),
			exampleWith(
				'ctE2eWrong',
				{ ...wrongPasscode, name: 'Continue', onError: 'continueRegularOutput' },
				{ ...wrongPasscode, name: 'Stop' },
			),
			readWorkflow('examples/nightly-charged-yesterday-csv.json', 'ctExNightlyCsv'),
			readWorkflow('examples/charged-events-yesterday-csv.json', 'ctExChargedEventsCsv'),
			ENRICH,
			readWorkflow('examples/crm-contacts-nightly.json', 'ctExCrmContacts'),
			readWorkflow('examples/deal-won-event.json', 'ctExDealWon'),
			trigger,
			chain('ctE2eHttpRequest', [
				{ name: 'Start', type: 'n8n-nodes-base.manualTrigger' },
				{
					name: 'HTTP Request',
					type: 'n8n-nodes-base.httpRequest',
					typeVersion: 4.2,
					parameters: {
						url: `${simulator.url}/1/profile.json`,
						authentication: 'predefinedCredentialType',
						nodeCredentialType: 'cleverTapApi',
						sendQuery: true,
						queryParameters: { parameters: [{ name: 'email', value: EMAILS[0] }] },
					},
					credentials: EXAMPLE_NODE.credentials,
				},
			]),
		],
	});
	printed.push(await publishWorkflow(sandbox, trigger.id));
}, 30 * 60_000); // a cold n8n install (once per machine) takes minutes; everything after it, seconds

afterAll(async () => {
	await n8n?.stop();
	await simulator?.close();
	sandbox?.remove();
});

describe('n8n-nodes-clevertap installed from its npm tarball into real n8n', () => {
	test('Get by Event: Return All with batch size 23 as items and as One File (3 parallel requests) n8n stores on disk, every January buyer once across many pages; a Limit; Get by ID by email, identity and CleverTap ID', async () => {
		const { run } = await execute('ctE2eNodes');
		const truth = january();
		expect(truth.length).toBeGreaterThan(3 * BATCH_SIZE);
		const items = outputItems(run, 'Items');
		expect(items.map((item) => idOf(item.json)).sort()).toEqual(truth.map(idOf).sort());
		// Include App Fields is on in the example: the app fields arrive on each platformInfo entry.
		const first = items.find((item) => idOf(item.json) === idOf(truth[0]));
		expect(first?.json.platformInfo).toEqual(truth[0].platformInfo);

		const [fileItem, ...others] = outputItems(run, 'One File');
		expect(others).toEqual([]);
		expect(fileItem.json).toMatchObject({ event: EXAMPLE.eventName, profiles: truth.length });
		const file = fileItem.binary?.data ?? {};
		const { eventName, from, to } = EXAMPLE;
		expect(file.fileName).toBe(`clevertap-${eventName}-${from}-${to}.jsonl`);
		const lines = storedFileText(file).trim().split('\n');
		expect(lines.map((line) => idOf(JSON.parse(line))).sort()).toEqual(truth.map(idOf).sort());

		// One POST for the items, one per parallel part of the file (and the Limit node's, its own size).
		const posts = requests('POST').filter((post) => post.query.batch_size === String(BATCH_SIZE));
		expect(posts).toHaveLength(4);
		for (const { query } of posts) expect(query.app).toBe('true');
		expect(requests('GET').length).toBeGreaterThanOrEqual(Math.ceil(truth.length / BATCH_SIZE));
		expect(simulator.requests.every((request) => request.status === 200)).toBe(true);

		// The first N profiles of the export.
		const limited = simulator.dataset.profilesFor(LIMIT.eventName, 20240101, 20241231);
		expect(limited.length).toBeGreaterThan(10 * LIMIT.limit);
		const firstN = limited.slice(0, LIMIT.limit).map(idOf);
		expect(outputItems(run, 'Limit').map((item) => idOf(item.json))).toEqual(firstN);

		// Get by ID: each profile as CleverTap holds it.
		for (const [node, , expected] of lookups)
			expect(outputItems(run, node).map((item) => item.json)).toEqual([expected]);
		const calls = simulator.requests.filter((request) => request.path.endsWith('/profile.json'));
		expect(calls).toHaveLength(lookups.length);
	});

	test('a wrong passcode: an error item naming the credentials and the region under On Error: Continue, else the execution fails with it', async () => {
		const outcome = await execute('ctE2eWrong', { expectSuccess: false });
		const [item, ...others] = outputItems(outcome.run, 'Continue');
		expect(others).toEqual([]);
		expect(item.json.error).toMatch(/^CleverTap: Invalid Credentials/);
		expect(item.json.description).toMatch(/passcode[\s\S]*region/);
		// n8n's default, Stop Workflow: the execution fails with the node's error.
		expect(outcome.code).not.toBe(0);
		expect(outcome.run?.data.resultData.error).toMatchObject({
			message: item.json.error,
			description: item.json.description,
		});
		expect(simulator.requests.map((request) => request.status)).toEqual([401, 401]);
	});

	test('examples/: nightly "who Charged yesterday", one CSV file of yesterday\'s buyers', async () => {
		const [item] = outputItems((await execute('ctExNightlyCsv')).run, 'Who Charged yesterday');
		const posts = requests('POST');
		expect(posts).toHaveLength(1);
		const { from, to } = posts[0].body as { from: number; to: number };
		expect(from).toBe(to);
		const dayBefore = (ms: number) =>
			Number(new Date(ms - 86_400_000).toISOString().slice(0, 10).replace(/-/g, ''));
		expect([dayBefore(Date.now()), dayBefore(Date.now() - 600_000)]).toContain(from);
		const truth = simulator.dataset.profilesFor('Charged', from, to);
		expect(truth.length).toBeGreaterThan(0);
		expect(item.json).toMatchObject({ event: 'Charged', from, to, profiles: truth.length });
		expect(item.binary?.data).toMatchObject({
			fileName: `clevertap-Charged-${from}-${to}.csv`,
			mimeType: 'text/csv',
		});
	});

	test("examples/: yesterday's Charged events as a CSV file, one row per event with its amount", async () => {
		const run = (await execute('ctExChargedEventsCsv')).run;
		const [item] = outputItems(run, 'Charged events yesterday');
		const [post] = requests('POST');
		expect(post.path).toBe('/1/events.json');
		const { from, to } = post.body as { from: number; to: number };
		const truth = simulator.dataset.eventsFor('Charged', from, to);
		expect(truth.length).toBeGreaterThan(0);
		expect(item.json).toMatchObject({ event: 'Charged', from, to, events: truth.length });
		const file = item.binary?.data ?? {};
		expect(file).toMatchObject({ fileName: `clevertap-events-Charged-${from}-${to}.csv` });
		const [header, ...rows] = storedFileText(file).trim().split('\n');
		expect(header).toBe(
			'cleverTapId,identity,email,name,time,properties,Amount,Currency,Payment Mode',
		);
		expect(rows.map((row) => row.split(',')[0])).toEqual(
			truth.map((record) => record.profile.objectId),
		);
		expect(rows.map((row) => row.split(',').at(-3))).toEqual(
			truth.map((record) => String(record.event_props.Amount)),
		);
	});

	test('examples/: enrich a list of emails, found ones simplified, a missing one an error item that goes on', async () => {
		const items = outputItems((await execute('ctExEnrichEmails')).run, 'CleverTap profile');
		const people = EMAILS.map((email) => simulator.dataset.findBy('email', email));
		expect(people.map(Boolean)).toEqual([true, true, false]);
		// Simplify is on in the example (its fields: getById.test.ts): each person's ID and email.
		expect(items.map(({ json }) => json.error ?? [json.cleverTapId, json.email])).toEqual([
			[idOf(people[0]!), EMAILS[0]],
			[idOf(people[1]!), EMAILS[1]],
			`No CleverTap profile has Email "${EMAILS[2]}"`,
		]);
		expect(items[2].pairedItem).toEqual({ item: 2 });
	});

	test('examples/: CRM contacts into CleverTap: the good ones written, the bad one refused before sending and the one CleverTap refused both on the error output', async () => {
		const { run } = await execute('ctExCrmContacts');
		const node = 'Create or update in CleverTap';
		const refused = run.data.resultData.runData[node].at(-1).data.main[1];
		expect(outputItems(run, node).map(({ json }) => json.identifier)).toEqual([
			'ada@example.com',
			'alan@example.com',
		]);
		expect(refused.map(({ json }: { json: { error: string } }) => json.error)).toEqual([
			'Phone "555-0100" is not a phone number CleverTap takes',
			'CleverTap refused the record for edsger@example.com: Invalid Gender (code 514)',
		]);
		expect(simulator.uploads.find('ada@example.com')?.profileData).toMatchObject({
			Name: 'Ada Lovelace',
			signedUp: expect.stringMatching(/^\$D_\d+$/),
		});
		expect(simulator.uploads.find('grace@example.com')).toBeUndefined();
	});

	test('examples/: a deal won becomes a Deal Won event with its amount and time', async () => {
		const [item] = outputItems((await execute('ctExDealWon')).run, 'Deal Won event');
		expect(item.json).toMatchObject({ identifier: 'ada@example.com', status: 'recorded' });
		expect(simulator.uploads.events.at(-1)).toMatchObject({
			identity: 'ada@example.com',
			evtName: 'Deal Won',
			evtData: { Deal: 'Annual plan', Amount: 1200 },
			ts: 1717237800,
		});
	});

	test('the CleverTap credential in the HTTP Request node (Predefined Credential Type) signs any CleverTap call', async () => {
		const [item] = outputItems((await execute('ctE2eHttpRequest')).run, 'HTTP Request');
		// The simulator answers with the record only when both of the account's headers are right.
		expect(item.json).toEqual({
			status: 'success',
			record: JSON.parse(JSON.stringify(simulator.dataset.findBy('email', EMAILS[0]))),
		});
	});

	test('examples/: the trigger, published and polling every minute in `n8n start`: a day CleverTap still calls future waits, and a later poll starts an execution with its profiles', async () => {
		simulator.clearRequests();
		// CleverTap three days behind: the last complete day is still in the future for it (code 4002).
		simulatorLagMs = 72 * 3_600_000;
		n8n = await startN8n(sandbox);
		const session = await setUpOwner(n8n, sandbox);
		const gaveUp = () => n8n?.exitStatus();
		const executions = () => session.executionsOf('ctExTriggerSync');
		const refusal = () => simulator.requests.find((request) => request.status === 400);
		await waitFor('a poll refused as future', async () => !!refusal(), 60_000, gaveUp);
		const refused = refusal()!;
		expect(await executions()).toEqual([]);

		// CleverTap's day catches up: the next poll (n8n's every-minute schedule) covers the same day.
		simulatorLagMs = 0;
		simulator.clearRequests();
		// n8n lists an execution as "new" before "running": only one that has ended counts, and the
		// one found is the one read (a second listing could be taken while it is still starting).
		const UNDER_WAY = ['new', 'running', 'waiting'];
		let finished: { id: string } | undefined;
		await waitFor(
			'an execution',
			async () => !!(finished = (await executions()).find((e) => !UNDER_WAY.includes(e.status))),
			150_000,
			gaveUp,
		);
		const run = await session.execution(finished!.id);
		expect(run.status).toBe('success');

		const posts = requests('POST');
		expect(posts.map((request) => request.body)).toEqual([refused.body]);
		const { from, to } = posts[0].body as { from: number; to: number };
		expect(to).toBe(from);
		// Simplify is on in the example: cleverTapId is the simplified profile's field.
		const emitted = outputItems(run, 'CleverTap Trigger');
		expect(emitted.map((item) => item.json.cleverTapId)).toEqual(
			simulator.dataset.objectIdsFor('Charged', from, to),
		);
		expect(outputItems(run, 'Convert to CSV')[0].binary?.data.mimeType).toBe('text/csv');
		await n8n.stop();
		printed.push(n8n.output());
	});

	test('n8n reached nothing outside this machine, and no passcode is in its output or in plain text in its database', () => {
		expect(printed).toHaveLength(10); // publish, the 8 executions above, n8n start
		const text = printed.join('\n');
		expect(text).not.toMatch(
			/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|api\.n8n\.io|registry\.npmjs\.org|\[Rudder\]/,
		);
		const n8nFolder = path.join(sandbox.userFolder, '.n8n');
		const database = readdirSync(n8nFolder).filter((name) => name.startsWith('database.sqlite'));
		expect(database).toContain('database.sqlite');
		const bytes = Buffer.concat(database.map((name) => readFileSync(path.join(n8nFolder, name))));
		for (const passcode of [DEMO_ACCOUNT.passcode, WRONG_PASSCODE]) {
			expect(text.includes(passcode)).toBe(false);
			expect(bytes.includes(passcode)).toBe(false);
		}
	});
});
