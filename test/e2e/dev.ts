/**
 * `npm run dev`: real n8n with this package, ready to try in the browser. The CleverTap simulator
 * and n8n run on 127.0.0.1 with the package installed from its npm tarball (as in the e2e suite),
 * a credential pointing at the simulator, the example workflow and an owner account; everything
 * lives in a temporary folder deleted on exit.
 */
import { readFileSync } from 'node:fs';

import { DEMO_ACCOUNT, startSimulator, type CleverTapSimulator } from '../simulator';
import { exampleWith, simulatorCredential } from './fixtures';
import { LOCAL_OWNER, prepareSandbox, setUpOwner, startN8n, type RunningN8n } from './support/n8n';
import { freePort } from './support/processes';

let simulator: CleverTapSimulator | undefined;
let sandbox: Awaited<ReturnType<typeof prepareSandbox>> | undefined;
let n8n: RunningN8n | undefined;
let stopping = false;

async function stopEverything(reason: string, exitCode: number): Promise<void> {
	if (stopping) return;
	stopping = true;
	process.stdout.write(`\n${reason}: stopping n8n and the simulator\n`);
	await n8n?.stop().catch(() => undefined);
	await simulator?.close().catch(() => undefined);
	sandbox?.remove();
	process.exit(exitCode);
}

async function main(): Promise<void> {
	// `on`, not `once`: Ctrl-C reaches this process twice (from the terminal, and relayed by tsx), and
	// with no listener left tsx's own handler would end the process before n8n is stopped.
	process.on('SIGINT', () => void stopEverything('Ctrl-C', 0));
	process.on('SIGTERM', () => void stopEverything('SIGTERM', 0));

	simulator = await startSimulator({ port: await freePort(8787) });
	const credential = simulatorCredential(simulator.url);
	const workflow = [exampleWith('clevertapExample')];
	sandbox = await prepareSandbox('dev', { credentials: [credential], workflow });
	n8n = await startN8n(sandbox, { port: 5678 });
	await setUpOwner(n8n, sandbox);
	process.stdout.write(`
n8n ${sandbox.installation.version} with n8n-nodes-clevertap (installed from its npm tarball) is running:
  Editor:            ${n8n.url}
  Example workflow:  ${n8n.url}/workflow/clevertapExample   (press "Execute workflow")
  Sign in as:        ${LOCAL_OWNER.email} / ${LOCAL_OWNER.password}
  CleverTap simulator: ${simulator.url} (account ${DEMO_ACCOUNT.accountId}); the credential "${credential.name}" points at it
  n8n user folder:   ${sandbox.userFolder} (deleted on exit)
Press Ctrl-C to stop.
`);

	// Also when whoever started `npm run dev` (tsx's parent) is gone: killed by id, which does not reach us.
	const stat = readFileSync(`/proc/${process.ppid}/stat`, 'utf8');
	const launcher = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
	setInterval(() => {
		const ended = n8n?.exitStatus();
		if (ended) {
			process.stderr.write(`${n8n?.output().slice(-3000)}\n`);
			void stopEverything(`n8n stopped by itself (${ended})`, 1);
		}
		try {
			process.kill(launcher, 0); // signal 0 only asks whether it exists
		} catch {
			void stopEverything('the launching process is gone', 0);
		}
	}, 1000);
}

main().catch(async (error: unknown) => {
	process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
	await stopEverything('start-up failed', 1);
});
