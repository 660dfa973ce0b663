import {
	DEMO_ACCOUNT,
	startSimulator,
	type CleverTapSimulator,
	type SimulatorAccount,
} from '../simulator';
import { call, type Answer } from './simulator-client';

const TOO_MANY = { status: 'fail', error: 'Too many concurrent requests', code: 429 };
const OTHER: SimulatorAccount = {
	accountId: 'TEST-OTHER-ACC',
	passcode: 'SIM-PASS-OTHER-0123456789',
	region: 'eu1',
};

describe('concurrency limit: 3 requests in flight per account (clevertap-api.md "Failures")', () => {
	let sim: CleverTapSimulator;
	let identity: string;
	beforeAll(async () => {
		sim = await startSimulator({ accounts: [DEMO_ACCOUNT, OTHER] });
		identity = sim.dataset
			.profilesFor('Charged', 20240101, 20240131)
			.find((record) => record.identity)!.identity!;
	});
	afterAll(() => sim.close());
	beforeEach(() => sim.setFaults([]));

	const lookUp = (account: SimulatorAccount = DEMO_ACCOUNT, signal?: AbortSignal) =>
		call(sim, 'GET', `/1/profile.json?identity=${identity}`, { account, signal });

	/** Starts `count` lookups that the simulator will leave hanging, and waits until it has them all. */
	async function holdRequests(count: number): Promise<AbortController> {
		const abort = new AbortController();
		sim.setFaults([{ kind: 'hang', at: 'byId', times: count }]);
		const before = sim.requests.length;
		for (let i = 0; i < count; i++) lookUp(DEMO_ACCOUNT, abort.signal).catch(() => undefined);
		while (sim.requests.length < before + count)
			await new Promise((resolve) => setTimeout(resolve, 5));
		return abort;
	}

	async function untilAnswered(request: () => Promise<Answer>): Promise<Answer> {
		for (let attempt = 0; attempt < 200; attempt++) {
			const answer = await request();
			if (answer.status !== 429) return answer;
			await new Promise((resolve) => setTimeout(resolve, 10));
		}
		throw new Error('still 429');
	}

	it('answers the 4th concurrent request with 429 and no Retry-After, then serves again once one finishes', async () => {
		const held = await holdRequests(3);
		const fourth = await lookUp();
		expect(fourth.status).toBe(429);
		expect(fourth.body).toEqual(TOO_MANY);
		expect(fourth.headers.get('retry-after')).toBeNull();
		held.abort();
		expect((await untilAnswered(() => lookUp())).body?.status).toBe('success');
	});

	it('counts per account: another account is not limited by the first one', async () => {
		const held = await holdRequests(3);
		expect((await lookUp(OTHER)).status).toBe(200);
		held.abort();
		await untilAnswered(() => lookUp());
	});

	it('honours maxConcurrentRequests, and latencyMs makes ordinary requests overlap', async () => {
		const slow = await startSimulator({ maxConcurrentRequests: 2, latencyMs: 150 });
		try {
			const answers = await Promise.all(
				Array.from({ length: 5 }, () => call(slow, 'GET', `/1/profile.json?identity=${identity}`)),
			);
			expect(answers.map((answer) => answer.status).sort()).toEqual([200, 200, 429, 429, 429]);
		} finally {
			await slow.close();
		}
	});
});
