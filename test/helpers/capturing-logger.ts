/**
 * A logger that records every line n8n (and the node under test) logs, so tests can assert
 * on log output, e.g. that a retry was logged or that a secret never was.
 *
 * n8n 2.40 reads its logger from two places, and we install ours in both:
 * - `Container.get(Logger)` (@n8n/backend-common): `this.logger` inside a node's execute
 *   context, the ErrorReporter (which logs node errors with their cause chain), the loaders;
 * - `LoggerProxy` (n8n-workflow): WorkflowExecute's own debug lines and other static calls.
 */
import type { Logger, LogMetadata } from 'n8n-workflow';
import { LoggerProxy } from 'n8n-workflow';

import { n8nContainer, n8nLoggerToken } from './n8n-internals';

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

export interface LogEntry {
	level: LogLevel;
	message: string;
	metadata: LogMetadata;
}

export class CapturingLogger implements Logger {
	readonly entries: LogEntry[] = [];

	error(message: string, metadata: LogMetadata = {}): void {
		this.record('error', message, metadata);
	}

	warn(message: string, metadata: LogMetadata = {}): void {
		this.record('warn', message, metadata);
	}

	info(message: string, metadata: LogMetadata = {}): void {
		this.record('info', message, metadata);
	}

	debug(message: string, metadata: LogMetadata = {}): void {
		this.record('debug', message, metadata);
	}

	/** n8n services call `logger.scoped('scope')` in their constructors; keep them writing here. */
	scoped(): this {
		return this;
	}

	clear(): void {
		this.entries.length = 0;
	}

	/** Messages, optionally of one level only. */
	messages(level?: LogLevel): string[] {
		return this.entries
			.filter((entry) => level === undefined || entry.level === level)
			.map((entry) => entry.message);
	}

	private record(level: LogLevel, message: string, metadata: LogMetadata): void {
		this.entries.push({ level, message, metadata });
		// Set N8N_HARNESS_ECHO_LOGS=1 to watch n8n's log while debugging a test (stderr).
		if (process.env.N8N_HARNESS_ECHO_LOGS) console.error(`[n8n ${level}] ${message}`, metadata);
	}
}

let installedLogger: CapturingLogger | undefined;

/**
 * The capturing logger n8n uses in this jest module registry (one per test file), installed on
 * first call. Install it before n8n-core builds any service: services that receive the
 * logger through their constructor (ErrorReporter, loaders) keep whatever they got first.
 * That is also why it is one long-lived logger that `runWorkflow` clears, not one per run.
 */
export function harnessLogger(): CapturingLogger {
	if (installedLogger === undefined) {
		installedLogger = new CapturingLogger();
		n8nContainer().set(n8nLoggerToken(), installedLogger);
		LoggerProxy.init(installedLogger);
	}
	return installedLogger;
}
