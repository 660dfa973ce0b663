/**
 * `npm run demo`: runs the example workflow (docs/example-workflow.json) through n8n's own
 * engine against the bundled CleverTap simulator, and prints the profiles it got.
 *
 * n8n-nodes-base is not installed here, so the workflow's Manual Trigger is played by handing
 * the CleverTap node the one empty item a manual trigger emits.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { IDataObject, INode } from 'n8n-workflow';

import { CLEVERTAP_NODE_TYPE, REPO_ROOT, runWorkflow } from '../helpers/n8n-engine';
import { DEMO_ACCOUNT, startSimulator } from '../simulator';
import { runMain } from '../support/run-main';
import { simulatorCredentials } from '../support/simulator-credentials';

const EXAMPLE_WORKFLOW = path.join(REPO_ROOT, 'docs', 'example-workflow.json');

function describeProfile(json: IDataObject): string {
	const platforms = (json.platformInfo ?? []) as IDataObject[];
	const objectId = String(platforms[0]?.objectId ?? '(no CleverTap ID)');
	const who = String(json.email ?? json.identity ?? '(anonymous)');
	const events = (json.events ?? {}) as Record<string, { count?: number }>;
	const charged = events.Charged?.count;
	return [
		objectId.padEnd(36),
		who.padEnd(34),
		String(json.name ?? '').padEnd(22),
		charged === undefined ? '' : `Charged x${charged}`,
	].join(' ');
}

async function main(): Promise<number> {
	const workflow = JSON.parse(readFileSync(EXAMPLE_WORKFLOW, 'utf8')) as {
		name: string;
		nodes: INode[];
	};
	const cleverTapNode = workflow.nodes.find((node) => node.type === CLEVERTAP_NODE_TYPE);
	if (!cleverTapNode) throw new Error(`${EXAMPLE_WORKFLOW} has no CleverTap node`);

	const simulator = await startSimulator();
	try {
		console.log(`CleverTap simulator on ${simulator.url} (account ${DEMO_ACCOUNT.accountId})`);
		console.log(`Running "${workflow.name}" through n8n's engine...\n`);
		const result = await runWorkflow({
			nodes: [cleverTapNode],
			inputItems: [{}],
			credentials: {
				cleverTapApi: simulatorCredentials(simulator),
			},
		});
		if (result.error) {
			console.error(
				`The workflow failed: ${result.error.message}\n${result.error.description ?? ''}`,
			);
			return 1;
		}

		const profiles = result.outputOf(cleverTapNode.name);
		for (const { json } of profiles) console.log(describeProfile(json));
		const pages = simulator.requests.filter((request) => request.method === 'GET').length;
		console.log(
			`\n${profiles.length} profiles from CleverTap (1 export request, ${pages} ${pages === 1 ? 'page' : 'pages'}).`,
		);
		if (profiles.length > 0) {
			console.log('\nThe first profile, as the node outputs it:');
			console.log(JSON.stringify(profiles[0].json, null, 2));
		}
		return profiles.length > 0 ? 0 : 1;
	} finally {
		await simulator.close();
	}
}

runMain(main);
