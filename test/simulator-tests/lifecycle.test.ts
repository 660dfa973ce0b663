import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { DEMO_ACCOUNT, startSimulator } from '../simulator';
import { call } from './simulator-client';

describe('starting and stopping', () => {
	it('listens on loopback, on a free port by default, with one URL per region', async () => {
		const sim = await startSimulator();
		try {
			expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
			expect(sim.regionUrl('sk1')).toBe(`${sim.url}/sk1`);
			expect(DEMO_ACCOUNT).toEqual({
				accountId: 'TEST-DEMO-ACC1',
				passcode: expect.stringMatching(/^SIM-PASS-.{11,}$/),
				region: 'eu1',
			});
		} finally {
			await sim.close();
		}
	});

	it('closes at once, even with a request left hanging and a kept-alive connection', async () => {
		const sim = await startSimulator();
		await call(sim, 'GET', '/1/profile.json?identity=0'); // leaves a keep-alive connection open
		sim.setFaults([{ kind: 'hang', at: 'byId' }]);
		const hanging = call(sim, 'GET', '/1/profile.json?identity=0');
		hanging.catch(() => undefined); // checked below, after close()
		while (sim.requests.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
		const started = Date.now();
		await sim.close();
		await sim.close(); // a second close is harmless
		expect(Date.now() - started).toBeLessThan(1000);
		await expect(hanging).rejects.toThrow();
	});

	it('runs from the command line, prints URL and credentials, and exits cleanly on SIGTERM', async () => {
		const root = join(__dirname, '..', '..');
		const child = spawn(
			process.execPath,
			[require.resolve('tsx/cli'), 'test/simulator/cli.ts', '--port', '0'],
			{ cwd: root },
		);
		let output = '';
		child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
		const exited = new Promise<number | null>((resolve) =>
			child.on('exit', (code) => resolve(code)),
		);
		try {
			for (let waited = 0; !output.includes('Ctrl-C'); waited += 50) {
				if (waited > 20_000) throw new Error(`no banner: ${output}`);
				await new Promise((resolve) => setTimeout(resolve, 50));
			}
			expect(output).toContain(DEMO_ACCOUNT.accountId);
			expect(output).toContain(DEMO_ACCOUNT.passcode);
			expect(output).toMatch(/Region:\s+eu1/);
			expect(output).toMatch(/Charged: 20240101\.\.20240131 -> \d+/);
			const url = /Base URL[^:]*: (http:\/\/127\.0\.0\.1:\d+)/.exec(output)![1];
			const answer = await fetch(`${url}/1/profile.json?identity=0`, {
				headers: {
					'X-CleverTap-Account-Id': DEMO_ACCOUNT.accountId,
					'X-CleverTap-Passcode': DEMO_ACCOUNT.passcode,
				},
			});
			expect(await answer.json()).toMatchObject({ status: 'fail', code: 404 });
			child.kill('SIGTERM');
			expect(await exited).toBe(0);
		} finally {
			child.kill('SIGKILL');
		}
	});
});
