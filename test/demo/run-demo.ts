/**
 * `npm run demo`: runs the example workflow (docs/example-workflow.json) through n8n's own engine
 * against the bundled CleverTap simulator, and prints the profiles it got. n8n-nodes-base is not
 * installed here, so the Manual Trigger is played by the one empty item a manual trigger emits.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { IDataObject, INode } from 'n8n-workflow';

import { CLEVERTAP_NODE_TYPE, REPO_ROOT, runWorkflow } from '../helpers/n8n-engine';
import { DEMO_ACCOUNT, startSimulator } from '../simulator';
import { simulatorCredentials } from '../support/simulator-credentials';

function describeProfile(json: IDataObject): string {
	const [platform] = (json.platformInfo ?? []) as IDataObject[];
	const charged = (json.events as Record<string, { count?: number }> | undefined)?.Charged?.count;
	return [
		String(platform?.objectId ?? '(no CleverTap ID)').padEnd(36),
		String(json.email ?? json.identity ?? '(anonymous)').padEnd(34),
		String(json.name ?? '').padEnd(22),
		charged === undefined ? '' : `Charged x${charged}`,
	].join(' ');
}

async function main(): Promise<number> {
	const file = path.join(REPO_ROOT, 'docs', 'example-workflow.json');
	const workflow = JSON.parse(readFileSync(file, 'utf8')) as { name: string; nodes: INode[] };
	const cleverTap = workflow.nodes.find((node) => node.type === CLEVERTAP_NODE_TYPE);
	if (!cleverTap) throw new Error(`${file} has no CleverTap node`);

	const simulator = await startSimulator();
	try {
		console.log(`CleverTap simulator on ${simulator.url} (account ${DEMO_ACCOUNT.accountId})`);
		console.log(`Running "${workflow.name}" through n8n's engine...\n`);
		const result = await runWorkflow({
			nodes: [cleverTap],
			inputItems: [{}],
			credentials: { cleverTapApi: simulatorCredentials(simulator) },
		});
		if (result.error) {
			const { message, description } = result.error;
			console.error(`The workflow failed: ${message}\n${description ?? ''}`);
			return 1;
		}
		const profiles = result.outputOf(cleverTap.name);
		for (const { json } of profiles) console.log(describeProfile(json));
		const pages = simulator.requests.filter((request) => request.method === 'GET').length;
		console.log(
			`\n${profiles.length} profiles from CleverTap (1 export request, ${pages} ${pages === 1 ? 'page' : 'pages'}).`,
		);
		if (profiles.length === 0) return 1;
		console.log('\nThe first profile, as the node outputs it:');
		console.log(JSON.stringify(profiles[0].json, null, 2));
		return 0;
	} finally {
		await simulator.close();
	}
}

// An unhandled rejection prints the error and exits 1.
void main().then((exitCode) => (process.exitCode = exitCode));
