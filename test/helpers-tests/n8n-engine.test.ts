/**
 * Proves the workflow harness against a throwaway package and a local HTTP server, so it is
 * known to work before (and independently of) our CleverTap node.
 */
import type { IDataObject } from 'n8n-workflow';

import type { WorkflowNodeSpec } from '../helpers/n8n-engine';
import {
	fullNodeTypeName,
	harnessLogger,
	loadPackage,
	runWorkflow,
	testCredential,
} from '../helpers/n8n-engine';
import type { DemoPackage } from './demo-package';
import {
	DEMO_CREDENTIAL,
	DEMO_PACKAGE_NAME,
	DEMO_RULE_MESSAGES,
	writeDemoPackage,
} from './demo-package';
import type { DemoServer } from './demo-server';
import { KEYS, startDemoServer } from './demo-server';

let demoPackage: DemoPackage;
let server: DemoServer;

beforeAll(async () => {
	demoPackage = writeDemoPackage();
	server = await startDemoServer();
});

afterAll(async () => {
	await server.close();
	demoPackage.remove();
});

beforeEach(() => {
	server.requests.length = 0;
});

const DEMO_NODE_TYPE = `${DEMO_PACKAGE_NAME}.demo`;

function demoNode(overrides: Partial<WorkflowNodeSpec> = {}): WorkflowNodeSpec {
	return {
		name: 'Demo',
		type: DEMO_NODE_TYPE,
		parameters: { baseUrl: server.baseUrl },
		...overrides,
	};
}

async function runDemo(options: {
	items: IDataObject[];
	apiKey?: string;
	node?: Partial<WorkflowNodeSpec>;
}) {
	return await runWorkflow({
		packageDirectory: demoPackage.directory,
		nodes: [demoNode(options.node)],
		inputItems: options.items,
		credentials: {
			[DEMO_CREDENTIAL]: { apiKey: options.apiKey ?? KEYS.active, baseUrl: server.baseUrl },
		},
	});
}

describe('loading a package', () => {
	it('names node types <package name>.<node name>, as n8n does', async () => {
		const loaded = await loadPackage(demoPackage.directory);

		expect(fullNodeTypeName('demo', demoPackage.directory)).toBe(DEMO_NODE_TYPE);
		expect(loaded.nodeTypeNames).toEqual([DEMO_NODE_TYPE]);
		expect(loaded.credentialTypeNames).toEqual([DEMO_CREDENTIAL]);
		expect(loaded.supportedNodesOf(DEMO_CREDENTIAL)).toEqual([DEMO_NODE_TYPE]);
	});
});

