/**
 * What the real-n8n suites import: workflows read from docs/ and examples/ (the cases built on the
 * example's own nodes, so they stay in step with it) and credentials for the simulator (Region
 * "Custom URL").
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { DEMO_ACCOUNT } from '../simulator';
import { REPO_ROOT } from './support/n8n';

/** A workflow file of the repository (docs/example-workflow.json, examples/…), with an id for n8n. */
export function readWorkflow(file: string, id: string): Record<string, any> {
	return { ...JSON.parse(readFileSync(path.join(REPO_ROOT, file), 'utf8')), id };
}

const example = readWorkflow('docs/example-workflow.json', 'example');
const [trigger, EXAMPLE_NODE] = example.nodes;
export { EXAMPLE_NODE };

/** What the example asks CleverTap for: its event and its days as YYYYMMDD. */
export function exampleQuery(): { eventName: string; from: number; to: number } {
	const { eventName, fromDate, toDate } = EXAMPLE_NODE.parameters;
	const day = (value: string) => Number(value.slice(0, 10).replace(/-/g, ''));
	return { eventName, from: day(fromDate), to: day(toDate) };
}

const into = (node: { name: string }) => ({ node: node.name, type: 'main', index: 0 });

/**
 * The example workflow with its CleverTap node replaced by copies of it, each with one set of
 * changes (parameters merged into the example's), all fed by the example's trigger.
 */
export function exampleWith(id: string, ...changes: Array<Record<string, unknown>>) {
	const nodes = (changes.length ? changes : [{}]).map((change, index) => ({
		...EXAMPLE_NODE,
		id: `${id}-${index}`,
		position: [240, index * 200],
		...change,
		parameters: { ...EXAMPLE_NODE.parameters, ...(change.parameters as object) },
	}));
	return {
		...example,
		id,
		nodes: [trigger, ...nodes],
		connections: { [trigger.name]: { main: [nodes.map(into)] } },
	};
}

/** A workflow of these nodes, each feeding the next. */
export function chain(id: string, nodes: Array<{ name: string; [key: string]: unknown }>) {
	return {
		id,
		name: `CleverTap tests: ${id}`,
		nodes: nodes.map((node, index) => ({
			id: randomUUID(),
			typeVersion: 1,
			position: [index * 240, 0],
			parameters: {},
			...node,
		})),
		connections: Object.fromEntries(
			nodes.slice(1).map((node, index) => [nodes[index].name, { main: [[into(node)]] }]),
		),
	};
}

/** A passcode the simulator does not accept; it must never show up in any output either. */
export const WRONG_PASSCODE = 'WRONG-PASS-ZXC-VBN-MLKJ-HGFD';

/** The demo account on the simulator, as the credential the example workflow names by default. */
export function simulatorCredential(
	baseUrl: string,
	{ id, name } = EXAMPLE_NODE.credentials.cleverTapApi as { id: string; name: string },
	passcode = DEMO_ACCOUNT.passcode,
) {
	const data = { accountId: DEMO_ACCOUNT.accountId, passcode, region: 'custom', baseUrl };
	return { id, name, type: 'cleverTapApi', data };
}
