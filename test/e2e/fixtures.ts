/**
 * What the real-n8n checks import: CleverTap credentials pointing at the simulator (Region
 * "Custom URL"), the example workflow from docs/, and workflows for the other cases, all built
 * on the example's own nodes so they stay in step with it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { DEMO_ACCOUNT } from '../simulator';
import type { CredentialToImport, WorkflowToImport } from './support/n8n-import';
import { REPO_ROOT } from './support/package-install';

export const CLEVERTAP_NODE_TYPE = 'n8n-nodes-clevertap.cleverTap';
export const EXAMPLE_WORKFLOW_FILE = path.join(REPO_ROOT, 'docs', 'example-workflow.json');

/** A passcode the simulator does not accept; it must never show up in any output either. */
export const WRONG_PASSCODE = 'WRONG-PASS-ZXC-VBN-MLKJ-HGFD';

interface WorkflowNode {
	name: string;
	type: string;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	onError?: string;
	[key: string]: unknown;
}

interface WorkflowFile extends Omit<WorkflowToImport, 'id'> {
	nodes: WorkflowNode[];
}

export function readExampleWorkflow(): WorkflowFile {
	return JSON.parse(readFileSync(EXAMPLE_WORKFLOW_FILE, 'utf8')) as WorkflowFile;
}

function cleverTapNodeOf(workflow: WorkflowFile): WorkflowNode {
	const node = workflow.nodes.find((candidate) => candidate.type === CLEVERTAP_NODE_TYPE);
	if (!node) throw new Error(`${EXAMPLE_WORKFLOW_FILE} has no ${CLEVERTAP_NODE_TYPE} node`);
	return node;
}

/** The credential the example workflow names (id and name), with the demo account on the simulator. */
export function simulatorCredential(simulatorUrl: string): CredentialToImport {
	const reference = cleverTapNodeOf(readExampleWorkflow()).credentials?.cleverTapApi;
	if (!reference)
		throw new Error(
			`The CleverTap node in ${EXAMPLE_WORKFLOW_FILE} names no cleverTapApi credential`,
		);
	return {
		id: reference.id,
		name: reference.name,
		type: 'cleverTapApi',
		data: {
			accountId: DEMO_ACCOUNT.accountId,
			passcode: DEMO_ACCOUNT.passcode,
			region: 'custom',
			baseUrl: simulatorUrl,
		},
	};
}

export const WRONG_PASSCODE_CREDENTIAL_ID = 'clevertap-wrong';

export function wrongPasscodeCredential(simulatorUrl: string): CredentialToImport {
	return {
		id: WRONG_PASSCODE_CREDENTIAL_ID,
		name: 'CleverTap, wrong passcode',
		type: 'cleverTapApi',
		data: {
			accountId: DEMO_ACCOUNT.accountId,
			passcode: WRONG_PASSCODE,
			region: 'custom',
			baseUrl: simulatorUrl,
		},
	};
}

/** What the example workflow asks CleverTap for: its event and its days as YYYYMMDD. */
export function exampleQuery(): { eventName: string; from: number; to: number } {
	const { eventName, fromDate, toDate } = cleverTapNodeOf(readExampleWorkflow())
		.parameters as Record<string, string>;
	const day = (value: string) => Number(value.slice(0, 10).replace(/-/g, ''));
	return { eventName, from: day(fromDate), to: day(toDate) };
}

/** docs/example-workflow.json as it is, with an id so `n8n execute --id` can find it. */
export function exampleWorkflow(
	id: string,
	changeCleverTapNode?: (node: WorkflowNode) => void,
): WorkflowToImport {
	const workflow = readExampleWorkflow();
	changeCleverTapNode?.(cleverTapNodeOf(workflow));
	return { ...workflow, id };
}

/**
 * The example's trigger feeding the given CleverTap nodes side by side (each gets the trigger's one
 * item), every node a copy of the example's CleverTap node with its own parameters.
 */
function workflowOf(
	id: string,
	name: string,
	cleverTapNodes: Array<Partial<WorkflowNode> & { name: string }>,
): WorkflowToImport {
	const example = readExampleWorkflow();
	const trigger = example.nodes.find((node) => node !== cleverTapNodeOf(example));
	if (!trigger) throw new Error(`${EXAMPLE_WORKFLOW_FILE} has no trigger node`);
	const template = cleverTapNodeOf(example);
	const nodes = cleverTapNodes.map((spec, index) => ({
		...template,
		id: `${id}-${index + 1}`,
		position: [240, index * 200],
		...spec,
	}));
	return {
		id,
		name,
		nodes: [trigger, ...nodes],
		connections: {
			[trigger.name]: {
				main: [nodes.map((node) => ({ node: node.name, type: 'main', index: 0 }))],
			},
		},
		settings: example.settings,
		pinData: {},
	};
}

export const WORKFLOW_IDS = {
	examplePaged: 'ctE2eExamplePaged',
	limit: 'ctE2eLimit',
	getById: 'ctE2eGetById',
	wrongPasscodeContinue: 'ctE2eWrongPassCont',
	wrongPasscodeFail: 'ctE2eWrongPassFail',
} as const;

export const LIMIT_CASE = { eventName: 'App Launched', from: 20240101, to: 20241231, limit: 60 };

export function limitWorkflow(): WorkflowToImport {
	return workflowOf(WORKFLOW_IDS.limit, 'CleverTap e2e: Get by Event with a limit', [
		{
			name: 'CleverTap',
			parameters: {
				resource: 'profile',
				operation: 'getByEvent',
				eventName: LIMIT_CASE.eventName,
				fromDate: '2024-01-01',
				toDate: '20241231',
				returnAll: false,
				limit: LIMIT_CASE.limit,
				options: {},
			},
		},
	]);
}

export interface LookupCase {
	node: string;
	identifierType: 'email' | 'identity' | 'objectId';
	identifier: string;
}

/** One Get by ID node per case, each set to go on with an error item when its profile does not exist. */
export function getByIdWorkflow(cases: LookupCase[]): WorkflowToImport {
	return workflowOf(
		WORKFLOW_IDS.getById,
		'CleverTap e2e: Get by ID',
		cases.map(({ node, identifierType, identifier }) => ({
			name: node,
			parameters: { resource: 'profile', operation: 'getById', identifierType, identifier },
			onError: 'continueRegularOutput',
		})),
	);
}

function wrongPasscodeNode(onError?: string): Partial<WorkflowNode> & { name: string } {
	const example = cleverTapNodeOf(readExampleWorkflow());
	return {
		name: 'CleverTap',
		parameters: example.parameters,
		credentials: {
			cleverTapApi: { id: WRONG_PASSCODE_CREDENTIAL_ID, name: 'CleverTap, wrong passcode' },
		},
		...(onError ? { onError } : {}),
	};
}

/** The example's query with the wrong passcode, the node set to Settings > On Error: Continue. */
export function wrongPasscodeContinueWorkflow(): WorkflowToImport {
	return workflowOf(
		WORKFLOW_IDS.wrongPasscodeContinue,
		'CleverTap e2e: wrong passcode, continue on error',
		[wrongPasscodeNode('continueRegularOutput')],
	);
}

/** The same with n8n's default (Stop Workflow): the execution fails. */
export function wrongPasscodeFailWorkflow(): WorkflowToImport {
	return workflowOf(
		WORKFLOW_IDS.wrongPasscodeFail,
		'CleverTap e2e: wrong passcode, stop on error',
		[wrongPasscodeNode()],
	);
}
