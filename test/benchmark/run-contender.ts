/** Runs one contender (contender-process.ts) in a fresh process: its figures, or why there are none. */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';

import type { CleverTapSimulator } from '../simulator';
import type { ContenderJob, Message, Result } from './contender-process';

/** With a `cpuProfileDir`, the process writes a V8 CPU profile named `name` there. */
export async function runContenderProcess(
	job: ContenderJob,
	simulator: CleverTapSimulator,
	name: string,
	dir?: string,
) {
	const profile = [`--cpu-prof-dir=${dir}`, `--cpu-prof-name=${name}.cpuprofile`];
	const child = fork(path.join(__dirname, 'contender-process.ts'), [JSON.stringify(job)], {
		// --max-old-space-size: room for a million profiles held as items
		execArgv: ['--import', 'tsx', '--expose-gc', '--max-old-space-size=16384'].concat(
			dir ? ['--cpu-prof', ...profile] : [],
		),
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
	});
	// It exits by itself once it has answered (writing its CPU profile, if asked to).
	const exited = once(child, 'exit');
	const gone = exited.then(([code]) => [{ failed: `exited (${code}) without answering` }]);
	const reply = async () => {
		const [message] = (await Promise.race([once(child, 'message'), gone])) as [Message];
		if (typeof message === 'object' && 'failed' in message) throw new Error(message.failed);
		return message;
	};
	try {
		await reply(); // ready
		simulator.clearRequests(); // the warm-up's do not count
		child.send('go');
		const result = (await reply()) as Result;
		return { ...result, requests: simulator.requests.length };
	} catch (error) {
		return `failed: ${(error as Error).message}`;
	} finally {
		await exited;
	}
}
