/**
 * The peer's workflow (HTTP Request -> HTTP Request -> Split Out) run through n8n's engine, with
 * n8n-nodes-base from the real n8n install the e2e suite caches. The test harness runs our package
 * only, so this builds the run the same way (its additional data and credentials helper) for nodes
 * of another package, with connections between them.
 */
import { ExecutionLifecycleHooks, PackageDirectoryLoader, WorkflowExecute } from 'n8n-core';
import {
	NodeHelpers,
	Workflow,
	createRunExecutionData,
	type IConnections,
	type INode,
	type INodeType,
	type INodeTypes,
	type IRun,
} from 'n8n-workflow';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { TestCredentialsHelper } from '../helpers/credentials-helper';
import { loadPackage } from '../helpers/package-loader';
import { createAdditionalData } from '../helpers/run-workflow';

export type PeerNode = Pick<INode, 'name' | 'type' | 'parameters'>;

/**
 * The HTTP Request and Split Out nodes of n8n-nodes-base, loaded the way n8n loads a package, but
 * only those two (loading all 400+ would weigh on the process's memory). Their `n8n-workflow` and
 * `n8n-core` are this repository's (the same versions), so engine and nodes share one copy, as in n8n.
 */
async function loadNodesBase(): Promise<INodeTypes> {
	const { ensureN8nInstalled } = await import('../e2e/support/n8n-install');
	const { dir } = await ensureN8nInstalled();
	const nodesBase = path.join(dir, 'node_modules', 'n8n-nodes-base');
	const shared = new Set(['n8n-workflow', 'n8n-core']);
	type Resolve = (
		request: string,
		parent: { filename?: string } | undefined,
		...rest: unknown[]
	) => string;
	const moduleInternals = Module as unknown as { _resolveFilename: Resolve };
	const resolve = moduleInternals._resolveFilename;
	moduleInternals._resolveFilename = (request, parent, ...rest) =>
		shared.has(request) && parent?.filename?.startsWith(nodesBase)
			? require.resolve(request)
			: resolve(request, parent, ...rest);

	const directory = mkdtempSync(path.join(tmpdir(), 'bench-nodes-base-'));
	process.once('exit', () => rmSync(directory, { recursive: true, force: true }));
	mkdirSync(directory, { recursive: true });
	symlinkSync(path.join(nodesBase, 'dist'), path.join(directory, 'dist'));
	writeFileSync(
		path.join(directory, 'package.json'),
		JSON.stringify({
			name: 'n8n-nodes-base',
			version: '0.0.0',
			n8n: {
				nodes: [
					'dist/nodes/HttpRequest/HttpRequest.node.js',
					'dist/nodes/Transform/SplitOut/SplitOut.node.js',
				],
			},
		}),
	);
	await loadPackage(); // n8n's user folder and logger, as for our own runs
	const loader = new PackageDirectoryLoader(directory);
	await loader.loadAll();
	const lookUp = (fullName: string) => {
		const loaded = loader.nodeTypes[fullName.replace(/^n8n-nodes-base\./, '')];
		if (!loaded) throw new Error(`Unknown node type "${fullName}"`);
		return loaded.type as INodeType;
	};
	return {
		getByName: lookUp,
		getByNameAndVersion: (name, version) => NodeHelpers.getVersionedNodeType(lookUp(name), version),
		getKnownTypes: () => loader.known.nodes,
	};
}

export interface PeerRun {
	run: IRun;
	itemsOf(nodeName: string): Array<{ json: Record<string, unknown> }>;
}

/** Returns a runner of linear workflows (each node feeding the next) over HTTP Request and Split Out. */
export async function peerRunner(): Promise<(nodes: PeerNode[]) => Promise<PeerRun>> {
	const nodeTypes = await loadNodesBase();
	const credentialsHelper = new TestCredentialsHelper(await loadPackage(), {});
	return async (specs) => {
		const nodes: INode[] = specs.map((spec, index) => {
			const type = nodeTypes.getByName(spec.type) as INodeType;
			const { version, defaultVersion } = type.description;
			return {
				id: `node-${index}`,
				position: [index * 200, 0],
				typeVersion: defaultVersion ?? (Array.isArray(version) ? Math.max(...version) : version),
				...spec,
			};
		});
		const connections: IConnections = {};
		nodes.slice(1).forEach((node, index) => {
			connections[nodes[index].name] = { main: [[{ node: node.name, type: 'main', index: 0 }]] };
		});
		const executionId = randomUUID();
		const workflow = new Workflow({
			id: `peer-${executionId}`,
			nodes,
			connections,
			active: false,
			nodeTypes,
			settings: { executionOrder: 'v1' },
		});
		const now = new Date();
		const hooks = new ExecutionLifecycleHooks('manual', executionId, {
			id: workflow.id,
			name: 'Peer',
			active: false,
			isArchived: false,
			activeVersionId: null,
			createdAt: now,
			updatedAt: now,
			nodes,
			connections,
		});
		const finished = new Promise<IRun>((resolve) =>
			hooks.addHandler('workflowExecuteAfter', (run) => resolve(run)),
		);
		const runData = createRunExecutionData({
			executionData: {
				nodeExecutionStack: [{ node: nodes[0], data: { main: [[{ json: {} }]] }, source: null }],
			},
		});
		await new WorkflowExecute(
			createAdditionalData(executionId, credentialsHelper, hooks),
			'manual',
			runData,
		).processRunExecutionData(workflow);
		const run = await finished;
		return {
			run,
			itemsOf: (name) =>
				(run.data.resultData.runData[name]?.[0]?.data?.main[0] ?? []) as Array<{
					json: Record<string, unknown>;
				}>,
		};
	};
}
