/**
 * Loads the BUILT package as n8n does: n8n-core's PackageDirectoryLoader reads the `n8n` section
 * of package.json, which points at `dist/`.
 */
import { PackageDirectoryLoader } from 'n8n-core';
import type { INodeType, INodeTypes } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';
import path from 'node:path';

import { name as PACKAGE_NAME } from '../../package.json';
import { n8nContainer } from './n8n-internals';

export const REPO_ROOT = path.resolve(__dirname, '../..');

/** n8n names a community node `<package name>.<node name>`. */
export const fullNodeTypeName = (nodeName: string) => `${PACKAGE_NAME}.${nodeName}`;

export const CLEVERTAP_NODE_TYPE = fullNodeTypeName('cleverTap');

async function loadPackageUncached() {
	n8nContainer(); // the harness's logger and user folder, before the loader's services
	const loader = new PackageDirectoryLoader(REPO_ROOT);
	await loader.loadAll();
	/** Our package's node types, and any `extra` (by type name) from other packages. */
	const nodeTypes = (extra: Record<string, INodeType> = {}): INodeTypes => {
		const getByName = (fullName: string) =>
			extra[fullName] ??
			(loader.getNode(fullName.replace(`${PACKAGE_NAME}.`, '')).type as INodeType);
		return {
			getByName,
			getByNameAndVersion: (name, version) =>
				NodeHelpers.getVersionedNodeType(getByName(name), version),
			getKnownTypes: () => loader.known.nodes,
		};
	};
	return { nodeTypes, credentialType: (name: string) => loader.getCredential(name).type };
}

export type LoadedPackage = Awaited<ReturnType<typeof loadPackageUncached>>;

// Once per jest module registry (per test file): loading is the slow part, and runs change nothing.
let loading: Promise<LoadedPackage> | undefined;

export const loadPackage = () => (loading ??= loadPackageUncached());
