/**
 * The n8n services the harness configures before n8n-core uses them: the DI container, the
 * logger, the user folder. npm installs n8n-core its own copies of `@n8n/di` and
 * `@n8n/backend-common` (other versions than the hoisted ones), so both are required from
 * n8n-core's folder: registering a logger in the hoisted container would silently do nothing.
 */
import type { LogMetadata, Logger } from 'n8n-workflow';
import { LoggerProxy } from 'n8n-workflow';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const n8nCoreDirectory = path.dirname(require.resolve('n8n-core/package.json'));

function requireAsN8nCoreDoes<T>(moduleName: string): T {
	// `require` (not `createRequire`) stays in jest's module registry: the instances n8n-core got.
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	return require(require.resolve(moduleName, { paths: [n8nCoreDirectory] })) as T;
}

export interface LogEntry {
	level: 'error' | 'warn' | 'info' | 'debug';
	message: string;
	metadata: LogMetadata;
}

function capturingLogger() {
	const entries: LogEntry[] = [];
	const log =
		(level: LogEntry['level']) =>
		(message: string, metadata: LogMetadata = {}) => {
			entries.push({ level, message, metadata });
		};
	const logger = {
		entries,
		error: log('error'),
		warn: log('warn'),
		info: log('info'),
		debug: log('debug'),
		// n8n services call `logger.scoped('scope')` in their constructors.
		scoped: () => logger,
		clear: () => {
			entries.length = 0;
		},
		messages: (level?: LogEntry['level']) =>
			entries.filter((entry) => !level || entry.level === level).map((entry) => entry.message),
	};
	return logger satisfies Logger;
}

let installedLogger: ReturnType<typeof capturingLogger> | undefined;

/**
 * The DI container n8n-core reads its services from. Services keep the logger and settings they
 * were built with, so on first use (per jest module registry, i.e. test file) the harness installs
 * its logger, also as n8n-workflow's `LoggerProxy`, and its user folder before any is built.
 */
export function n8nContainer() {
	const { Container } = requireAsN8nCoreDoes<typeof import('@n8n/di')>('@n8n/di');
	if (!installedLogger) {
		isolateN8nUserFolder();
		installedLogger = capturingLogger();
		const { Logger } =
			requireAsN8nCoreDoes<typeof import('@n8n/backend-common')>('@n8n/backend-common');
		Container.set(Logger, installedLogger as never);
		LoggerProxy.init(installedLogger);
	}
	return Container;
}

/** What n8n logged in this test file; it is one long-lived logger, which `runWorkflow` clears. */
export function harnessLogger() {
	n8nContainer();
	return installedLogger!;
}

/**
 * n8n-core reads `<N8N_USER_FOLDER>/.n8n/config` (creating it, with a new encryption key, when
 * missing). Tests use a folder in node_modules, never the developer's `~/.n8n`, and write the file
 * once, atomically, so parallel jest workers only ever read it.
 */
function isolateN8nUserFolder(): void {
	const userFolder = path.resolve(__dirname, '../../node_modules/.cache/n8n-test-harness');
	const settingsFile = path.join(userFolder, '.n8n', 'config');
	if (!existsSync(settingsFile)) {
		mkdirSync(path.dirname(settingsFile), { recursive: true });
		const temporaryFile = `${settingsFile}.${process.pid}.tmp`;
		const settings = { encryptionKey: randomBytes(24).toString('base64') };
		writeFileSync(temporaryFile, JSON.stringify(settings), { mode: 0o600 });
		renameSync(temporaryFile, settingsFile);
	}
	process.env.N8N_USER_FOLDER = userFolder;
}
