/**
 * Loads a BUILT n8n community package the way n8n does (n8n-core's PackageDirectoryLoader
 * reading the `n8n` section of package.json, which points at `dist/`), and exposes its nodes
 * and credentials to the engine.
 */
import { PackageDirectoryLoader } from 'n8n-core';
import type {
	ICredentialType,
	IDataObject,
	INodeType,
	INodeTypes,
	IVersionedNodeType,
} from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { harnessLogger } from './capturing-logger';
import { isolateN8nUserFolder } from './n8n-internals';

/** The repository root: the package the harness loads unless told otherwise. */
export const REPO_ROOT = path.resolve(__dirname, '../..');

/**
 * n8n names a community node `<package name>.<node description name>`, e.g.
 * `n8n-nodes-clevertap.cleverTap` (the `CUSTOM.` prefix is only for ~/.n8n/custom nodes).
 * Reads package.json only, so it works before the package is loaded.
 */
export function fullNodeTypeName(nodeName: string, packageDirectory = REPO_ROOT): string {
	return `${readPackageName(packageDirectory)}.${nodeName}`;
}

/** Full type name of our CleverTap node (its description `name` is `cleverTap`). */
export const CLEVERTAP_NODE_TYPE = fullNodeTypeName('cleverTap');

export interface LoadedPackage {
	readonly directory: string;
	readonly packageName: string;
	readonly nodeTypes: INodeTypes;
	/** Full names (`<package>.<node>`) of every node the package declares. */
	readonly nodeTypeNames: string[];
	credentialType(name: string): ICredentialType;
	/** Credential type names listed in the package, e.g. `cleverTapApi`. */
	readonly credentialTypeNames: string[];
	/** Full node type names allowed to use a credential (from the nodes' `credentials`). */
	supportedNodesOf(credentialTypeName: string): string[];
}

// One load per package directory per jest module registry (i.e. per test file): loading is
// the slow part, and the loaded classes are never mutated by a run.
const loadedPackages = new Map<string, Promise<LoadedPackage>>();

export async function loadPackage(packageDirectory = REPO_ROOT): Promise<LoadedPackage> {
	const directory = path.resolve(packageDirectory);
	let loading = loadedPackages.get(directory);
	if (loading === undefined) {
		loading = loadPackageUncached(directory);
		loadedPackages.set(directory, loading);
		// A failed load (e.g. `dist/` not built yet) must not be cached for later tests.
		loading.catch(() => loadedPackages.delete(directory));
	}
	return await loading;
}

async function loadPackageUncached(directory: string): Promise<LoadedPackage> {
	prepareN8nEnvironment();
	const loader = new PackageDirectoryLoader(directory);
	await loader.loadAll();
	const { packageName } = loader;
	const toFullName = (nodeName: string) => `${packageName}.${nodeName}`;

	const nodeTypes = new PackageNodeTypes(packageName, loader);
	return {
		directory,
		packageName,
		nodeTypes,
		nodeTypeNames: Object.keys(loader.nodeTypes).map(toFullName),
		credentialTypeNames: Object.keys(loader.credentialTypes),
		credentialType: (name) => {
			const loaded = loader.credentialTypes[name];
			if (loaded === undefined) {
				const known = Object.keys(loader.credentialTypes).join(', ');
				throw new Error(`Credential type "${name}" is not in ${packageName} (it has: ${known})`);
			}
			return loaded.type;
		},
		supportedNodesOf: (name) => (loader.nodesByCredential[name] ?? []).map(toFullName),
	};
}

/** n8n's `INodeTypes` over one loaded package; accepts full names only, like n8n does. */
class PackageNodeTypes implements INodeTypes {
	constructor(
		private readonly packageName: string,
		private readonly loader: PackageDirectoryLoader,
	) {}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		return this.lookUp(nodeType);
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.lookUp(nodeType), version);
	}

	getKnownTypes(): IDataObject {
		return this.loader.known.nodes;
	}

	private lookUp(fullName: string): INodeType | IVersionedNodeType {
		const prefix = `${this.packageName}.`;
		const shortName = fullName.startsWith(prefix) ? fullName.slice(prefix.length) : undefined;
		const loaded = shortName === undefined ? undefined : this.loader.nodeTypes[shortName];
		if (loaded === undefined) {
			const known = Object.keys(this.loader.nodeTypes)
				.map((name) => prefix + name)
				.join(', ');
			throw new Error(`Unknown node type "${fullName}" (the loaded package has: ${known})`);
		}
		return loaded.type;
	}
}

/** Everything n8n-core expects to be set up before it builds its first service. */
export function prepareN8nEnvironment(): void {
	isolateN8nUserFolder();
	harnessLogger();
}

function readPackageName(packageDirectory: string): string {
	const packageJson = JSON.parse(
		readFileSync(path.join(packageDirectory, 'package.json'), 'utf8'),
	) as { name: string };
	return packageJson.name;
}
