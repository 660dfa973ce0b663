/**
 * Polls a trigger as an active workflow in n8n 2.41 does: n8n-core's PollTriggerExecutor (what
 * n8n's cron calls each poll) over a PollContext of the workflow. Of n8n's server around it, only
 * what a node can tell is rebuilt: an emit saves the workflow's static data when it changed (a poll
 * that emits nothing saves nothing), and a restart builds the workflow again from what was saved.
 * "Fetch Test Event" builds the poll context in manual mode, as WorkflowExecute does for it.
 */
import { PollContext, PollTriggerExecutor } from 'n8n-core';
import type { IDataObject, INode, INodeExecutionData, IWorkflowSettings } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';
import { randomUUID } from 'node:crypto';

import type { CredentialsByType } from './credentials-helper';
import { TestCredentialsHelper } from './credentials-helper';
import { n8nContainer } from './n8n-internals';
import { fullNodeTypeName, loadPackage } from './package-loader';
import { createAdditionalData, credentialReferences, type RunError } from './run-workflow';

/** What a poll emitted (an execution starts with it), or the error n8n recorded as a failed execution. */
export type PollOutcome = { emitted?: INodeExecutionData[]; error?: RunError };

export async function pollingTrigger(options: {
	/** Short node type name, e.g. `cleverTapTrigger`. */
	nodeName: string;
	parameters: INode['parameters'];
	credentials: CredentialsByType;
	settings?: IWorkflowSettings;
	/** What getPollBudgetMs() answers; n8n's default (5 minutes) when unset. */
	pollBudgetMs?: number;
}) {
	const loadedPackage = await loadPackage();
	const executor = n8nContainer().get(PollTriggerExecutor);
	const node: INode = {
		id: 'trigger-node-id',
		name: 'Trigger',
		type: fullNodeTypeName(options.nodeName),
		typeVersion: 1,
		position: [0, 0],
		parameters: options.parameters,
		credentials: credentialReferences(options.credentials),
	};
	let saved: IDataObject = {};
	const build = () =>
		new Workflow({
			id: 'pollTestWorkflow',
			nodes: [node],
			connections: {},
			active: true,
			nodeTypes: loadedPackage.nodeTypes(),
			staticData: structuredClone(saved), // what n8n loads from its database
			settings: { executionOrder: 'v1', ...options.settings },
		});
	let workflow = build();
	// Built once per activation, as n8n does.
	const helper = new TestCredentialsHelper(loadedPackage, options.credentials);
	const additionalData = createAdditionalData(randomUUID(), helper);
	const budget = options.pollBudgetMs;

	async function scheduledPoll(): Promise<PollOutcome> {
		const outcome: PollOutcome = {};
		const emit = (data: INodeExecutionData[][]) => {
			if (workflow.staticData.__dataChanged === true) {
				saved = JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject;
				workflow.staticData.__dataChanged = false;
			}
			outcome.emitted = data[0];
		};
		const context = new PollContext(
			workflow,
			node,
			additionalData,
			'trigger',
			'activate',
			emit,
			(error) => (outcome.error = error as RunError),
			undefined,
			undefined,
			undefined,
			budget === undefined ? undefined : () => budget,
		);
		await executor.create(workflow, node, context, () => true)();
		return outcome;
	}

	return {
		/** One scheduled poll, run to its end. */
		poll: scheduledPoll,
		/** Two polls started together, as n8n's cron does when a poll outlasts its interval. */
		pollTwiceAtOnce: async () => await Promise.all([scheduledPoll(), scheduledPoll()]),
		/** "Fetch Test Event" in the editor: its items, or the error it threw. */
		fetchTestEvent: async (): Promise<PollOutcome> => {
			const context = new PollContext(workflow, node, additionalData, 'manual', 'manual');
			try {
				const data = await workflow.nodeTypes.getByNameAndVersion(node.type).poll!.call(context);
				return { emitted: data?.[0] };
			} catch (error) {
				return { error: error as RunError };
			}
		},
		/**
		 * n8n restarted: the workflow is built again from the static data saved last, or from
		 * `savedInstead` (the database's copy changed while n8n was down).
		 */
		restart: (savedInstead?: IDataObject) => {
			if (savedInstead) saved = structuredClone(savedInstead);
			workflow = build();
		},
		/** The node's static data as n8n saved it last (the database's copy). */
		savedStaticData: () => structuredClone(saved),
	};
}
