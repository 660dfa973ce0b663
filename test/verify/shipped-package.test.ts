/**
 * The checks n8n applies before a community package becomes a verified node, on our source and on
 * the packed tarball: what the tarball holds, n8n's community lint in strict mode, and n8n's
 * verification scanner. Needs `npm run build` first (npm test does it).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { n8n } from '../../package.json';
import { REPO_ROOT } from '../helpers/n8n-engine';

const workDir = mkdtempSync(path.join(tmpdir(), 'clevertap-verify-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

// Jest sets NODE_ENV=test, which makes eslint-plugin-n8n-nodes-base treat every file as a node
// file (its own test mode). The tools must run as they do for a developer or in n8n's pipeline.
const { NODE_ENV: _jestNodeEnv, ...toolEnvironment } = process.env;

function run(command: string, args: string[], cwd = REPO_ROOT): string {
	return execFileSync(command, args, {
		cwd,
		env: toolEnvironment,
		encoding: 'utf8',
		stdio: 'pipe',
		timeout: 120_000,
	});
}

/** n8n's verification scanner on a folder: `passed`, else what it found. */
function scannerVerdict(folder: string, ...mode: ['source'] | []): string {
	const output = run(process.execPath, [path.join(__dirname, 'scan-package.mjs'), folder, ...mode]);
	const { passed, message, details } = JSON.parse(output.trim().split('\n').pop()!);
	return passed ? 'passed' : (details ?? message ?? 'failed');
}

describe('the packed tarball', () => {
	let files: string[];
	beforeAll(() => {
		const args = ['pack', '--json', '--ignore-scripts', '--pack-destination', workDir];
		const [packed] = JSON.parse(run('npm', args));
		files = packed.files.map((file: { path: string }) => file.path);
		run('tar', ['-xzf', path.join(workDir, packed.filename), '-C', workDir]);
	});

	it('holds nothing outside dist/ but package.json, README and LICENSE', () => {
		const notDist = files.filter((file) => !file.startsWith('dist/')).sort();
		expect(notDist).toEqual(['LICENSE', 'README.md', 'package.json']);
	});

	it('holds what the n8n section points at, the icons and the codex files', () => {
		expect(files).toEqual(
			expect.arrayContaining([
				...n8n.nodes,
				...n8n.credentials,
				'dist/nodes/CleverTap/clevertap.svg',
				'dist/nodes/CleverTap/clevertap.dark.svg',
				'dist/nodes/CleverTap/CleverTap.node.json',
				'dist/nodes/CleverTap/CleverTapTrigger.node.json',
			]),
		);
	});

	it("passes n8n's verification scanner", () => {
		expect(scannerVerdict(path.join(workDir, 'package'))).toBe('passed');
	});
});

describe('the source', () => {
	it("passes n8n's verification scanner on the files it reads from a source checkout", () => {
		expect(scannerVerdict(REPO_ROOT, 'source')).toBe('passed');
	});

	describe('under `n8n-node lint` (strict mode, unmodified eslint.config.mjs)', () => {
		let output: string;
		let failure: string | undefined;
		beforeAll(() => {
			// It lints every .ts file in its folder, so it runs on a copy of what n8n verifies.
			const staging = mkdtempSync(path.join(workDir, 'lint-'));
			const shipped = [
				'package.json',
				'eslint.config.mjs',
				'tsconfig.json',
				'nodes',
				'credentials',
			];
			for (const entry of shipped)
				cpSync(path.join(REPO_ROOT, entry), path.join(staging, entry), { recursive: true });
			symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(staging, 'node_modules'), 'dir');
			try {
				output = run(path.join(REPO_ROOT, 'node_modules', '.bin', 'n8n-node'), ['lint'], staging);
			} catch (error) {
				output = `${error.stdout ?? ''}${error.stderr ?? ''}`;
				failure = `n8n-node lint failed:\n${output}`;
			}
		});

		// It exits non-zero on any lint error or strict-mode violation.
		it('exits without an error', () => {
			expect(failure).toBeUndefined();
		});

		it("prints n8n-node lint's report", () => {
			expect(output).toMatch(/n8n-node lint/);
		});

		it('finds no strict mode violation', () => {
			expect(output).not.toMatch(/Strict mode violation/);
		});
	});
});
