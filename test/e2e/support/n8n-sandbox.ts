/**
 * The one set-up shared by `npm run test:e2e`, `npm run test:ui` and `npm run dev`: n8n from the
 * cache, a fresh user folder with our package installed from its tarball, and what to import.
 */
import path from 'node:path';

import { importIntoN8n, type CredentialToImport, type WorkflowToImport } from './n8n-import';
import {
	ensureN8nInstalled,
	ensureNodeRuntime,
	N8N1_NODE_VERSION,
	N8N1_VERSION,
	type N8nInstallation,
} from './n8n-install';
import { makeRunFolder, removeRunFolder, type N8nSandbox } from './n8n-instance';
import { installPackageInto, packPackage } from './package-install';
import { log } from './processes';

export interface PreparedSandbox extends N8nSandbox {
	/** The temporary folder of this run (user folder, tarball); remove() deletes it. */
	runFolder: string;
	tarball: string;
	remove(): void;
}

/**
 * The n8n the checks run against: 2.40.7 on this Node (24), or with E2E_N8N=1 (`npm run
 * test:e2e:n8n1`) the last n8n 1.x on Node 20, each installed once into the cache. n8n 1.x keeps
 * binary data in memory unless told otherwise; it is told to use the filesystem, as n8n 2.x does
 * by default and as the README advises for big exports. It has no mcp-registry module to disable
 * (naming an unknown module is an error there). And n8n 1.123.81 defaults to its "vm" expression
 * engine, built on isolated-vm 6.2.0, which declares Node >=22 and ships binaries for Node 22 and
 * 24 only: on Node 20 n8n exits at start unless told to use its "legacy" engine, so it is told.
 */
export async function n8nUnderTest(): Promise<{
	installation: N8nInstallation;
	env: NodeJS.ProcessEnv;
}> {
	if (process.env.E2E_N8N === '1') {
		const node = await ensureNodeRuntime(N8N1_NODE_VERSION);
		return {
			installation: await ensureN8nInstalled(N8N1_VERSION, node),
			env: {
				N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
				N8N_DISABLED_MODULES: '',
				N8N_EXPRESSION_ENGINE: 'legacy',
			},
		};
	}
	return { installation: await ensureN8nInstalled(), env: {} };
}

/**
 * Everything before n8n runs: install n8n (once), pack our package, install the tarball into a new
 * user folder, import the credentials and workflows. On failure the run folder is removed first.
 */
export async function prepareSandbox(
	label: string,
	imports: { credentials?: CredentialToImport[]; workflows?: WorkflowToImport[] } = {},
	env?: NodeJS.ProcessEnv,
): Promise<PreparedSandbox> {
	const underTest = await n8nUnderTest();
	log(`n8n ${underTest.installation.version} runs on Node ${underTest.installation.node.version}`);
	const runFolder = makeRunFolder(label);
	try {
		const tarball = await packPackage(runFolder);
		const sandbox: N8nSandbox = {
			installation: underTest.installation,
			userFolder: path.join(runFolder, 'n8n-user'),
			env: { ...underTest.env, ...env },
		};
		await installPackageInto(sandbox.userFolder, tarball);
		if (imports.credentials?.length || imports.workflows?.length)
			await importIntoN8n(sandbox, imports);
		return { ...sandbox, runFolder, tarball, remove: () => removeRunFolder(runFolder) };
	} catch (error) {
		removeRunFolder(runFolder);
		throw error;
	}
}
