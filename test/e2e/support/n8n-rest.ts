/**
 * Reads executions from a running n8n through its REST API, as the editor does: sign in as the
 * owner (a session cookie bound to a browser id), list a workflow's executions, and fetch one
 * with its data (which n8n sends in `flatted` form; n8n's own copy of flatted reads it).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { randomUUID } from 'node:crypto';

import type { ExecutionOutcome } from './execution';
import type { N8nInstallation } from './n8n-install';
import { LOCAL_OWNER, type RunningN8n } from './n8n-instance';

export interface ExecutionSummary {
	id: string;
	status: string;
	mode: string;
}

export interface N8nSession {
	executionsOf(workflowId: string): Promise<ExecutionSummary[]>;
	/** The execution's run (the IRun n8n stored), as `n8n execute --rawOutput` prints it. */
	execution(id: string): Promise<NonNullable<ExecutionOutcome['run']>>;
}

export async function signIn(n8n: RunningN8n, installation: N8nInstallation): Promise<N8nSession> {
	const browserId = randomUUID();
	const login = await fetch(`${n8n.url}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'browser-id': browserId },
		body: JSON.stringify({ emailOrLdapLoginId: LOCAL_OWNER.email, password: LOCAL_OWNER.password }),
		signal: AbortSignal.timeout(30_000),
	});
	if (!login.ok) throw new Error(`Sign-in failed: HTTP ${login.status} ${await login.text()}`);
	const cookie = login.headers
		.getSetCookie()
		.map((header) => header.split(';')[0])
		.join('; ');
	const flatted = createRequire(path.join(installation.dir, 'node_modules', 'n8n', 'package.json'))(
		'flatted',
	) as { parse(text: string): unknown };

	async function get<T>(route: string): Promise<T> {
		const response = await fetch(`${n8n.url}/rest${route}`, {
			headers: { cookie, 'browser-id': browserId },
			signal: AbortSignal.timeout(30_000),
		});
		if (!response.ok)
			throw new Error(`GET ${route}: HTTP ${response.status} ${await response.text()}`);
		return ((await response.json()) as { data: T }).data;
	}

	return {
		executionsOf: async (workflowId) => {
			const filter = encodeURIComponent(JSON.stringify({ workflowId }));
			const { results } = await get<{ results: ExecutionSummary[] }>(
				`/executions?filter=${filter}`,
			);
			return results;
		},
		execution: async (id) => {
			const execution = await get<{ status: string; data: string }>(`/executions/${id}`);
			const data = flatted.parse(execution.data) as NonNullable<ExecutionOutcome['run']>['data'];
			return { status: execution.status, data };
		},
	};
}
