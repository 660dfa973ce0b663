/**
 * The "Test" button of n8n's credential dialog for a credential whose `test` is a request: what
 * n8n's CredentialsTester (packages/cli/src/services/credentials-tester.service.ts) does, on
 * n8n-core's RoutingNode and ExecuteContext.
 */
import { ExecuteContext, RoutingNode } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	INode,
	INodeCredentialTestResult,
	INodeType,
} from 'n8n-workflow';
import { Workflow, createEmptyRunExecutionData } from 'n8n-workflow';
import { randomUUID } from 'node:crypto';

import { TestCredentialsHelper } from './credentials-helper';
import { loadPackage } from './package-loader';
import { createAdditionalData } from './run-workflow';

export async function testCredential(
	credentialTypeName: string,
	data: ICredentialDataDecryptedObject,
): Promise<INodeCredentialTestResult> {
	const loadedPackage = await loadPackage();
	const testRequest = loadedPackage.credentialType(credentialTypeName).test!;
	const helper = new TestCredentialsHelper(loadedPackage, { [credentialTypeName]: data });
	const credentials = {
		id: 'credential-under-test',
		name: `Test ${credentialTypeName}`,
		type: credentialTypeName,
		data: await helper.getDecrypted(undefined, undefined, credentialTypeName),
	};
	// The tester's temporary node: a No Operation node whose one property sends the test request.
	const nodeType: INodeType = {
		description: {
			displayName: 'No Operation, do nothing',
			name: 'n8n-nodes-base.noOp',
			group: ['organization'],
			version: 1,
			description: 'Sends the credential test request',
			defaults: { name: 'Temp-Node' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: credentialTypeName, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: testRequest.request },
					default: '',
				},
			],
		},
	};
	const node: INode = {
		id: 'temp',
		name: 'Temp-Node',
		type: nodeType.description.name,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { [credentialTypeName]: { id: credentials.id, name: credentials.name } },
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: loadedPackage.nodeTypes({ [nodeType.description.name]: nodeType }),
	});
	const context = new ExecuteContext(
		workflow,
		node,
		createAdditionalData(randomUUID(), helper),
		'internal',
		createEmptyRunExecutionData(),
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);

	try {
		await new RoutingNode(context, nodeType, credentials).runNode();
	} catch (error) {
		// n8n matches the `responseCode` rules against the status of the HTTP error NodeApiError wraps.
		const status = (error as { cause?: { response?: { status: number } } }).cause?.response?.status;
		const rule = testRequest.rules?.find(
			(each) => each.type === 'responseCode' && each.properties.value === status,
		);
		return { status: 'Error', message: rule?.properties.message ?? String(error.message) };
	}
	// n8n would then apply `responseSuccessBody` rules; our credential has none.
	return { status: 'OK', message: 'Connection successful!' };
}
