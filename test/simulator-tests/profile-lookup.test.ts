import { startSimulator, type CleverTapSimulator, type ProfileRecord } from '../simulator';
import { call } from './simulator-client';

describe('get a profile by ID (clevertap-api.md "Get by ID")', () => {
	let sim: CleverTapSimulator;
	let known: ProfileRecord;
	beforeAll(async () => {
		sim = await startSimulator();
		known = sim.dataset
			.profilesFor('Charged', 20240101, 20240131)
			.find((record) => record.email && record.identity)!;
	});
	afterAll(() => sim.close());

	const lookUp = (query: string) => call(sim, 'GET', `/1/profile.json?${query}`);

	it.each([
		['email', (record: ProfileRecord) => record.email!],
		['identity', (record: ProfileRecord) => record.identity!],
		['objectId', (record: ProfileRecord) => record.platformInfo[0].objectId],
	])('finds a profile by %s and returns the full record', async (type, valueOf) => {
		const answer = await lookUp(`${type}=${encodeURIComponent(valueOf(known))}`);
		expect(answer.status).toBe(200);
		expect(answer.headers.get('content-type')).toBe('application/json');
		expect(answer.body).toEqual({ status: 'success', record: known });
		expect(answer.body?.record?.platformInfo[0]).toHaveProperty('os_version');
		expect(answer.body?.record).toHaveProperty('events');
		expect(answer.body?.record).toHaveProperty('profileData');
	});

	it('finds an email whatever its case', async () => {
		const answer = await lookUp(`email=${encodeURIComponent(known.email!.toUpperCase())}`);
		expect(answer.body?.record).toEqual(known);
	});

	it('finds anonymous profiles by their CleverTap ID', async () => {
		const anonymous = sim.dataset
			.profilesFor('App Launched', 20240101, 20241231)
			.find((record) => !record.email && !record.identity)!;
		const answer = await lookUp(`objectId=${anonymous.platformInfo[0].objectId}`);
		expect(answer.body?.record).toEqual(anonymous);
	});

	it('answers no match with HTTP 200, status "fail", a "not found" message and no record', async () => {
		for (const query of [
			'email=nobody%40example.com',
			'identity=0',
			'objectId=__00000000000000000000000000000000',
		]) {
			const answer = await lookUp(query);
			expect(answer.status).toBe(200);
			expect(answer.body).toMatchObject({ status: 'fail', code: 404 });
			expect(answer.body?.error).toMatch(/not found/i);
			expect(answer.body).not.toHaveProperty('record');
		}
	});

	it('refuses zero or several identifiers with HTTP 400 "Incorrect Usage"', async () => {
		for (const query of [
			'',
			'email=',
			`email=${encodeURIComponent(known.email!)}&identity=${known.identity}`,
		]) {
			const answer = await lookUp(query);
			expect(answer.status).toBe(400);
			expect(answer.body).toMatchObject({ status: 'fail', error: 'Incorrect Usage' });
		}
	});

	it('needs no Content-Type on the GET', async () => {
		const answer = await lookUp(`identity=${known.identity}`);
		expect(sim.requests[sim.requests.length - 1].headers['content-type']).toBeUndefined();
		expect(answer.body?.status).toBe('success');
	});
});
