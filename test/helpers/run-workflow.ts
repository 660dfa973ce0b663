/**
 * Runs a workflow through n8n's real engine (n8n-core's WorkflowExecute), the way n8n's own
 * NodeTestHarness does, with our package's nodes, in-memory credentials and real HTTP.
 */
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type {
	ExecutionStatus,
	IBinaryKeyData,
	IDataObject,
	INode,
	INodeCredentials,
	INodeExecutionData,
	INodeType,
	IRun,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	IWorkflowSettings,
} from 'n8n-workflow';
import { Workflow, createRunExecutionData } from 'n8n-workflow';
import { randomUUID } from 'node:crypto';

import type { LogEntry } from './capturing-logger';
import { harnessLogger } from './capturing-logger';
import type { CredentialsByType } from './credentials-helper';
import { TestCredentialsHelper } from './credentials-helper';
import type { LoadedPackage } from './package-loader';
import { loadPackage } from './package-loader';

/** A workflow node; everything but `name` and `type` (the full type name) has a default. */
export type WorkflowNodeSpec = Pick<INode, 'name' | 'type'> & Partial<Omit<INode, 'name' | 'type'>>;

export interface RunWorkflowOptions {
	/** The first node receives `inputItems`. */
	nodes: WorkflowNodeSpec[];
	/** The json of the items the first node receives, as if a trigger emitted them. */
	inputItems?: IDataObject[];
	/**
	 * Credential data by credential type. Each node gets a reference to every given credential
	 * its type declares, unless the spec sets `credentials` itself.
	 */
	credentials?: CredentialsByType;
	/** Workflow settings, e.g. `{ timezone: 'Pacific/Auckland' }`. */
	settings?: IWorkflowSettings;
	/** Called once the run has started, with n8n's own way to cancel it (as the Stop button does). */
	onStarted?: (cancel: () => void) => void;
}

/** The parts of an n8n error tests assert on. */
export interface RunError {
	message: string;
	description?: string | null;
	httpCode?: string | null;
	/** The error class, e.g. `NodeApiError` (n8n keeps it as the `name` own property). */
	name?: string;
	/** Name of the node that failed, when n8n recorded it. */
	node?: string;
}

export interface OutputItem {
	json: IDataObject;
	binary?: IBinaryKeyData;
	pairedItem: INodeExecutionData['pairedItem'];
	/** Set on items that carry an error, e.g. a declarative node's failed item under continueOnFail. */
	error?: RunError;
}

export interface WorkflowRunResult {
	status: ExecutionStatus;
	/** The run's top-level error (the node error that stopped it), if any. */
	error?: RunError;
	/** What n8n logged during this run. */
	logs: LogEntry[];
	/** Items on one output of the node (the first by default); `[]` if it emitted nothing there. */
	outputOf(nodeName: string, options?: { outputIndex?: number }): OutputItem[];
	run: IRun;
}

export async function runWorkflow(options: RunWorkflowOptions): Promise<WorkflowRunResult> {
	const loadedPackage = await loadPackage();
	const credentials = options.credentials ?? {};
	const nodes = options.nodes.map((spec, index) => toNode(spec, index, loadedPackage, credentials));
	const mode = 'manual';
	const executionId = randomUUID();

	// Everything below is built per run: nothing carries over to the next run.
	const workflow = new Workflow({
		id: `test-workflow-${executionId}`,
		name: 'Test workflow',
		nodes,
		connections: {},
		active: false,
		nodeTypes: loadedPackage.nodeTypes,
		settings: { executionOrder: 'v1', ...options.settings },
	});
	const hooks = new ExecutionLifecycleHooks(mode, executionId, toWorkflowBase(workflow, nodes));
	const finished = new Promise<IRun>((resolve) => {
		hooks.addHandler('workflowExecuteAfter', (fullRunData) => resolve(fullRunData));
	});

	const credentialsHelper = new TestCredentialsHelper(loadedPackage, credentials);
	const additionalData = createAdditionalData(executionId, credentialsHelper, hooks);
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [
				{ node: nodes[0], data: { main: [toInputItems(options.inputItems)] }, source: null },
			],
		},
	});

	const logger = harnessLogger();
	logger.clear();
	// Rejects synchronously (without running hooks) when the workflow has issues, e.g. a
	// missing required parameter: n8n refuses to start such a workflow too.
	const execution = new WorkflowExecute(
		additionalData,
		mode,
		runExecutionData,
	).processRunExecutionData(workflow);
	options.onStarted?.(() => execution.cancel());
	await execution;
	const run = await finished;
	return toResult(run, [...logger.entries]);
}

function toNode(
	spec: WorkflowNodeSpec,
	index: number,
	loadedPackage: LoadedPackage,
	credentials: CredentialsByType,
): INode {
	const nodeType = loadedPackage.nodeTypes.getByNameAndVersion(spec.type, spec.typeVersion);
	const node: INode = {
		id: `node-${index}`,
		position: [index * 200, 0],
		parameters: {},
		typeVersion: latestVersion(nodeType),
		...spec,
	};
	const references = spec.credentials ?? credentialReferences(nodeType, credentials);
	if (references !== undefined) node.credentials = references;
	return node;
}

