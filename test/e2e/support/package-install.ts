/**
 * Our package as a user gets it: `npm pack` of the built package (only what `files` publishes),
 * installed from the tarball into the folder where n8n loads community packages,
 * <N8N_USER_FOLDER>/.n8n/nodes/node_modules, with <N8N_USER_FOLDER>/.n8n/nodes/package.json
 * listing it as a dependency.
 *
 * The npm flags are those n8n itself uses when it installs a community package (no scripts, no
 * bin links, no lockfile). n8n-workflow is a peer dependency that n8n provides, so peers are not
 * installed (--legacy-peer-deps): the node must run against n8n's own n8n-workflow.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { log, npmEnvironment, runCommand } from './processes';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const PACKAGE_NAME = 'n8n-nodes-clevertap';

const BUILT_NODE = path.join(REPO_ROOT, 'dist', 'nodes', 'CleverTap', 'CleverTap.node.js');

/** `npm pack` of the repository into destDir; returns the tarball's path. Needs `npm run build` first. */
export async function packPackage(destDir: string): Promise<string> {
	if (!existsSync(BUILT_NODE)) {
		throw new Error(
			`${BUILT_NODE} is missing: run \`npm run build\` first (the npm scripts test:e2e, test:ui and dev do).`,
		);
	}
	mkdirSync(destDir, { recursive: true });
	const { stdout } = await runCommand(
		'npm',
		['pack', '--json', '--pack-destination', destDir, '--loglevel=error'],
		{
			cwd: REPO_ROOT,
			env: npmEnvironment(),
			timeoutMs: 120_000,
		},
	);
	// npm prints a JSON array; anything before it (a prepack script's output) is skipped.
	const packed = JSON.parse(stdout.slice(stdout.indexOf('['))) as Array<{
		filename: string;
		files: unknown[];
	}>;
	const tarball = path.join(destDir, packed[0].filename);
	log(`packed ${path.basename(tarball)} (${packed[0].files.length} files)`);
	return tarball;
}

/** <userFolder>/.n8n/nodes: n8n's community package folder for that N8N_USER_FOLDER. */
export function communityNodesDir(userFolder: string): string {
	return path.join(userFolder, '.n8n', 'nodes');
}

/** Installs the tarball as a community package of the n8n that uses userFolder; returns the package folder. */
export async function installPackageInto(userFolder: string, tarball: string): Promise<string> {
	const nodesDir = communityNodesDir(userFolder);
	mkdirSync(nodesDir, { recursive: true });
	const ledger = path.join(nodesDir, 'package.json');
	if (!existsSync(ledger)) {
		writeFileSync(
			ledger,
			`${JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2)}\n`,
		);
	}
	await runCommand(
		'npm',
		[
			'install',
			tarball,
			'--legacy-peer-deps',
			'--ignore-scripts',
			'--no-audit',
			'--no-fund',
			'--bin-links=false',
			'--install-strategy=shallow',
			'--package-lock=false',
			'--loglevel=error',
		],
		{ cwd: nodesDir, env: npmEnvironment(), timeoutMs: 180_000 },
	);

	const installedDir = path.join(nodesDir, 'node_modules', PACKAGE_NAME);
	const installed = JSON.parse(readFileSync(path.join(installedDir, 'package.json'), 'utf8')) as {
		version: string;
	};
	const listed = JSON.parse(readFileSync(ledger, 'utf8')) as {
		dependencies?: Record<string, string>;
	};
	if (!listed.dependencies?.[PACKAGE_NAME])
		throw new Error(`${ledger} does not list ${PACKAGE_NAME}`);
	log(`installed ${PACKAGE_NAME}@${installed.version} into ${nodesDir}`);
	return installedDir;
}
