/**
 * `npm run test:ui`: the packed package in n8n's editor, in Debian's Chromium driven by
 * playwright-core (Playwright's browser downloads need the internet), signed in through the form;
 * requests to anything but 127.0.0.1 are refused in the browser. The README's screenshots go to a
 * temporary folder, or with `npm run screenshots` to docs/screenshots/ (simulator on port 8787).
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { chromium, selectors, type BrowserContext, type Locator, type Page } from 'playwright-core';

import { startSimulator, type CleverTapSimulator, DEMO_ACCOUNT } from '../simulator';
import {
	EXAMPLE_NODE,
	exampleQuery,
	exampleWith,
	simulatorCredential,
	WRONG_PASSCODE,
} from './fixtures';
import {
	LOCAL_OWNER,
	prepareSandbox,
	REPO_ROOT,
	setUpOwner,
	startN8n,
	type RunningN8n,
	type Sandbox,
} from './support/n8n';
import { aptInstall, waitFor } from './support/processes';

const CHROMIUM = '/usr/bin/chromium';
const UPDATE_SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1';
const SCREENSHOTS = UPDATE_SCREENSHOTS
	? path.join(REPO_ROOT, 'docs', 'screenshots')
	: mkdtempSync(path.join(tmpdir(), 'n8n-nodes-clevertap-screenshots-'));

let simulator: CleverTapSimulator;
let sandbox: Sandbox | undefined;
let n8n: RunningN8n;
let browser: BrowserContext | undefined;
let page: Page;

const field = (scope: Locator, name: string) => scope.getByTestId(`parameter-input-${name}`);

async function fill(scope: Locator, name: string, value: string): Promise<void> {
	await field(scope, name).locator('input').fill(value);
	await field(scope, name).locator('input').blur();
}

/** The options of the dropdown open now (n8n renders them in a popper at the end of the page). */
const openOptions = () => page.locator('.el-select-dropdown:visible .el-select-dropdown__item');

/** Opens the dropdown, picks the option; returns the options it listed. */
async function choose(select: Locator, option: string): Promise<string[]> {
	await select.click();
	await openOptions().first().waitFor();
	const texts = (await openOptions().allInnerTexts()).map((text) => text.split('\n')[0].trim());
	await openOptions().filter({ hasText: option }).first().click();
	await openOptions().first().waitFor({ state: 'hidden' });
	return texts;
}

/** The input's value once it settles (n8n fills selects a moment after they appear), or the last seen. */
async function settledValue(input: Locator, expected: string): Promise<string> {
	let value = '';
	const settled = async () => (value = await input.inputValue()) === expected;
	await waitFor(`"${expected}" in the input`, settled, 10_000).catch(() => {});
	return value;
}

const VIEWPORT = { width: 1440, height: 900 };

/**
 * A picture for the README: animations finished, the pointer out of the way; `height` for a window
 * taller than the usual, so that a node's parameters fit in without scrolling.
 */
async function snap(file: string, height = VIEWPORT.height): Promise<void> {
	await page.setViewportSize({ ...VIEWPORT, height });
	await page.mouse.move(0, 0);
	await page.waitForTimeout(500); // the panels' layout follows the new window size
	await page.screenshot({ path: path.join(SCREENSHOTS, file), animations: 'disabled' });
	await page.setViewportSize(VIEWPORT);
}

