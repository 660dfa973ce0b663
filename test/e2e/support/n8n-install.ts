/**
 * Installs real n8n once into a cache outside the repository and reuses it on every later run:
 * ${XDG_CACHE_HOME:-~/.cache}/n8n-nodes-clevertap/n8n-<version>.
 *
 * How, and why so:
 * - `npm install --ignore-scripts n8n@2.40.7`: n8n's dependencies have install scripts that fetch
 *   things from the internet; none is needed to run n8n here except sqlite3's native binding, so
 * - `npm rebuild sqlite3 --build-from-source` builds that one binding with node-gyp, against the
 *   Node 24 headers that .ci/node24.sh puts in npm_config_nodedir (no download).
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

const MARKER = '.n8n-nodes-clevertap-install.json';
const NPM_INSTALL_TIMEOUT_MS = 15 * 60_000;
const SQLITE_BUILD_TIMEOUT_MS = 10 * 60_000;

export interface N8nInstallation {
	version: string;
	/** The cache folder holding node_modules/n8n. */
	dir: string;
	/** n8n's CLI script, run with the Node running this process (24). */
	bin: string;
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

function isComplete(dir: string, version: string): boolean {
	try {
		const marker = JSON.parse(readFileSync(path.join(dir, MARKER), 'utf8')) as { version?: string };
		return marker.version === version && existsSync(binOf(dir)) && existsSync(sqliteBindingOf(dir));
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

/** Node headers for node-gyp: npm_config_nodedir as .ci/node24.sh sets it, else those beside this node. */
function nodeHeadersEnv(): NodeJS.ProcessEnv {
	if (process.env.npm_config_nodedir) return {};
	const prefix = path.resolve(path.dirname(process.execPath), '..');
	return existsSync(path.join(prefix, 'include', 'node', 'node.h'))
		? { npm_config_nodedir: prefix }
		: {};
}

/** n8n from the cache, installing it there first if it is not (several minutes, once). */
export async function ensureN8nInstalled(version = N8N_VERSION): Promise<N8nInstallation> {
	assertNode24();
	const dir = n8nCacheDir(version);
	if (isComplete(dir, version)) {
		log(`n8n ${version}: reusing the install in ${dir}`);
		return { version, dir, bin: binOf(dir), reused: true };
	}

	const started = Date.now();
	const staging = `${dir}.partial-${process.pid}`;
	log(`n8n ${version}: not in the cache, installing into ${dir} (takes a few minutes, once)`);
	rmSync(staging, { recursive: true, force: true });
	mkdirSync(staging, { recursive: true });
	try {
		writeFileSync(
			path.join(staging, 'package.json'),
			`${JSON.stringify({ name: 'n8n-cache', private: true }, null, 2)}\n`,
		);
		const env = npmEnvironment(nodeHeadersEnv());
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
		// The binding must load in this Node, or every n8n command fails later with a less clear error.
		await runCommand(process.execPath, ['-e', "require('sqlite3')"], {
			cwd: staging,
			timeoutMs: 60_000,
		});
		writeFileSync(
			path.join(staging, MARKER),
			`${JSON.stringify({ version, node: process.version, installedAt: new Date().toISOString() }, null, 2)}\n`,
		);

		if (isComplete(dir, version)) {
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
	return { version, dir, bin: binOf(dir), reused: false };
}
