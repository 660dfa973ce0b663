/**
 * Loads the BUILT package the way n8n does (n8n-core's PackageDirectoryLoader reading the `n8n`
 * section of package.json, which points at `dist/`), and exposes its node and credential.
 */
import { PackageDirectoryLoader } from 'n8n-core';
import type { ICredentialType, IDataObject, INodeType, INodeTypes } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { harnessLogger } from './capturing-logger';
import { isolateN8nUserFolder } from './n8n-internals';

export const REPO_ROOT = path.resolve(__dirname, '../..');

const PACKAGE_NAME = (
	JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { name: string }
).name;

/** n8n names a community node `<package name>.<node name>`: `n8n-nodes-clevertap.cleverTap`. */
export function fullNodeTypeName(nodeName: string): string {
	return `${PACKAGE_NAME}.${nodeName}`;
}

export const CLEVERTAP_NODE_TYPE = fullNodeTypeName('cleverTap');

export interface LoadedPackage {
	readonly nodeTypes: INodeTypes;
	credentialType(name: string): ICredentialType;
}

// One load per jest module registry (i.e. per test file): loading is the slow part, and the
// loaded classes are never changed by a run.
let loading: Promise<LoadedPackage> | undefined;

export async function loadPackage(): Promise<LoadedPackage> {
	loading ??= loadPackageUncached();
	// A failed load (e.g. `dist/` not built yet) must not be cached for later tests.
	loading.catch(() => (loading = undefined));
	return await loading;
}

async function loadPackageUncached(): Promise<LoadedPackage> {
	isolateN8nUserFolder();
	harnessLogger();
	const loader = new PackageDirectoryLoader(REPO_ROOT);
	await loader.loadAll();
	const lookUp = (fullName: string): INodeType => {
		const shortName = fullName.startsWith(`${PACKAGE_NAME}.`)
			? fullName.slice(PACKAGE_NAME.length + 1)
			: undefined;
		const loaded = shortName === undefined ? undefined : loader.nodeTypes[shortName];
		if (loaded === undefined) throw new Error(`Unknown node type "${fullName}"`);
		return loaded.type as INodeType;
	};
	return {
		nodeTypes: {
			getByName: lookUp,
			getByNameAndVersion: (name, version) =>
				NodeHelpers.getVersionedNodeType(lookUp(name), version),
			getKnownTypes: (): IDataObject => loader.known.nodes,
		},
		credentialType: (name) => {
			const loaded = loader.credentialTypes[name];
			if (loaded === undefined) throw new Error(`Credential type "${name}" is not in the package`);
			return loaded.type;
		},
	};
}