beforeAll(async () => {
	if (!existsSync(CHROMIUM)) await aptInstall(['chromium']); // first: it may take a while
	simulator = await startSimulator({ port: UPDATE_SCREENSHOTS ? 8787 : 0 });
	sandbox = await prepareSandbox('ui', {
		credentials: [simulatorCredential(simulator.url)],
		workflow: [exampleWith('ctUiExample')],
	});
	n8n = await startN8n(sandbox);
	await setUpOwner(n8n, sandbox);
	browser = await chromium.launchPersistentContext('', {
		executablePath: CHROMIUM,
		args: ['--disable-gpu', '--disable-quic', '--disable-sync'], // and Playwright's own defaults
		viewport: VIEWPORT,
	});
	// Refused unless to 127.0.0.1, or a data: or blob: URL (no host).
	const outside = (url: URL) => !['127.0.0.1', ''].includes(url.hostname);
	await browser.route(outside, (route) => route.abort('blockedbyclient'));
	selectors.setTestIdAttribute('data-test-id'); // n8n's editor marks its elements with data-test-id
	page = browser.pages()[0] ?? (await browser.newPage());
	page.on('dialog', (dialog) => void dialog.accept()); // "leave the page?" when moving on from a workflow
	page.setDefaultTimeout(30_000);
	page.setDefaultNavigationTimeout(60_000);

	await page.goto(`${n8n.url}/signin`);
	await page.locator('input[name=emailOrLdapLoginId]').fill(LOCAL_OWNER.email);
	await page.locator('input[name=password]').fill(LOCAL_OWNER.password);
	await page.getByTestId('form-submit-button').click();
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
}, 30 * 60_000); // a cold n8n install, once per machine

afterAll(async () => {
	await browser?.close().catch(() => {});
	await n8n?.stop();
	await simulator?.close();
	sandbox?.remove();
});

