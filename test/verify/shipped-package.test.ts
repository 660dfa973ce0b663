/**
 * The checks n8n applies before a community package becomes a verified node, run here on our
 * source and on the packed tarball: what the tarball holds, n8n's community lint in strict
 * mode, and n8n's verification scanner. Needs `npm run build` first (npm test does it).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { REPO_ROOT } from '../helpers/n8n-engine';

const packageJson = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
const workDir = mkdtempSync(path.join(tmpdir(), 'clevertap-verify-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

interface PackedFile {
	path: string;
}

// Jest sets NODE_ENV=test, which makes eslint-plugin-n8n-nodes-base treat every file as a node
// file (its own test mode). The tools must run as they do for a developer or in n8n's pipeline.
const { NODE_ENV: _jestNodeEnv, ...toolEnvironment } = process.env;

function run(command: string, args: string[], cwd: string): string {
	return execFileSync(command, args, {
		cwd,
		env: toolEnvironment,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
		timeout: 120_000,
	});
}

function scan(
	folder: string,
	mode?: 'source',
): { passed: boolean; message: string | null; details: string | null } {
	const output = run(
		process.execPath,
		[path.join(__dirname, 'scan-package.mjs'), folder, ...(mode ? [mode] : [])],
		REPO_ROOT,
	);
	return JSON.parse(output.trim().split('\n').pop() ?? '{}');
}

describe('the packed tarball', () => {
	let tarball: string;
	let files: string[];

	beforeAll(() => {
		const [packed] = JSON.parse(
			run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', workDir], REPO_ROOT),
		) as Array<{
			filename: string;
			files: PackedFile[];
		}>;
		tarball = path.join(workDir, packed.filename);
		files = packed.files.map((file) => file.path);
		run('tar', ['-xzf', tarball, '-C', workDir], REPO_ROOT);
	});

	it('holds only dist/**, package.json, README and LICENSE', () => {
		const allowed = (file: string) =>
			file.startsWith('dist/') || ['package.json', 'README.md', 'LICENSE'].includes(file);
		expect(files.filter((file) => !allowed(file))).toEqual([]);
		expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE']));
	});

	it("contains every file the package.json's n8n section points at, with the icons and codex", () => {
		const n8nPaths: string[] = [...packageJson.n8n.nodes, ...packageJson.n8n.credentials];
		expect(files).toEqual(expect.arrayContaining(n8nPaths));
		expect(files).toEqual(
			expect.arrayContaining([
				'dist/nodes/CleverTap/clevertap.svg',
				'dist/nodes/CleverTap/clevertap.dark.svg',
				'dist/nodes/CleverTap/CleverTap.node.json',
				'dist/nodes/CleverTap/CleverTapTrigger.node.json',
			]),
		);
	});

	it("passes n8n's verification scanner", () => {
		const verdict = scan(path.join(workDir, 'package'));
		expect(verdict.details ?? verdict.message ?? 'passed').toBe('passed');
		expect(verdict.passed).toBe(true);
	});
});

describe('the source', () => {
	it("passes n8n's verification scanner on the files it reads from a source checkout", () => {
		const verdict = scan(REPO_ROOT, 'source');
		expect(verdict.details ?? verdict.message ?? 'passed').toBe('passed');
		expect(verdict.passed).toBe(true);
	});

	it('passes `n8n-node lint` (strict mode, unmodified eslint.config.mjs) on the shipped code', () => {
		// n8n-node lint runs its rules over every .ts file in the folder, so it runs on a copy of
		// what n8n verifies: the package manifest, its lint and TypeScript config, nodes/, credentials/.
		const staging = mkdtempSync(path.join(workDir, 'lint-'));
		for (const entry of [
			'package.json',
			'eslint.config.mjs',
			'tsconfig.json',
			'nodes',
			'credentials',
		]) {
			cpSync(path.join(REPO_ROOT, entry), path.join(staging, entry), { recursive: true });
		}
		symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(staging, 'node_modules'), 'dir');
		const cli = path.join(REPO_ROOT, 'node_modules', '.bin', 'n8n-node');

		let output: string;
		try {
			output = run(cli, ['lint'], staging);
		} catch (error) {
			const { stdout, stderr } = error as { stdout?: string; stderr?: string };
			throw new Error(`n8n-node lint failed:\n${stdout ?? ''}${stderr ?? ''}`);
		}
		// It exits non-zero on any lint error or strict-mode violation (run() throws then).
		expect(output).toMatch(/n8n-node lint/);
		expect(output).not.toMatch(/Strict mode violation/);
	});
});
