/**
 * `npm run test:ui`: the package in n8n's editor, in a real browser. n8n (`n8n start`, 127.0.0.1)
 * runs with the package installed from its npm tarball and a CleverTap credential pointing at the
 * simulator; an owner account is set up through n8n's REST API; headless Chromium signs in through
 * the sign-in form and works the editor as a person would.
 *
 * Screenshots: taken on every run, into a temporary folder, so that a test run never changes
 * tracked files. `npm run screenshots` (UPDATE_SCREENSHOTS=1) writes them to docs/screenshots/
 * instead, with the simulator on its documented port, 8787, so the Base URL they show is stable.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { selectors, type Locator, type Page } from 'playwright-core';

import { startSimulator, type CleverTapSimulator, DEMO_ACCOUNT } from '../simulator';
import { exampleQuery, exampleWorkflow, simulatorCredential, WRONG_PASSCODE } from './fixtures';
import { ensureChromium, launchChromium, type Browser } from './support/chromium';
import { LOCAL_OWNER, setUpOwner, startN8n, type RunningN8n } from './support/n8n-instance';
import { prepareSandbox, type PreparedSandbox } from './support/n8n-sandbox';
import { REPO_ROOT } from './support/package-install';
import { log, waitFor } from './support/processes';

const SETUP_TIMEOUT_MS = 30 * 60_000; // a cold n8n install, once per machine
const STEP_TIMEOUT_MS = 30_000; // any one wait in the browser

const EXAMPLE_WORKFLOW_ID = 'ctUiExample';

const UPDATE_SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1';
const SCREENSHOTS = UPDATE_SCREENSHOTS
	? path.join(REPO_ROOT, 'docs', 'screenshots')
	: mkdtempSync(path.join(tmpdir(), 'n8n-nodes-clevertap-screenshots-'));
/** The port `npm run simulator` uses and the README shows; any free port otherwise. */
const SCREENSHOT_SIMULATOR_PORT = 8787;

let simulator: CleverTapSimulator | undefined;
let sandbox: PreparedSandbox | undefined;
let n8n: RunningN8n | undefined;
let browser: Browser | undefined;
let page: Page;

/** The options of the dropdown that is open now (n8n's selects render them in a popper at the end of the page). */
const openOptions = () => page.locator('.el-select-dropdown:visible .el-select-dropdown__item');

async function optionTexts(): Promise<string[]> {
	await openOptions().first().waitFor();
	return (await openOptions().allInnerTexts()).map((text) => text.split('\n')[0].trim());
}

/** The input's value once it settles (n8n fills selects a moment after they appear), or the last one seen. */
async function settledValue(input: Locator, expected: string): Promise<string> {
	let value = '';
	await waitFor(
		`"${expected}" in the input`,
		async () => (value = await input.inputValue()) === expected,
		{ timeoutMs: 10_000 },
	).catch(() => undefined);
	return value;
}

/** A picture for the README: animations finished, the pointer out of the way. */
async function snap(file: string): Promise<void> {
	await page.mouse.move(0, 0);
	await page.screenshot({ path: path.join(SCREENSHOTS, file), animations: 'disabled' });
}

async function choose(select: Locator, option: string): Promise<void> {
	await select.click();
	await openOptions().filter({ hasText: option }).first().click();
	await openOptions().first().waitFor({ state: 'hidden' });
}

/** A test that, when it fails, leaves a screenshot of the page behind in the temporary folder and says where. */
function uiTest(name: string, steps: () => Promise<void>): void {
	test(name, async () => {
		try {
			await steps();
		} catch (error) {
			const file = path.join(
				tmpdir(),
				`n8n-nodes-clevertap-ui-failure-${name.replace(/\W+/g, '-').slice(0, 60)}.png`,
			);
			await page?.screenshot({ path: file }).then(
				() => log(`screenshot of the failure: ${file}`),
				() => undefined,
			);
			throw error;
		}
	});
}

beforeAll(async () => {
	await ensureChromium(); // first: on a fresh machine it comes from apt
	simulator = await startSimulator({ port: UPDATE_SCREENSHOTS ? SCREENSHOT_SIMULATOR_PORT : 0 });
	log(`screenshots go to ${SCREENSHOTS}`);
	sandbox = await prepareSandbox('ui', {
		credentials: [simulatorCredential(simulator.url)],
		workflows: [exampleWorkflow(EXAMPLE_WORKFLOW_ID)],
	});
	n8n = await startN8n(sandbox);
	await setUpOwner(n8n);
	browser = await launchChromium();
	selectors.setTestIdAttribute('data-test-id'); // n8n's editor marks its elements with data-test-id
	page = browser.context.pages()[0] ?? (await browser.context.newPage());
	page.on('dialog', (dialog) => void dialog.accept()); // "leave the page?" when moving on from a workflow
	page.setDefaultTimeout(STEP_TIMEOUT_MS);
	page.setDefaultNavigationTimeout(60_000);
	mkdirSync(SCREENSHOTS, { recursive: true });

	await page.goto(`${n8n.url}/signin`);
	await page.locator('input[name=emailOrLdapLoginId]').fill(LOCAL_OWNER.email);
	await page.locator('input[name=password]').fill(LOCAL_OWNER.password);
	await page.getByTestId('form-submit-button').click();
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
	if (browser?.blockedRequests.length)
		log(`the editor tried to reach (refused): ${[...new Set(browser.blockedRequests)].join(', ')}`);
	await browser?.close();
	await n8n?.stop();
	await simulator?.close();
	sandbox?.remove();
});

