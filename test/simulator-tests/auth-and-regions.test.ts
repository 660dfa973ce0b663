import {
	DEMO_ACCOUNT,
	REGIONS,
	startSimulator,
	type CleverTapSimulator,
	type SimulatorAccount,
} from '../simulator';
import { call, getPage, newCursor, postExport } from './simulator-client';

const INVALID_CREDENTIALS = { status: 'fail', error: 'Invalid Credentials', code: 401 };
const someEmail = (sim: CleverTapSimulator) =>
	sim.dataset.profilesFor('Charged', 20240101, 20240131).find((record) => record.email)!.email!;

describe('hosts and auth (clevertap-api.md "Hosts and auth")', () => {
	const accountsByRegion: SimulatorAccount[] = REGIONS.map((region) => ({
		accountId: `TEST-${region.toUpperCase()}-ACC`,
		passcode: `SIM-PASS-${region.toUpperCase()}-0123456789`,
		region,
	}));
	let sim: CleverTapSimulator;
	beforeAll(async () => {
		sim = await startSimulator({ accounts: [DEMO_ACCOUNT, ...accountsByRegion] });
	});
	afterAll(() => sim.close());
	beforeEach(() => sim.clearRequests());

	it('answers 401 "Invalid Credentials" without the auth headers, or with a wrong passcode or account ID', async () => {
		const email = encodeURIComponent(someEmail(sim));
		const answers = [
			await call(sim, 'GET', `/1/profile.json?email=${email}`, { account: null }),
			await call(sim, 'GET', `/1/profile.json?email=${email}`, {
				account: { ...DEMO_ACCOUNT, passcode: 'WRONG-PASSCODE' },
			}),
			await call(sim, 'GET', `/1/profile.json?email=${email}`, {
				account: { ...DEMO_ACCOUNT, accountId: 'TEST-NOPE' },
			}),
			await postExport(sim, { event: 'Charged', from: 20240101, to: 20240131 }, { account: null }),
		];
		for (const answer of answers) {
			expect(answer.status).toBe(401);
			expect(answer.body).toEqual(INVALID_CREDENTIALS);
			expect(answer.headers.get('content-type')).toBe('application/json');
		}
	});

	it('serves an eu1 account on the global host (no prefix) and on /eu1', async () => {
		const email = encodeURIComponent(someEmail(sim));
		expect((await call(sim, 'GET', `/1/profile.json?email=${email}`)).body?.status).toBe('success');
		expect(
			(await call(sim, 'GET', `/1/profile.json?email=${email}`, { host: 'eu1' })).body?.status,
		).toBe('success');
		expect(sim.requests.map((request) => [request.path, request.region])).toEqual([
			['/1/profile.json', 'eu1'],
			['/eu1/1/profile.json', 'eu1'],
		]);
	});

	it.each(REGIONS)(
		'routes /%s to that region, and only its own accounts get in',
		async (region) => {
			const own = accountsByRegion.find((account) => account.region === region)!;
			const other = accountsByRegion.find((account) => account.region !== region)!;
			const email = encodeURIComponent(someEmail(sim));
			const ownAnswer = await call(sim, 'GET', `/1/profile.json?email=${email}`, {
				host: region,
				account: own,
			});
			expect(ownAnswer.status).toBe(200);
			expect(ownAnswer.body?.status).toBe('success');
			const wrongRegion = await call(sim, 'GET', `/1/profile.json?email=${email}`, {
				host: region,
				account: other,
			});
			expect(wrongRegion.status).toBe(401);
			expect(wrongRegion.body).toEqual(INVALID_CREDENTIALS);
		},
	);

	it('answers a valid account on the wrong region exactly like a wrong passcode', async () => {
		const wrongRegion = await postExport(
			sim,
			{ event: 'Charged', from: 20240101, to: 20240131 },
			{ host: 'us1' },
		);
		const wrongPasscode = await postExport(
			sim,
			{ event: 'Charged', from: 20240101, to: 20240131 },
			{
				account: { ...DEMO_ACCOUNT, passcode: 'WRONG' },
			},
		);
		expect(wrongRegion.status).toBe(wrongPasscode.status);
		expect(wrongRegion.text).toBe(wrongPasscode.text);
		expect(wrongRegion.body).toEqual(INVALID_CREDENTIALS);
	});

	it('refuses the cursor GET on another region than the POST was made on', async () => {
		const cursor = await newCursor(sim, { event: 'Charged', from: 20240101, to: 20240131 });
		const answer = await getPage(sim, cursor, { host: 'us1' });
		expect(answer.status).toBe(401);
		expect(answer.body).toEqual(INVALID_CREDENTIALS);
		expect((await getPage(sim, cursor)).body?.status).toBe('success');
	});

	it('answers 404 for an unknown region prefix or path, 405 for a wrong method', async () => {
		const unknownRegion = await call(sim, 'GET', '/xx9/1/profile.json?email=a%40b.c');
		expect(unknownRegion.status).toBe(404);
		expect(unknownRegion.body?.status).toBe('fail');
		expect((await call(sim, 'GET', '/1/nothing.json')).status).toBe(404);
		expect((await call(sim, 'DELETE', '/1/profiles.json')).status).toBe(405);
	});

	it('records every request: method, path, region, raw and decoded query, headers, body, status', async () => {
		await postExport(sim, { event: 'Charged', from: 20240101, to: 20240131 }, { host: 'us1' });
		const [request] = sim.requests;
		expect(request).toMatchObject({
			method: 'POST',
			path: '/us1/1/profiles.json',
			region: 'us1',
			rawQuery: 'batch_size=23',
			query: { batch_size: '23' },
			body: { event_name: 'Charged', from: 20240101, to: 20240131 },
			status: 401,
		});
		expect(request.headers['x-clevertap-account-id']).toBe(DEMO_ACCOUNT.accountId);
		expect(request.headers['x-clevertap-passcode']).toBe(DEMO_ACCOUNT.passcode);
		expect(request.headers['content-type']).toBe('application/json');
		sim.clearRequests();
		expect(sim.requests).toHaveLength(0);
	});
});
