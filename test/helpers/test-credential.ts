/**
 * The "Test" button of n8n's credential dialog, for credentials whose `test` is a request:
 * what n8n's CredentialsTester (packages/cli/src/services/credentials-tester.service.ts)
 * does, rebuilt on n8n-core's RoutingNode and ExecuteContext.
 */
import { ExecuteContext, RoutingNode } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialsDecrypted,
	INode,
	INodeCredentialTestResult,
	INodeType,
	INodeTypes,
} from 'n8n-workflow';
import { NodeHelpers, Workflow, createEmptyRunExecutionData } from 'n8n-workflow';
import { randomUUID } from 'node:crypto';

import { TestCredentialsHelper, withCredentialDefaults } from './credentials-helper';
import { loadPackage } from './package-loader';
import { createAdditionalData } from './run-workflow';

/** The tester's temporary node is a copy of n8n's No Operation node; we have no n8n-nodes-base. */
const TEMP_NODE_TYPE = 'n8n-nodes-base.noOp';

export async function testCredential(
	credentialTypeName: string,
	data: ICredentialDataDecryptedObject,
): Promise<INodeCredentialTestResult> {
	const loadedPackage = await loadPackage();
	const credentialType = loadedPackage.credentialType(credentialTypeName);
	const testRequest = credentialType.test;
	if (testRequest === undefined) throw new Error(`${credentialTypeName} declares no test request`);

	const credentials: ICredentialsDecrypted = {
		id: 'credential-under-test',
		name: `Test ${credentialTypeName}`,
		type: credentialTypeName,
		// n8n applies the credential's defaults before testing.
		data: withCredentialDefaults(credentialType, data),
	};
	const nodeType = requestOnlyNodeType(credentialTypeName, testRequest);
	const node: INode = {
		id: 'temp',
		name: 'Temp-Node',
		type: TEMP_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { [credentialTypeName]: { id: credentials.id, name: credentials.name } },
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: onlyNodeType(nodeType),
	});
	const additionalData = createAdditionalData(
		randomUUID(),
		new TestCredentialsHelper(loadedPackage, { [credentialTypeName]: data }),
	);
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
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
		return resultOfFailedRequest(error as RequestFailure, testRequest);
	}
	// n8n would then apply `responseSuccessBody` rules; our credential has none.
	return { status: 'OK', message: 'Connection successful!' };
}

/** A node whose only property sends the credential's test request (n8n's `temp` property). */
function requestOnlyNodeType(
	credentialTypeName: string,
	testRequest: ICredentialTestRequest,
): INodeType {
	return {
		description: {
			displayName: 'No Operation, do nothing',
			name: TEMP_NODE_TYPE,
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
}

function onlyNodeType(nodeType: INodeType): INodeTypes {
	const lookUp = (name: string) => {
		if (name !== nodeType.description.name) throw new Error(`Unknown node type "${name}"`);
		return nodeType;
	};
	return {
		getByName: lookUp,
		getByNameAndVersion: (name, version) => NodeHelpers.getVersionedNodeType(lookUp(name), version),
		getKnownTypes: () => ({}),
	};
}

/** What the tester reads from a failed request: n8n's NodeApiError wrapping the HTTP error. */
interface RequestFailure {
	message: string;
	cause?: { code?: string; response?: { status: number; statusText?: string } };
}

/** Same order as n8n: `responseCode` rules, then any non-2xx status, then a network code, then the message. */
function resultOfFailedRequest(
	error: RequestFailure,
	testRequest: ICredentialTestRequest,
): INodeCredentialTestResult {
	const response = error.cause?.response;
	if (response) {
		for (const rule of testRequest.rules ?? []) {
			if (rule.type === 'responseCode' && response.status === rule.properties.value) {
				return { status: 'Error', message: rule.properties.message };
			}
		}
		if (response.status < 199 || response.status > 299) {
			return {
				status: 'Error',
				message: response.statusText || `Received HTTP status code: ${response.status}`,
			};
		}
	} else if (error.cause?.code) {
		return { status: 'Error', message: error.cause.code };
	}
	return { status: 'Error', message: String(error.message) };
}