// The tests build on each other, as one session in the editor: each continues where the last stopped.
describe('the CleverTap node in the n8n editor (Chromium)', () => {
	uiTest('the example workflow runs from the editor and shows every January buyer', async () => {
		const { eventName, from, to } = exampleQuery();
		const expected = simulator!.dataset.profilesFor(eventName, from, to).length;
		await page.goto(`${n8n!.url}/workflow/${EXAMPLE_WORKFLOW_ID}`);
		await page.getByTestId('execute-workflow-button').click();
		const node = page.getByTestId('canvas-node').filter({ hasText: 'Get Profiles by Event' });
		await node.getByText(`${expected} items`, { exact: true }).waitFor({ timeout: 60_000 });

		await node.dblclick();
		await page
			.getByTestId('output-panel')
			.getByText(`${expected} items`, { exact: true })
			.waitFor();
		await snap('example-run.png');
		await page.getByTestId('ndv-close-button').click();
		await page.getByTestId('ndv').waitFor({ state: 'hidden' });
	});

	uiTest('the nodes panel finds CleverTap: its trigger and its two actions', async () => {
		await page.goto(`${n8n!.url}/workflow/new`);
		await page.getByTestId('node-creator-plus-button').click();
		await page.getByTestId('node-creator-search-bar').fill('CleverTap');
		const item = page.getByTestId('node-creator-item-name').filter({ hasText: /^CleverTap$/ });
		await item.waitFor();
		await item.click();
		const creator = page.getByTestId('node-creator');
		// The package has a trigger too: on an empty canvas n8n lists it first, the actions folded.
		await creator.getByText('On profiles who did an event', { exact: true }).waitFor();
		await creator.getByText('Actions (2)', { exact: true }).click();
		await creator.getByText('Get profiles by event', { exact: true }).waitFor();
		await creator.getByText('Get a profile by ID', { exact: true }).waitFor();
	});

	uiTest('Get by Event shows Event Name, From Date, To Date, Return All and Limit', async () => {
		await page
			.getByTestId('node-creator')
			.getByText('Get profiles by event', { exact: true })
			.click();
		const ndv = page.getByTestId('ndv');
		await ndv.waitFor();
		const parameters = ndv.getByTestId('node-parameters');
		for (const name of ['eventName', 'fromDate', 'toDate', 'returnAll', 'limit']) {
			await parameters.getByTestId(`parameter-input-${name}`).waitFor();
		}
		const text = await parameters.innerText();
		for (const label of [
			'Resource',
			'Operation',
			'Event Name',
			'From Date',
			'To Date',
			'Return All',
			'Limit',
			'Options',
		]) {
			expect(text).toContain(label);
		}
		expect(text).not.toContain('Identifier Type');
		// The imported credential is the only CleverTap one, so n8n picks it.
		expect(
			await settledValue(
				ndv.getByTestId('node-credentials-select').locator('input'),
				'CleverTap account',
			),
		).toBe('CleverTap account');

		// Return All on hides Limit; off shows it again.
		await parameters.getByTestId('parameter-input-returnAll').locator('.el-switch').click();
		await parameters.getByTestId('parameter-input-limit').waitFor({ state: 'detached' });
		await parameters.getByTestId('parameter-input-returnAll').locator('.el-switch').click();
		await parameters.getByTestId('parameter-input-limit').waitFor();

		// Filled in as in the example workflow, for the picture.
		await parameters.getByTestId('parameter-input-eventName').locator('input').fill('Charged');
		await parameters.getByTestId('parameter-input-eventName').locator('input').blur();
		for (const [name, value] of [
			['fromDate', '2024-01-01 00:00:00'],
			['toDate', '2024-01-31 00:00:00'],
		]) {
			const input = parameters.getByTestId(`parameter-input-${name}`).locator('input');
			await input.fill(value);
			await input.press('Enter');
			expect(await settledValue(input, value)).toBe(value);
		}
		await snap('node-panel.png');
	});

	uiTest(
		'the Operation list has both operations, and Get by ID shows Identifier Type and Identifier',
		async () => {
			const parameters = page.getByTestId('ndv').getByTestId('node-parameters');
			await parameters.getByTestId('parameter-input-operation').click();
			expect(await optionTexts()).toEqual(expect.arrayContaining(['Get by Event', 'Get by ID']));
			await openOptions().filter({ hasText: 'Get by ID' }).first().click();

			await parameters.getByTestId('parameter-input-identifierType').waitFor();
			await parameters.getByTestId('parameter-input-identifier').waitFor();
			await parameters.getByTestId('parameter-input-eventName').waitFor({ state: 'detached' });
			const text = await parameters.innerText();
			expect(text).toContain('Identifier Type');
			expect(text).toContain('Identifier');
			expect(text).not.toContain('Event Name');

			await parameters.getByTestId('parameter-input-identifierType').click();
			expect(await optionTexts()).toEqual(['Email', 'Identity', 'CleverTap ID']);
			await page.keyboard.press('Escape');
			await parameters
				.getByTestId('parameter-input-identifier')
				.locator('input')
				.fill('jane@example.com');
			await parameters.getByTestId('parameter-input-identifier').locator('input').blur();
			await snap('node-panel-get-by-id.png');
		},
	);

	uiTest(
		'the credential form shows Base URL and Allow Unencrypted HTTP only for Region = Custom URL',
		async () => {
			await page.getByTestId('ndv').getByTestId('node-credentials-select').click();
			await page.getByText('Create new credential', { exact: true }).click();
			const dialog = page.getByTestId('credential-edit-dialog');
			await dialog.waitFor();
			for (const name of ['accountId', 'passcode', 'region'])
				await dialog.getByTestId(`parameter-input-${name}`).waitFor();
			expect(await dialog.getByTestId('parameter-input-baseUrl').count()).toBe(0);

			await dialog.getByTestId('parameter-input-region').click();
			expect(await optionTexts()).toContain('Custom URL');
			await snap('credential-regions.png');
			await openOptions().filter({ hasText: 'Custom URL' }).first().click();
			await dialog.getByTestId('parameter-input-baseUrl').waitFor();
			await dialog.getByTestId('parameter-input-allowPlainHttp').waitFor();
			expect(await dialog.innerText()).not.toMatch(/crosses the network unencrypted/);

			await choose(dialog.getByTestId('parameter-input-region'), 'United States (us1)');
			await dialog.getByTestId('parameter-input-baseUrl').waitFor({ state: 'detached' });
			expect(await dialog.getByTestId('parameter-input-allowPlainHttp').count()).toBe(0);
			await choose(dialog.getByTestId('parameter-input-region'), 'Custom URL');
			await dialog.getByTestId('parameter-input-baseUrl').waitFor();
		},
	);

	uiTest(
		'Save runs the credential test: a wrong passcode is refused with a hint to check the region, the right one passes',
		async () => {
			const modal = page.getByTestId('editCredential-modal'); // header (name, Save) and the form
			const dialog = modal.getByTestId('credential-edit-dialog');
			const passcode = dialog.getByTestId('parameter-input-passcode').locator('input');
			await dialog
				.getByTestId('parameter-input-accountId')
				.locator('input')
				.fill(DEMO_ACCOUNT.accountId);
			await passcode.fill(WRONG_PASSCODE);
			await dialog.getByTestId('parameter-input-baseUrl').locator('input').fill(simulator!.url);
			await dialog.getByTestId('parameter-input-baseUrl').locator('input').blur();
			await snap('credential-form.png');

			simulator!.clearRequests();
			await modal.getByTestId('credential-save-button').click();
			await modal.getByText(/Couldn.t connect with these settings/).waitFor();
			await modal.getByText('More details', { exact: true }).click();
			await modal.getByText(/CleverTap refused these credentials/).waitFor();
			expect(await modal.innerText()).toMatch(/check the region as well/);
			await snap('credential-refused.png');

			await passcode.fill(DEMO_ACCOUNT.passcode);
			await modal.getByTestId('credential-save-button').click();
			// A credential whose test passes is saved and the form closes, back to the node with it chosen.
			await modal.waitFor({ state: 'detached' });
			await page.getByText('Credential saved', { exact: true }).waitFor();
			const chosen = page
				.getByTestId('ndv')
				.getByTestId('node-credentials-select')
				.locator('input');
			expect(await settledValue(chosen, 'CleverTap account 2')).toBe('CleverTap account 2');

			// n8n may test a refused credential more than once; the last test is the one that passed.
			const lookups = simulator!.requests.filter((request) => request.path === '/1/profile.json');
			const statuses = lookups.map((request) => request.status);
			expect(statuses.at(-1)).toBe(200);
			expect(statuses.slice(0, -1).length).toBeGreaterThanOrEqual(1);
			expect(new Set(statuses.slice(0, -1))).toEqual(new Set([401]));
			expect(lookups.every((request) => request.query.identity === 'n8n-credential-test')).toBe(
				true,
			);
			expect(
				lookups.every(
					(request) => request.headers['x-clevertap-account-id'] === DEMO_ACCOUNT.accountId,
				),
			).toBe(true);
		},
	);
});
