/**
 * `npm run dev`: real n8n with this package, ready to try in the browser. Starts the CleverTap
 * simulator and n8n on 127.0.0.1 with the package installed from its npm tarball (exactly as the
 * e2e checks do), a CleverTap credential pointing at the simulator, the example workflow imported
 * and an owner account set up; prints where to go and how to sign in, and runs until Ctrl-C.
 * Everything lives in a temporary folder that is deleted on exit.
 */
import { readFileSync } from 'node:fs';

import { DEMO_ACCOUNT, startSimulator, type CleverTapSimulator } from '../simulator';
import { exampleWorkflow, simulatorCredential } from './fixtures';
import { LOCAL_OWNER, setUpOwner, startN8n, type RunningN8n } from './support/n8n-instance';
import { prepareSandbox, type PreparedSandbox } from './support/n8n-sandbox';
import { preferredPort } from './support/processes';

const EXAMPLE_WORKFLOW_ID = 'clevertapExample';

const say = (text: string) => process.stdout.write(`${text}\n`);

let simulator: CleverTapSimulator | undefined;
let sandbox: PreparedSandbox | undefined;
let n8n: RunningN8n | undefined;
let stopping: Promise<void> | undefined;

function stopEverything(reason: string, exitCode: number): Promise<void> {
	stopping ??= (async () => {
		say(`\n${reason}: stopping n8n and the simulator`);
		await n8n?.stop().catch(() => undefined);
		await simulator?.close().catch(() => undefined);
		sandbox?.remove();
		process.exit(exitCode);
	})();
	return stopping;
}

/** The process that started us through `npm run` / `npx tsx` (tsx's parent). */
function launcherPid(): number | undefined {
	try {
		const stat = readFileSync(`/proc/${process.ppid}/stat`, 'utf8');
		const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
		return Number.isInteger(parent) && parent > 1 ? parent : undefined;
	} catch {
		return undefined; // not Linux: the signals are enough
	}
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0); // signal 0 only asks whether it exists
		return true;
	} catch {
		return false;
	}
}

async function main(): Promise<void> {
	// `on`, not `once`: Ctrl-C reaches this process twice (from the terminal, and relayed by tsx), and
	// with no listener left tsx's own handler would end the process before n8n is stopped.
	process.on('SIGINT', () => void stopEverything('Ctrl-C', 0));
	process.on('SIGTERM', () => void stopEverything('SIGTERM', 0));

	simulator = await startSimulator({ port: await preferredPort(8787) });
	sandbox = await prepareSandbox('dev', {
		credentials: [simulatorCredential(simulator.url)],
		workflows: [exampleWorkflow(EXAMPLE_WORKFLOW_ID)],
	});
	n8n = await startN8n(sandbox, { port: await preferredPort(5678) });
	await setUpOwner(n8n);

	say(
		[
			'',
			`n8n ${sandbox.installation.version} with n8n-nodes-clevertap (installed from its npm tarball) is running:`,
			`  Editor:            ${n8n.url}`,
			`  Example workflow:  ${n8n.url}/workflow/${EXAMPLE_WORKFLOW_ID}   (press "Execute workflow")`,
			`  Sign in as:        ${LOCAL_OWNER.email} / ${LOCAL_OWNER.password}`,
			`  CleverTap simulator: ${simulator.url} (account ${DEMO_ACCOUNT.accountId}); the credential "${simulatorCredential(simulator.url).name}" points at it`,
			`  n8n user folder:   ${sandbox.userFolder} (deleted on exit)`,
			'Press Ctrl-C to stop.',
		].join('\n'),
	);

	const launcher = launcherPid();
	setInterval(() => {
		const ended = n8n?.exitStatus();
		if (ended) {
			process.stderr.write(`${n8n?.output().slice(-3000)}\n`);
			void stopEverything(`n8n stopped by itself (${ended})`, 1);
		} else if (launcher !== undefined && !isAlive(launcher)) {
			void stopEverything('the launching process is gone', 0);
		}
	}, 1000);
}

main().catch(async (error: unknown) => {
	process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
	await stopEverything('start-up failed', 1);
});
