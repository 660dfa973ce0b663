import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { CleverTap } from '../nodes/CleverTap/CleverTap.node';
import {
	CLEVERTAP_NODE_TYPE,
	fullNodeTypeName,
	loadPackage,
	REPO_ROOT,
} from './helpers/n8n-engine';

const CLEVERTAP_TRIGGER_NODE_TYPE = fullNodeTypeName('cleverTapTrigger');

const packageJson = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));

describe('package.json, as n8n reads it', () => {
	it('is a community node package with no runtime dependencies and only n8n-workflow as peer', () => {
		expect(packageJson.name).toBe('n8n-nodes-clevertap');
		expect(packageJson.keywords).toContain('n8n-community-node-package');
		expect(packageJson.dependencies).toBeUndefined();
		expect(packageJson.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(packageJson.engines).toEqual({ node: '>=20.19' });
		expect(packageJson.files).toEqual(['dist']);
	});

	it('points its n8n section at built files that exist', () => {
		const { n8n } = packageJson;
		expect(n8n.strict).toBe(true);
		const paths: string[] = [...n8n.nodes, ...n8n.credentials];
		expect(paths).toEqual([
			'dist/nodes/CleverTap/CleverTap.node.js',
			'dist/nodes/CleverTap/CleverTapTrigger.node.js',
			'dist/credentials/CleverTapApi.credentials.js',
		]);
		for (const file of paths) expect(existsSync(path.join(REPO_ROOT, file))).toBe(true);
	});

	it('has the icons and the codex files copied into dist by the build', () => {
		for (const asset of ['clevertap.svg', 'clevertap.dark.svg']) {
			expect(existsSync(path.join(REPO_ROOT, 'dist/nodes/CleverTap', asset))).toBe(true);
		}
		for (const [file, nodeType] of [
			['CleverTap.node.json', CLEVERTAP_NODE_TYPE],
			['CleverTapTrigger.node.json', CLEVERTAP_TRIGGER_NODE_TYPE],
		]) {
			const codex = JSON.parse(
				readFileSync(path.join(REPO_ROOT, 'dist/nodes/CleverTap', file), 'utf8'),
			);
			expect(codex.node).toBe(nodeType);
		}
	});

	it("loads through n8n-core's PackageDirectoryLoader with its node, its polling trigger and credential", async () => {
		const loaded = await loadPackage();
		const nodeType = loaded.nodeTypes.getByNameAndVersion(CLEVERTAP_NODE_TYPE);
		expect(nodeType.description.displayName).toBe('CleverTap');
		expect(nodeType.description.credentials).toEqual([{ name: 'cleverTapApi', required: true }]);
		const trigger = loaded.nodeTypes.getByNameAndVersion(CLEVERTAP_TRIGGER_NODE_TYPE);
		expect(trigger.description).toMatchObject({
			displayName: 'CleverTap Trigger',
			polling: true,
			inputs: [],
			credentials: [{ name: 'cleverTapApi', required: true }],
		});
		expect(trigger.description.usableAsTool).toBeUndefined(); // n8n's lint forbids it on a trigger
		expect(typeof trigger.poll).toBe('function');
	});
});

describe('CleverTap node description', () => {
	const { description } = new CleverTap();
	const parameter = (name: string) =>
		description.properties.filter((property) => property.name === name);

	it('is usable as an AI agent tool and shows the operation as its subtitle', () => {
		expect(description.usableAsTool).toBe(true);
		expect(description.subtitle).toContain('$parameter["operation"]');
	});

	it('offers the Profile resource with Get by Event and Get by ID, each with an action for agents', () => {
		const [operation] = parameter('operation');
		const options = (operation.options ?? []) as Array<{
			value: string;
			action?: string;
			description?: string;
		}>;
		expect(options.map((option) => option.value)).toEqual(['getByEvent', 'getById']);
		for (const option of options) {
			expect(option.action).toBeTruthy();
			expect(option.description).toBeTruthy();
		}
	});

	it('keeps the public parameter names that workflows store', () => {
		const names = new Set(description.properties.map((property) => property.name));
		for (const name of [
			'eventName',
			'fromDate',
			'toDate',
			'returnAll',
			'limit',
			'options',
			'identifierType',
			'identifier',
		]) {
			expect(names.has(name)).toBe(true);
		}
		const [options] = parameter('options');
		const optionNames = ((options.options ?? []) as Array<{ name: string }>).map(
			(option) => option.name,
		);
		expect(optionNames).toEqual(
			expect.arrayContaining([
				'batchSize',
				'dropRepeatedProfiles',
				'includeAppFields',
				'includeEventSummary',
				'includeProfileProperties',
				'maxRetries',
				'retryDelay',
				'timeout',
			]),
		);
	});

	it('defaults Return All off with a limit of 50, as n8n nodes do', () => {
		expect(parameter('returnAll')[0].default).toBe(false);
		expect(parameter('limit')[0].default).toBe(50);
	});
});
