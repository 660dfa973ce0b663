/**
 * n8n's DI container, logger and user folder, set up before n8n-core uses them. n8n-core has its
 * own copies of `@n8n/di` and `@n8n/backend-common`, so both are required from n8n-core's folder.
 */
import type { LogMetadata, Logger } from 'n8n-workflow';
import { LoggerProxy } from 'n8n-workflow';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const n8nCoreDirectory = path.dirname(require.resolve('n8n-core/package.json'));

// `require` (not `createRequire`) stays in jest's module registry: the instances n8n-core got.
function requireAsN8nCoreDoes<T>(moduleName: string): T {
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

/** n8n's DI container; on first use per test file, our logger and user folder go in first. */
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

/** n8n's settings file, in node_modules (not `~/.n8n`), written atomically for parallel workers. */
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
