/**
 * Runs a workflow through n8n's real engine (n8n-core's WorkflowExecute), the way n8n's own
 * NodeTestHarness does, with our package's nodes, in-memory credentials and real HTTP.
 */
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type {
	IConnections,
	ICredentialsHelper,
	IDataObject,
	INode,
	INodeType,
	IRun,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	IWorkflowSettings,
	NodeApiError,
} from 'n8n-workflow';
import { Workflow, createRunExecutionData } from 'n8n-workflow';
import { randomUUID } from 'node:crypto';

import type { CredentialsByType } from './credentials-helper';
import { TestCredentialsHelper } from './credentials-helper';
import { harnessLogger } from './n8n-internals';
import { loadPackage } from './package-loader';

export interface RunWorkflowOptions {
	/** Every field but `name` and `type` has a default; the first node receives `inputItems`. */
	nodes: Array<Pick<INode, 'name' | 'type'> & Partial<INode>>;
	connections?: IConnections;
	/** Node types from outside our package (e.g. n8n-nodes-base's), by type name. */
	nodeTypes?: Record<string, INodeType>;
	inputItems?: IDataObject[];
	/** Each node gets a reference to each of these. */
	credentials: CredentialsByType;
	settings?: IWorkflowSettings;
	/** Called once the run has started, with n8n's own way to cancel it (as the Stop button does). */
	onStarted?: (cancel: () => void) => void;
}

/** The fields of n8n's error (NodeApiError, NodeOperationError, ...) that tests read. */
export type RunError = Pick<NodeApiError, 'message' | 'name' | 'description' | 'httpCode'>;

export type WorkflowRunResult = Awaited<ReturnType<typeof runWorkflow>>;

/** A reference (`{ id, name }`) to each credential, as a saved workflow's node holds them. */
export const credentialReferences = (credentials: CredentialsByType) =>
	Object.fromEntries(Object.keys(credentials).map((name) => [name, { id: `${name}-id`, name }]));

export async function runWorkflow(options: RunWorkflowOptions) {
	const loadedPackage = await loadPackage();
	const nodes: INode[] = options.nodes.map((spec, index) => ({
		id: `node-${index}`,
		position: [index * 200, 0],
		parameters: {},
		typeVersion: 1,
		credentials: credentialReferences(options.credentials),
		...spec,
	}));
	const executionId = randomUUID();
	const workflow = new Workflow({
		id: `test-workflow-${executionId}`,
		nodes,
		connections: options.connections ?? {},
		active: false,
		nodeTypes: loadedPackage.nodeTypes(options.nodeTypes),
		settings: { executionOrder: 'v1', ...options.settings },
	});
	// The saved workflow is only for lifecycle handlers, and ours reads none of it.
	const hooks = new ExecutionLifecycleHooks('manual', executionId, {} as IWorkflowBase);
	const finished = new Promise<IRun>((resolve) => {
		hooks.addHandler('workflowExecuteAfter', (fullRunData) => resolve(fullRunData));
	});
	const additionalData = createAdditionalData(
		executionId,
		new TestCredentialsHelper(loadedPackage, options.credentials),
		hooks,
	);
	const inputItems = (options.inputItems ?? [{}]).map((json) => ({ json }));
	const stack = [{ node: nodes[0], data: { main: [inputItems] }, source: null }];
	const runExecutionData = createRunExecutionData({ executionData: { nodeExecutionStack: stack } });

	const logger = harnessLogger();
	logger.clear();
	// Rejects (without running hooks) when the workflow has issues, as n8n refuses to start it.
	const execution = new WorkflowExecute(
		additionalData,
		'manual',
		runExecutionData,
	).processRunExecutionData(workflow);
	options.onStarted?.(() => execution.cancel());
	await execution;
	const run = await finished;
	const { runData, error } = run.data.resultData;
	return {
		status: run.status,
		/** The node error that stopped the run, as n8n recorded it. */
		error: error as RunError | undefined,
		/** What n8n logged during this run. */
		logs: [...logger.entries],
		/** Items on one output of the node (the first by default); `[]` if it emitted none there. */
		outputOf: (nodeName: string, { outputIndex = 0 } = {}) =>
			runData[nodeName]?.[0]?.data?.main?.[outputIndex] ?? [],
		run,
	};
}

/**
 * What WorkflowExecute and the node contexts read from `additionalData` in a run of our nodes
 * (checked against n8n-core 2.41); the rest (sub-workflows, webhooks, AI) our nodes never use.
 */
export function createAdditionalData(
	executionId: string,
	credentialsHelper: TestCredentialsHelper,
	hooks?: ExecutionLifecycleHooks,
): IWorkflowExecuteAdditionalData {
	return {
		executionId,
		hooks,
		credentialsHelper: credentialsHelper as unknown as ICredentialsHelper,
		currentNodeExecutionIndex: 0,
		variables: {},
		// Each run has a resume token, which n8n appends to these: they must be valid URLs.
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
	} as Partial<IWorkflowExecuteAdditionalData> as IWorkflowExecuteAdditionalData;
}
