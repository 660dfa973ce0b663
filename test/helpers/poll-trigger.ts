/**
 * Runs a polling trigger the way an active workflow in n8n 2.40 does: n8n-core's
 * PollTriggerExecutor (the function n8n's cron calls each poll) over a PollContext of the
 * workflow, with n8n's defaults for everything a poll context is not given. What n8n's server
 * adds around it is rebuilt here only where a node can tell the difference:
 * - an emit saves the workflow's static data when it changed (WorkflowStaticDataService), as n8n
 *   does before it starts the execution; a poll that emits nothing saves nothing;
 * - a restart builds the workflow again from the static data saved last.
 * "Fetch Test Event" (manual mode) builds the poll context as WorkflowExecute does for it.
 */
import { PollContext, PollTriggerExecutor } from 'n8n-core';
import type {
	IDataObject,
	INode,
	INodeExecutionData,
	IPollFunctions,
	IWorkflowSettings,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';
import { randomUUID } from 'node:crypto';

import type { CredentialsByType } from './credentials-helper';
import { TestCredentialsHelper } from './credentials-helper';
import { n8nContainer } from './n8n-internals';
import { fullNodeTypeName, loadPackage } from './package-loader';
import { createAdditionalData, summarizeError, type RunError } from './run-workflow';

export interface PollOutcome {
	/** The items the poll emitted (an execution starts with them), or undefined when it emitted none. */
	emitted?: INodeExecutionData[];
	/** The error n8n recorded as a failed execution of the trigger, if the poll failed. */
	error?: RunError;
}

export interface PolledTrigger {
	/** One scheduled poll, run to its end. */
	poll(): Promise<PollOutcome>;
	/** Two scheduled polls started together, as n8n's cron does when a poll outlasts its interval. */
	pollTwiceAtOnce(): Promise<[PollOutcome, PollOutcome]>;
	/** "Fetch Test Event" in the editor: the poll in manual mode; its items, or the error it threw. */
	fetchTestEvent(): Promise<PollOutcome>;
	/** n8n restarted: the workflow is built again from the static data n8n saved last. */
	restart(): void;
	/** The node's static data as n8n saved it last (the database's copy). */
	savedStaticData(): IDataObject;
}

export interface PolledTriggerOptions {
	/** Short node type name, e.g. `cleverTapTrigger`. */
	nodeName: string;
	parameters: INode['parameters'];
	credentials: CredentialsByType;
	/** The workflow's settings: `timezone` above all. */
	settings?: IWorkflowSettings;
	/** What the poll context's getPollBudgetMs() answers; n8n's default (5 minutes) when unset. */
	pollBudgetMs?: number;
}

const WORKFLOW_ID = 'pollTestWorkflow';

export async function pollingTrigger(options: PolledTriggerOptions): Promise<PolledTrigger> {
	const loadedPackage = await loadPackage();
	const executor = n8nContainer().get(PollTriggerExecutor);
	const type = fullNodeTypeName(options.nodeName);
	const nodeType = loadedPackage.nodeTypes.getByNameAndVersion(type);
	const node: INode = {
		id: 'trigger-node-id',
		name: 'Trigger',
		type,
		typeVersion: 1,
		position: [0, 0],
		parameters: options.parameters,
		credentials: Object.fromEntries(
			Object.keys(options.credentials).map((name) => [name, { id: `${name}-id`, name }]),
		),
	};
	let saved: IDataObject = {};
	let workflow = build();

	function build(): Workflow {
		return new Workflow({
			id: WORKFLOW_ID,
			name: 'Poll test workflow',
			nodes: [node],
			connections: {},
			active: true,
			nodeTypes: loadedPackage.nodeTypes,
			staticData: structuredClone(saved), // what n8n loads from its database
			settings: { executionOrder: 'v1', ...options.settings },
		});
	}

	function context(mode: 'trigger' | 'manual', outcome: PollOutcome): IPollFunctions {
		const additionalData = createAdditionalData(
			randomUUID(),
			new TestCredentialsHelper(loadedPackage, options.credentials),
		);
		if (mode === 'manual') return new PollContext(workflow, node, additionalData, mode, 'manual');
		const emit = (data: INodeExecutionData[][]) => {
			if (workflow.staticData.__dataChanged === true) {
				saved = JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject;
				workflow.staticData.__dataChanged = false;
			}
			outcome.emitted = data[0];
		};
		const emitError = (error: Error) => {
			outcome.error = summarizeError(error);
		};
		const budget = options.pollBudgetMs;
		return new PollContext(
			workflow,
			node,
			additionalData,
			mode,
			'activate',
			emit,
			emitError,
			undefined,
			undefined,
			undefined,
			budget === undefined ? undefined : () => budget,
		);
	}

	async function scheduledPoll(): Promise<PollOutcome> {
		const outcome: PollOutcome = {};
		const pollFunctions = context('trigger', outcome);
		await executor.create(workflow, node, pollFunctions, () => true)();
		return outcome;
	}

	return {
		poll: scheduledPoll,
		pollTwiceAtOnce: async () => await Promise.all([scheduledPoll(), scheduledPoll()]),
		fetchTestEvent: async () => {
			try {
				const data = await nodeType.poll!.call(context('manual', {}));
				return { emitted: data?.[0] };
			} catch (error) {
				return { error: summarizeError(error as Error) };
			}
		},
		restart: () => {
			workflow = build();
		},
		savedStaticData: () => structuredClone(saved),
	};
}
