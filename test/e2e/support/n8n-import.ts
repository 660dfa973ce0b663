/**
 * Puts credentials and workflows into an n8n user folder with n8n's own CLI, as someone moving
 * them between instances would: `n8n import:credentials` (n8n encrypts the plain data with the
 * instance's key) and `n8n import:workflow`.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import type { N8nSandbox } from './n8n-instance';
import { runN8n } from './n8n-instance';
import { log } from './processes';

export interface CredentialToImport {
	id: string;
	name: string;
	type: string;
	/** Plain values; n8n encrypts them on import. */
	data: Record<string, string>;
}

export interface WorkflowToImport {
	id: string;
	name: string;
	nodes: unknown[];
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	pinData?: Record<string, unknown>;
}

const IMPORT_TIMEOUT_MS = 120_000;

async function importFile(
	sandbox: N8nSandbox,
	command: string,
	file: string,
	what: string,
): Promise<void> {
	const result = await runN8n(sandbox, [command, `--input=${file}`], IMPORT_TIMEOUT_MS);
	if (result.code !== 0 || !/Successfully imported/.test(result.stdout)) {
		throw new Error(
			`n8n ${command} failed for ${what} (exit ${result.code}):\n${(result.stdout + result.stderr).slice(-3000)}`,
		);
	}
}

export async function importIntoN8n(
	sandbox: N8nSandbox,
	{
		credentials = [],
		workflows = [],
	}: { credentials?: CredentialToImport[]; workflows?: WorkflowToImport[] },
): Promise<void> {
	const folder = path.join(sandbox.userFolder, 'to-import');
	mkdirSync(folder, { recursive: true });
	try {
		if (credentials.length > 0) {
			const file = path.join(folder, 'credentials.json');
			writeFileSync(file, JSON.stringify(credentials, null, 2), { mode: 0o600 });
			await importFile(
				sandbox,
				'import:credentials',
				file,
				credentials.map((c) => c.name).join(', '),
			);
			log(`imported credentials: ${credentials.map((c) => `${c.id} (${c.name})`).join(', ')}`);
		}
		if (workflows.length > 0) {
			const file = path.join(folder, 'workflows.json');
			writeFileSync(file, JSON.stringify(workflows, null, 2));
			await importFile(sandbox, 'import:workflow', file, workflows.map((w) => w.name).join(', '));
			log(`imported workflows: ${workflows.map((w) => w.id).join(', ')}`);
		}
	} finally {
		rmSync(folder, { recursive: true, force: true }); // the credential file holds the passcode in plain text
	}
}