function latestVersion(nodeType: INodeType): number {
	const { version, defaultVersion } = nodeType.description;
	if (defaultVersion !== undefined) return defaultVersion;
	return Array.isArray(version) ? Math.max(...version) : version;
}

/** A reference (`{ id, name }`) to each given credential the node type can use. */
function credentialReferences(
	nodeType: INodeType,
	credentials: CredentialsByType,
): INodeCredentials | undefined {
	const references: INodeCredentials = {};
	for (const { name } of nodeType.description.credentials ?? []) {
		if (name in credentials) references[name] = { id: `${name}-id`, name: `Test ${name}` };
	}
	return Object.keys(references).length > 0 ? references : undefined;
}

function toInputItems(items: RunWorkflowOptions['inputItems']): INodeExecutionData[] {
	return (items ?? [{}]).map((json) => ({ json }));
}

/** The saved-workflow shape ExecutionLifecycleHooks wants; only handlers would read it. */
function toWorkflowBase(workflow: Workflow, nodes: INode[]): IWorkflowBase {
	const now = new Date();
	return {
		id: workflow.id,
		name: workflow.name ?? 'Test workflow',
		active: false,
		isArchived: false,
		activeVersionId: null,
		createdAt: now,
		updatedAt: now,
		nodes,
		connections: {},
		settings: workflow.settings,
	};
}

/**
 * What WorkflowExecute and the node contexts read from `additionalData` in a run of regular
 * nodes (checked against n8n-core 2.40's dist). Sub-workflows, the Code node's task runner
 * and AI features are not available and say so if a node reaches for them.
 */
export function createAdditionalData(
	executionId: string,
	credentialsHelper: TestCredentialsHelper,
	hooks?: ExecutionLifecycleHooks,
): IWorkflowExecuteAdditionalData {
	const baseUrl = 'http://127.0.0.1:5678';
	const additionalData: Omit<IWorkflowExecuteAdditionalData, 'externalSecretsProxy'> = {
		executionId,
		hooks,
		credentialsHelper,
		currentNodeExecutionIndex: 0,
		variables: {},
		// Only used to build URLs ($execution.resumeUrl etc.); they must merely be valid URLs.
		instanceBaseUrl: `${baseUrl}/`,
		restApiUrl: `${baseUrl}/rest`,
		formBaseUrl: `${baseUrl}/form`,
		formTestBaseUrl: `${baseUrl}/form-test`,
		formWaitingBaseUrl: `${baseUrl}/form-waiting`,
		webhookBaseUrl: `${baseUrl}/webhook`,
		webhookTestBaseUrl: `${baseUrl}/webhook-test`,
		webhookWaitingBaseUrl: `${baseUrl}/webhook-waiting`,
		mcpBaseUrl: `${baseUrl}/mcp`,
		mcpTestBaseUrl: `${baseUrl}/mcp-test`,
		logAiEvent: () => {},
		getRuntimeCredential: async () => undefined,
		executeWorkflow: notInHarness('executeWorkflow (sub-workflows)'),
		getRunExecutionData: notInHarness('getRunExecutionData'),
		startRunnerTask: notInHarness('startRunnerTask (Code node task runner)'),
	};
	// `externalSecretsProxy` is only read to resolve `$secrets` in credential expressions,
	// which the harness does not support, so it is left out.
	return additionalData as IWorkflowExecuteAdditionalData;
}

function notInHarness(feature: string): () => Promise<never> {
	return async () => {
		throw new Error(`${feature} is not available in the test harness`);
	};
}

function toResult(run: IRun, logs: LogEntry[]): WorkflowRunResult {
	const { runData, error } = run.data.resultData;
	return {
		status: run.status,
		error: error === undefined ? undefined : summarizeError(error),
		logs,
		run,
		outputOf: (nodeName, { outputIndex = 0 } = {}) =>
			(runData[nodeName]?.[0]?.data?.main?.[outputIndex] ?? []).map(toOutputItem),
	};
}

function toOutputItem(item: INodeExecutionData): OutputItem {
	const output: OutputItem = { json: item.json, pairedItem: item.pairedItem };
	if (item.binary !== undefined) output.binary = item.binary;
	if (item.error !== undefined) output.error = summarizeError(item.error);
	return output;
}

/** n8n stores run errors as spread copies (class lost, own fields kept), so read fields, not `instanceof`. */
export function summarizeError(error: object): RunError {
	const fields = error as Partial<
		Record<'message' | 'description' | 'httpCode' | 'name', string>
	> & {
		node?: { name?: string };
	};
	const summary: RunError = { message: fields.message ?? String(error) };
	if (fields.description !== undefined) summary.description = fields.description;
	if (fields.httpCode !== undefined) summary.httpCode = fields.httpCode;
	if (fields.name !== undefined) summary.name = fields.name;
	if (fields.node?.name !== undefined) summary.node = fields.node.name;
	return summary;
}