// The tests build on each other, as one session in the editor: each continues where the last stopped.
describe('the CleverTap node in the n8n editor (Chromium)', () => {
	test('the example workflow runs from the editor and shows every January buyer', async () => {
		const { eventName, from, to } = exampleQuery();
		const shown = `${simulator.dataset.profilesFor(eventName, from, to).length} items`;
		await page.goto(`${n8n.url}/workflow/ctUiExample`);
		await page.getByTestId('execute-workflow-button').click();
		// By its name: the subtitle under it is the node's to change.
		const node = page.getByTestId('canvas-node').filter({ hasText: EXAMPLE_NODE.name });
		await node.getByText(shown, { exact: true }).waitFor({ timeout: 60_000 });

		await node.dblclick();
		await page.getByTestId('output-panel').getByText(shown, { exact: true }).waitFor();
		await snap('example-run.png', 1120);
		await page.getByTestId('ndv-close-button').click();
		await page.getByTestId('ndv').waitFor({ state: 'hidden' });
	});

	test('the nodes panel shows one CleverTap entry, described by what the package does, not by its trigger', async () => {
		await page.goto(`${n8n.url}/workflow/new`);
		await page.getByTestId('node-creator-plus-button').click();
		await page.getByTestId('node-creator-search-bar').fill('CleverTap');
		const name = page.getByTestId('node-creator-item-name').filter({ hasText: /^CleverTap$/ });
		await name.waitFor();
		expect(await name.count()).toBe(1);
		// n8n folds the trigger into the node's entry and gives it the trigger's description
		// (generateMergedNodesAndActions in the editor's nodeCreator/composables/useActionsGeneration.ts).
		const entry = page.getByTestId('node-creator-action-item').filter({ has: name });
		const description = await entry.getByTestId('node-creator-item-description').innerText();
		expect(description).toBe(
			'Export, look up and write CleverTap profiles and events, and trigger on them',
		);
	});

	test('the nodes panel finds CleverTap: its two triggers and its seven actions', async () => {
		await page.goto(`${n8n.url}/workflow/new`);
		await page.getByTestId('node-creator-plus-button').click();
		await page.getByTestId('node-creator-search-bar').fill('CleverTap');
		const item = page.getByTestId('node-creator-item-name').filter({ hasText: /^CleverTap$/ });
		await item.waitFor();
		await item.click();
		const creator = page.getByTestId('node-creator');
		// The package has a trigger too: on an empty canvas n8n lists it first, the actions folded.
		await creator.getByText('On profiles who did an event', { exact: true }).waitFor();
		await creator.getByText('On each event', { exact: true }).waitFor();
		await creator.getByText('Actions (7)', { exact: true }).click();
		for (const action of [
			'Get profiles by event',
			'Get a profile by ID',
			'Create or update a profile',
			'Delete a profile',
			'Create an event',
			'Get many events',
			'Get an event count',
		])
			await creator.getByText(action, { exact: true }).waitFor();
	});

	test('Get by Event shows Event Name, From Date, To Date, Output, Return All, Limit and Simplify', async () => {
		const creator = page.getByTestId('node-creator');
		await creator.getByText('Get profiles by event', { exact: true }).click();
		const ndv = page.getByTestId('ndv');
		const parameters = ndv.getByTestId('node-parameters');
		for (const name of [
			'eventName',
			'fromDate',
			'toDate',
			'output',
			'returnAll',
			'limit',
			'simplify',
		])
			await field(parameters, name).waitFor();
		const text = await parameters.innerText();
		expect(text).toMatch(
			/Resource[\s\S]*Operation[\s\S]*Event Name[\s\S]*From Date[\s\S]*To Date[\s\S]*Output[\s\S]*Return All[\s\S]*Limit[\s\S]*Simplify[\s\S]*Options/,
		);
		expect(text).not.toContain('Identifier Type');
		expect(text).not.toContain('File Format'); // One Item per Profile is the default Output
		// The imported credential is the only CleverTap one, so n8n picks it.
		const credential = ndv.getByTestId('node-credentials-select').locator('input');
		expect(await settledValue(credential, 'CleverTap account')).toBe('CleverTap account');

		// Return All on hides Limit; off shows it again.
		await field(parameters, 'returnAll').locator('.el-switch').click();
		await field(parameters, 'limit').waitFor({ state: 'detached' });
		await field(parameters, 'returnAll').locator('.el-switch').click();
		await field(parameters, 'limit').waitFor();

		// Filled in as in the example workflow, for the picture.
		await fill(parameters, 'eventName', 'Charged');
		for (const [name, value] of [
			['fromDate', '2024-01-01 00:00:00'],
			['toDate', '2024-01-31 00:00:00'],
		]) {
			const input = field(parameters, name).locator('input');
			await input.fill(value);
			await input.press('Enter');
			expect(await settledValue(input, value)).toBe(value);
		}
		await snap('node-panel.png', 1040);
	});

	test("Operation lists the profile's operations; Get by ID shows Identifier Type and Identifier", async () => {
		const parameters = page.getByTestId('ndv').getByTestId('node-parameters');
		const operations = await choose(field(parameters, 'operation'), 'Get by ID');
		expect(operations).toEqual(
			expect.arrayContaining(['Create or Update', 'Delete', 'Get by Event', 'Get by ID']),
		);
		await field(parameters, 'identifierType').waitFor();
		await field(parameters, 'identifier').waitFor();
		await field(parameters, 'eventName').waitFor({ state: 'detached' });

		const types = await choose(field(parameters, 'identifierType'), 'Identity');
		expect(types).toEqual(['Email', 'Identity', 'CleverTap ID']);
	});

	test('the credential form shows Base URL and Allow Unencrypted HTTP only for Custom URL', async () => {
		await page.getByTestId('ndv').getByTestId('node-credentials-select').click();
		await page.getByText('Create new credential', { exact: true }).click();
		const dialog = page.getByTestId('credential-edit-dialog');
		for (const name of ['accountId', 'passcode', 'region']) await field(dialog, name).waitFor();
		expect(await field(dialog, 'baseUrl').count()).toBe(0);

		expect(await choose(field(dialog, 'region'), 'Custom URL')).toContain('Custom URL');
		await field(dialog, 'baseUrl').waitFor();
		await field(dialog, 'allowPlainHttp').waitFor();
		expect(await dialog.innerText()).not.toMatch(/crosses the network unencrypted/);

		await choose(field(dialog, 'region'), 'United States (us1)');
		await field(dialog, 'baseUrl').waitFor({ state: 'detached' });
		expect(await field(dialog, 'allowPlainHttp').count()).toBe(0);
		await choose(field(dialog, 'region'), 'Custom URL');
		await field(dialog, 'baseUrl').waitFor();
	});

	test('Save tests the credential: a wrong passcode is refused with a region hint, the right one passes', async () => {
		const modal = page.getByTestId('editCredential-modal'); // header (name, Save) and the form
		const dialog = modal.getByTestId('credential-edit-dialog');
		await fill(dialog, 'accountId', DEMO_ACCOUNT.accountId);
		await fill(dialog, 'passcode', WRONG_PASSCODE);
		await fill(dialog, 'baseUrl', simulator.url);
		await snap('credential-form.png');

		simulator.clearRequests();
		await modal.getByTestId('credential-save-button').click();
		await modal.getByText(/Couldn.t connect with these settings/).waitFor();
		await modal.getByText('More details', { exact: true }).click();
		await modal.getByText(/CleverTap refused these credentials/).waitFor();
		expect(await modal.innerText()).toMatch(/check the region as well/);

		await fill(dialog, 'passcode', DEMO_ACCOUNT.passcode);
		await modal.getByTestId('credential-save-button').click();
		// A credential whose test passes is saved and the form closes, back to the node with it chosen.
		await modal.waitFor({ state: 'detached' });
		await page.getByText('Credential saved', { exact: true }).waitFor();
		const chosen = page.getByTestId('ndv').getByTestId('node-credentials-select').locator('input');
		expect(await settledValue(chosen, 'CleverTap account 2')).toBe('CleverTap account 2');

		// n8n may test a refused credential more than once; the last test is the one that passed.
		const lookups = simulator.requests.filter((request) => request.path === '/1/profile.json');
		expect(lookups.map((request) => request.status).join(' ')).toMatch(/^(401 )+200$/);
		for (const { query, headers } of lookups) {
			expect(query.identity).toBe('n8n-credential-test');
			expect(headers['x-clevertap-account-id']).toBe(DEMO_ACCOUNT.accountId);
		}
	});

	test('the trigger shows Poll Times, Trigger On, Event Name and Simplify; Fetch Test Event shows up to 10 simplified profiles of one day', async () => {
		await page.goto(`${n8n.url}/workflow/new`);
		await page.getByTestId('node-creator-plus-button').click();
		await page.getByTestId('node-creator-search-bar').fill('CleverTap');
		await page
			.getByTestId('node-creator-item-name')
			.filter({ hasText: /^CleverTap$/ })
			.click();
		const creator = page.getByTestId('node-creator');
		await creator.getByText('On profiles who did an event', { exact: true }).click();
		const ndv = page.getByTestId('ndv');
		const parameters = ndv.getByTestId('node-parameters');
		for (const name of ['triggerOn', 'eventName', 'simplify'])
			await field(parameters, name).waitFor();
		expect(await parameters.innerText()).toMatch(
			/Poll Times[\s\S]*Trigger On[\s\S]*Event Name[\s\S]*Simplify[\s\S]*Options/,
		);
		// Two CleverTap credentials exist now (n8n picks the newest): the examples' imported one, for the picture.
		const { id, name } = EXAMPLE_NODE.credentials.cleverTapApi;
		const credential = ndv.getByTestId('node-credentials-select');
		await credential.click();
		await page.getByTestId(`node-credentials-select-item-${id}`).click();
		expect(await settledValue(credential.locator('input'), name)).toBe(name);

		await fill(parameters, 'eventName', 'Charged');
		await field(parameters, 'simplify').locator('.el-switch').click();
		simulator.clearRequests();
		await ndv.getByTestId('node-execute-button').first().click();
		// One day's export: the last complete day (or the one before, if CleverTap still calls it future).
		const exported = () => simulator.requests.find((r) => r.method === 'POST' && r.status === 200);
		await waitFor('the export of one day', async () => !!exported(), 60_000);
		const { from, to } = exported()!.body as { from: number; to: number };
		expect(to).toBe(from);
		const sample = Math.min(10, simulator.dataset.objectIdsFor('Charged', from, to).length);
		expect(sample).toBeGreaterThan(1);
		const output = page.getByTestId('output-panel');
		await output.getByText(`${sample} items`, { exact: true }).waitFor({ timeout: 60_000 });
		await output.getByText('cleverTapId', { exact: true }).first().waitFor(); // Simplify's field
		await snap('trigger-node.png');
	});
});