describe('runWorkflow', () => {
	it('signs requests with the credential generic authenticate block, resolved by n8n expressions', async () => {
		const result = await runDemo({ items: [{}] });

		expect(result.status).toBe('success');
		expect(server.requests).toHaveLength(1);
		expect(server.requests[0].headers['x-api-key']).toBe(KEYS.active);
		// `tenant` was not given: the credential property's default was applied, as in n8n.
		expect(server.requests[0].query.tenant).toBe('default-tenant');
	});

	it('sends one request per input item and pairs each output item with its input', async () => {
		const result = await runDemo({ items: [{ id: 'a' }, { id: 'b' }, { id: 'c' }] });

		expect(result.status).toBe('success');
		expect(server.requests.map((request) => request.query.item)).toEqual(['0', '1', '2']);
		expect(result.outputOf('Demo')).toEqual([
			{ json: { item: 0, tenant: 'default-tenant' }, pairedItem: { item: 0 } },
			{ json: { item: 1, tenant: 'default-tenant' }, pairedItem: { item: 1 } },
			{ json: { item: 2, tenant: 'default-tenant' }, pairedItem: { item: 2 } },
		]);
		expect(result.executedNodes).toEqual(['Demo']);
	});

	it('surfaces an error the node throws as the run error', async () => {
		const result = await runDemo({ items: [{ fail: '500' }] });

		expect(result.status).toBe('error');
		expect(result.error).toMatchObject({ name: 'NodeApiError', httpCode: '500', node: 'Demo' });
		expect(result.nodeErrorOf('Demo')).toMatchObject({ name: 'NodeApiError', httpCode: '500' });
		expect(result.outputOf('Demo')).toEqual([]);
	});

	it.each([
		['continueOnFail', { continueOnFail: true }],
		['onError: continueRegularOutput', { onError: 'continueRegularOutput' as const }],
	])(
		'with %s, emits an error item for the failing item and goes on with the others',
		async (_label, settings) => {
			const result = await runDemo({ items: [{}, { fail: '500' }, {}], node: settings });

			expect(result.status).toBe('success');
			expect(result.error).toBeUndefined();
			expect(server.requests).toHaveLength(3);
			const output = result.outputOf('Demo');
			expect(output.map((item) => item.pairedItem)).toEqual([
				{ item: 0 },
				{ item: 1 },
				{ item: 2 },
			]);
			expect(output[0].json).toEqual({ item: 0, tenant: 'default-tenant' });
			expect(output[1].json.error).toEqual(expect.any(String));
			expect(output[2].json).toEqual({ item: 2, tenant: 'default-tenant' });
		},
	);

	it('lets items flow along connections to the next node', async () => {
		const result = await runWorkflow({
			packageDirectory: demoPackage.directory,
			nodes: [demoNode({ name: 'First' }), demoNode({ name: 'Second' })],
			connections: { First: { main: [[{ node: 'Second', type: 'main', index: 0 }]] } },
			inputItems: [{}, {}],
			credentials: { [DEMO_CREDENTIAL]: { apiKey: KEYS.active } },
		});

		expect(result.executedNodes).toEqual(['First', 'Second']);
		expect(server.requests).toHaveLength(4);
		expect(result.outputOf('Second').map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
		]);
	});

	it('retries a 401 once, as n8n-core does for every credential, then fails', async () => {
		const result = await runDemo({ items: [{}], apiKey: 'wrong-key' });

		expect(result.error).toMatchObject({ name: 'NodeApiError', httpCode: '401' });
		expect(server.requests).toHaveLength(2);
	});

	it('keeps nothing from one run to the next', async () => {
		await runDemo({ items: [{}], apiKey: KEYS.suspended });
		await runDemo({ items: [{}], apiKey: KEYS.active });

		expect(server.requests.map((request) => request.headers['x-api-key'])).toEqual([
			KEYS.suspended,
			KEYS.active,
		]);
	});
});

describe('logging', () => {
	it('captures what the node logs through this.logger', async () => {
		const result = await runDemo({ items: [{}, {}] });

		const nodeLines = result.logs.filter((entry) =>
			entry.message.startsWith('Demo node sends item'),
		);
		expect(nodeLines).toEqual([
			{ level: 'info', message: 'Demo node sends item 0', metadata: { itemIndex: 0 } },
			{ level: 'info', message: 'Demo node sends item 1', metadata: { itemIndex: 1 } },
		]);
		expect(harnessLogger().messages('info')).toContain('Demo node sends item 1');
	});

	it('starts each run with an empty log, and the API key never shows up in it, even on failure', async () => {
		await runDemo({ items: [{}] });
		const result = await runDemo({ items: [{ fail: '500' }], apiKey: KEYS.suspended });

		expect(
			result.logs.filter((entry) => entry.message.startsWith('Demo node sends item')),
		).toHaveLength(1);
		expect(result.logs.some((entry) => entry.level === 'error')).toBe(true);
		expect(harnessLogger().contains(KEYS.suspended)).toBe(false);
	});
});

describe('testCredential', () => {
	const test = async (apiKey: string) =>
		await testCredential(
			DEMO_CREDENTIAL,
			{ apiKey, baseUrl: server.baseUrl },
			{ packageDirectory: demoPackage.directory },
		);

	it('passes for a key the API accepts', async () => {
		await expect(test(KEYS.active)).resolves.toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		expect(server.requests[0]).toMatchObject({
			path: '/me',
			headers: { 'x-api-key': KEYS.active },
		});
	});

	it('fails with the responseCode rule message on 401', async () => {
		await expect(test('wrong-key')).resolves.toEqual({
			status: 'Error',
			message: DEMO_RULE_MESSAGES.rejectedKey,
		});
	});

	it('fails with the responseSuccessBody rule message when a 200 body matches it', async () => {
		await expect(test(KEYS.suspended)).resolves.toEqual({
			status: 'Error',
			message: DEMO_RULE_MESSAGES.suspendedAccount,
		});
	});

	it('reports the network error code when nothing answers', async () => {
		const result = await testCredential(
			DEMO_CREDENTIAL,
			{ apiKey: KEYS.active, baseUrl: 'http://127.0.0.1:9' },
			{ packageDirectory: demoPackage.directory },
		);

		expect(result).toEqual({ status: 'Error', message: 'ECONNREFUSED' });
	});
});
