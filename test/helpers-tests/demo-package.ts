/**
 * A throwaway n8n community package, written to a temp dir, so the harness can be proven
 * without our real (maybe not yet built) node. Plain JS, like a package's `dist/`.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const DEMO_PACKAGE_NAME = 'n8n-nodes-harness-demo';
export const DEMO_CREDENTIAL = 'demoApi';

export const DEMO_RULE_MESSAGES = {
	rejectedKey: 'The API key was rejected',
	suspendedAccount: 'This account is suspended',
};

const packageJson = {
	name: DEMO_PACKAGE_NAME,
	version: '0.0.1',
	n8n: {
		n8nNodesApiVersion: 1,
		nodes: ['dist/nodes/Demo.node.js'],
		credentials: ['dist/credentials/DemoApi.credentials.js'],
	},
};

/** Calls GET <baseUrl>/echo once per item with the item's `fail` (a status code to answer with). */
const demoNode = `
class Demo {
	constructor() {
		this.description = {
			displayName: 'Demo',
			name: 'demo',
			group: ['transform'],
			version: 1,
			description: 'Echoes each item through the demo API',
			defaults: { name: 'Demo' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: '${DEMO_CREDENTIAL}', required: true }],
			properties: [
				{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: '' },
			],
		};
	}

	async execute() {
		const items = this.getInputData();
		const output = [];
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			try {
				this.logger.info('Demo node sends item ' + itemIndex, { itemIndex });
				const response = await this.helpers.httpRequestWithAuthentication.call(this, '${DEMO_CREDENTIAL}', {
					method: 'GET',
					url: this.getNodeParameter('baseUrl', itemIndex) + '/echo',
					qs: { item: itemIndex, fail: items[itemIndex].json.fail },
					json: true,
				});
				output.push({ json: response, pairedItem: { item: itemIndex } });
			} catch (error) {
				if (this.continueOnFail()) {
					output.push({ json: { error: error.message }, pairedItem: { item: itemIndex } });
					continue;
				}
				throw error;
			}
		}
		return [output];
	}
}
module.exports = { Demo };
`;

const demoCredential = `
class DemoApi {
	constructor() {
		this.name = '${DEMO_CREDENTIAL}';
		this.displayName = 'Demo API';
		this.properties = [
			{ displayName: 'API Key', name: 'apiKey', type: 'string', typeOptions: { password: true }, default: '' },
			{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: '' },
			{ displayName: 'Tenant', name: 'tenant', type: 'string', default: 'default-tenant' },
		];
		this.authenticate = {
			type: 'generic',
			properties: {
				headers: { 'X-Api-Key': '={{$credentials.apiKey}}' },
				qs: { tenant: '={{$credentials.tenant}}' },
			},
		};
		this.test = {
			request: { baseURL: '={{$credentials.baseUrl}}', url: '/me' },
			rules: [
				{ type: 'responseCode', properties: { value: 401, message: '${DEMO_RULE_MESSAGES.rejectedKey}' } },
				{
					type: 'responseSuccessBody',
					properties: { key: 'account.status', value: 'suspended', message: '${DEMO_RULE_MESSAGES.suspendedAccount}' },
				},
			],
		};
	}
}
module.exports = { DemoApi };
`;

export interface DemoPackage {
	directory: string;
	remove(): void;
}

export function writeDemoPackage(): DemoPackage {
	const directory = mkdtempSync(path.join(tmpdir(), 'n8n-harness-demo-'));
	writeFile(directory, 'package.json', JSON.stringify(packageJson, null, '\t'));
	writeFile(directory, 'dist/nodes/Demo.node.js', demoNode);
	writeFile(directory, 'dist/credentials/DemoApi.credentials.js', demoCredential);
	return { directory, remove: () => rmSync(directory, { recursive: true, force: true }) };
}

function writeFile(root: string, relativePath: string, content: string): void {
	const filePath = path.join(root, relativePath);
	mkdirSync(path.dirname(filePath), { recursive: true });
	writeFileSync(filePath, content);
}
