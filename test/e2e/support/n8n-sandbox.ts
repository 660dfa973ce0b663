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

export interface PreparedSandbox extends N8nSandbox {
	/** The temporary folder of this run (user folder, tarball); remove() deletes it. */
	runFolder: string;
	tarball: string;
	remove(): void;
}

/**
 * The n8n the checks run against: 2.40.7 on this Node (24), or with E2E_N8N=1 (`npm run
 * test:e2e:n8n1`) the last n8n 1.x on Node 20, each installed once into the cache.
 */
export async function n8nUnderTest(): Promise<N8nInstallation> {
	if (process.env.E2E_N8N === '1')
		return await ensureN8nInstalled(N8N1_VERSION, await ensureNodeRuntime(N8N1_NODE_VERSION));
	return await ensureN8nInstalled();
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
	const installation = await n8nUnderTest();
	const runFolder = makeRunFolder(label);
	try {
		const tarball = await packPackage(runFolder);
		const sandbox: N8nSandbox = {
			installation,
			userFolder: path.join(runFolder, 'n8n-user'),
			env,
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
