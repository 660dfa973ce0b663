/**
 * Access to the two n8n services the harness must configure before n8n-core uses them:
 * the DI container (`@n8n/di`) and the `Logger` class (`@n8n/backend-common`).
 *
 * Why not a plain `import`: npm installs n8n-core's own copies of these packages under
 * `node_modules/n8n-core/node_modules/@n8n/...` (versions differ from the hoisted ones).
 * n8n-core resolves `Container.get(Logger)` against ITS copies, so registering our logger
 * in the hoisted container would silently do nothing. We therefore resolve both modules
 * from n8n-core's directory. `require` (not `createRequire`) keeps us inside jest's module
 * registry, so we get the very instances n8n-core got.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The part of `@n8n/di`'s container the harness uses. */
export interface DiContainer {
	get<T>(token: ServiceToken<T>): T;
	set<T>(token: ServiceToken<T>, instance: T): void;
}

// `any[]`: matches every class constructor, like @n8n/di's own token type.
export type ServiceToken<T = unknown> = abstract new (...args: any[]) => T;

const n8nCoreDirectory = path.dirname(require.resolve('n8n-core/package.json'));

function requireAsN8nCoreDoes<T>(moduleName: string): T {
	const resolved = require.resolve(moduleName, { paths: [n8nCoreDirectory] });
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	return require(resolved) as T;
}

/** The DI container n8n-core reads its services from. */
export function n8nContainer(): DiContainer {
	return requireAsN8nCoreDoes<{ Container: DiContainer }>('@n8n/di').Container;
}

/** The `Logger` class n8n-core asks the container for (`Container.get(Logger)`). */
export function n8nLoggerToken(): ServiceToken {
	return requireAsN8nCoreDoes<{ Logger: ServiceToken }>('@n8n/backend-common').Logger;
}

/**
 * n8n-core builds `InstanceSettings` on first use (every node execution context does). It
 * reads `<N8N_USER_FOLDER>/.n8n/config` and, when missing, creates it with a new encryption
 * key. Point it at a cache folder inside node_modules so tests never touch the developer's
 * real `~/.n8n`, and write the file up front (atomically, mode 0600 as n8n expects) so
 * parallel jest workers only ever read it.
 */
export function isolateN8nUserFolder(): void {
	if (process.env.N8N_USER_FOLDER) return;
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
