/**
 * Reads what `n8n execute --id ID --rawOutput` prints: n8n's own log lines, then the execution
 * (IRun) as pretty-printed JSON, from a line that is only "{" to a line that is only "}" (after
 * "Execution error:" when it failed), and possibly more log lines after it.
 */
import type { CommandResult } from './processes';

export interface NodeRunItem {
	json: Record<string, any>;
	pairedItem?: { item: number } | Array<{ item: number }>;
	/** Binary metadata by field; in filesystem mode `id` locates the file in n8n's storage. */
	binary?: Record<string, { id?: string; fileName?: string; mimeType?: string }>;
}

export interface NodeRun {
	executionStatus?: string;
	error?: { message?: string; description?: string | null; httpCode?: string | null };
	data?: { main?: Array<NodeRunItem[] | null> };
}

export interface ExecutionOutcome {
	/** n8n's exit code. */
	exitCode: number | null;
	/** The IRun, when n8n printed one. */
	run?: {
		status?: string;
		finished?: boolean;
		data: {
			resultData: {
				runData: Record<string, NodeRun[]>;
				error?: { message?: string; description?: string | null };
			};
		};
	};
	stdout: string;
	stderr: string;
}

export function parseExecution(result: CommandResult): ExecutionOutcome {
	const outcome: ExecutionOutcome = {
		exitCode: result.code,
		stdout: result.stdout,
		stderr: result.stderr,
	};
	const start = result.stdout.search(/^\{$/m);
	const end = start === -1 ? -1 : result.stdout.slice(start).search(/^\}$/m);
	if (end !== -1) {
		try {
			outcome.run = JSON.parse(
				result.stdout.slice(start, start + end + 1),
			) as ExecutionOutcome['run'];
		} catch {
			// not an IRun after all: the caller's assertions show stdout
		}
	}
	return outcome;
}

/** The items a node put on its first output (its last run). */
export function outputItems(outcome: ExecutionOutcome, nodeName: string): NodeRunItem[] {
	const runs = outcome.run?.data.resultData.runData[nodeName];
	if (!runs?.length) {
		throw new Error(
			`No run of node "${nodeName}" in the execution. n8n printed:\n${(outcome.stdout + outcome.stderr).slice(-3000)}`,
		);
	}
	return runs[runs.length - 1].data?.main?.[0] ?? [];
}

export function describeOutcome(outcome: ExecutionOutcome): string {
	return `exit ${outcome.exitCode}, status ${outcome.run?.status ?? '(no execution printed)'}\n${(outcome.stdout + outcome.stderr).slice(-2000)}`;
}
