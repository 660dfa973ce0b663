import { DEMO_ACCOUNT, type FaultKind } from '../../../../simulator';
import {
	expectNoSecret,
	NODE_NAME,
	runCleverTap,
	simulatorCredentials,
	useSimulator,
} from '../../../../support/clevertap-fixture';

function getById(identifierType: string, identifier: string) {
	return { resource: 'profile', operation: 'getById', identifierType, identifier };
}

describe('Profile > Get by ID, in a real workflow against the simulator', () => {
	const simulator = useSimulator();
	const credentials = () => simulatorCredentials(simulator.current);
	/** Profiles with both an email and an identity, from the simulator's ground truth. */
	const knownProfiles = () =>
		simulator.current.dataset
			.profilesFor('App Launched', 20240101, 20241231)
			.filter((record) => record.email && record.identity);

	it('finds a profile by email, identity or CleverTap ID and outputs its record as one item', async () => {
		const [profile] = knownProfiles();
		const lookups = [
			{ type: 'email', value: profile.email },
			{ type: 'identity', value: profile.identity },
			{ type: 'objectId', value: profile.platformInfo[0].objectId },
		];
		const result = await runCleverTap(getById('={{ $json.type }}', '={{ $json.value }}'), {
			credentials: credentials(),
			inputItems: lookups,
		});

		expect(result.outputOf(NODE_NAME)).toEqual(
			lookups.map((_, item) => ({
				json: JSON.parse(JSON.stringify(profile)),
				pairedItem: { item },
			})),
		);
		const { requests } = simulator.current;
		expect(requests.map(({ path, query }) => [path, query])).toEqual(
			lookups.map(({ type, value }) => ['/1/profile.json', { [type]: String(value) }]),
		);
		const accounts = requests.map((request) => request.headers['x-clevertap-account-id']);
		expect(accounts).toEqual(lookups.map(() => DEMO_ACCOUNT.accountId));
		expectNoSecret(DEMO_ACCOUNT.passcode, result.run.data.resultData, result.logs);
	});

	it('looks up each input item, resolving the identifier per item, waiting out 429 and retrying a reset and an unreadable body; with Simplify, outputs the flat fields of the person, without event fields; with Continue on error, a missing profile becomes an error item and the other lookups go on', async () => {
		const profiles = knownProfiles().slice(0, 3);
		const [first, second, third] = profiles.map((profile) => ({ email: profile.email }));
		// The first lookup meets each in turn (the whole retry policy: faultMatrix.test.ts).
		const faults: FaultKind[] = ['tooManyRequests', 'connectionReset', 'malformedBody'];
		simulator.current.setFaults(faults.map((kind) => ({ kind, at: 'byId' })));
		const result = await runCleverTap(
			{ ...getById('email', '={{ $json.email }}'), simplify: true, options: { retryDelay: 1 } },
			{
				credentials: credentials(),
				settings: { continueOnFail: true },
				inputItems: [first, { email: 'nobody@example.com' }, second, third],
			},
		);
		const items = result.outputOf(NODE_NAME);
		const [missing] = items.splice(1, 1);
		expect(items.map((item) => [item.json.cleverTapId, item.json.email])).toEqual(
			profiles.map((profile) => [profile.platformInfo[0].objectId, profile.email]),
		);
		expect(items[0].json).not.toHaveProperty('eventCount');
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 2 }, { item: 3 }]);
		expect(missing).toMatchObject({
			json: {
				error: 'No CleverTap profile has Email "nobody@example.com"',
				description: expect.stringMatching(/On Error/),
			},
			pairedItem: { item: 1 },
		});
		expect(simulator.current.requests).toHaveLength(4 + faults.length);
		expectNoSecret(DEMO_ACCOUNT.passcode, result.run.data.resultData, result.logs);
	});

	it('fails a missing profile with a 404 "no profile" error, not an empty result, visibly apart from bad credentials', async () => {
		const notFound = await runCleverTap(getById('email', 'nobody@example.com'), {
			credentials: credentials(),
		});
		const refused = await runCleverTap(getById('email', 'nobody@example.com'), {
			credentials: simulatorCredentials(simulator.current, { passcode: 'not-the-passcode' }),
		});
		expect(notFound.status).toBe('error');
		expect(notFound.error).toMatchObject({
			name: 'NodeApiError',
			httpCode: '404',
			message: 'No CleverTap profile has Email "nobody@example.com"',
		});
		expect(notFound.error?.description).toMatch(/On Error/);
		expect(refused.error?.httpCode).toBe('401');
		expect(refused.error?.message).toMatch(/Invalid Credentials/);
		expect(refused.error?.description).toMatch(/passcode.*region/s);
		expect(refused.error?.message).not.toMatch(/profile/i);
		expect(simulator.current.requests).toHaveLength(2); // neither is retried
		expectNoSecret(DEMO_ACCOUNT.passcode, notFound.run.data.resultData, notFound.logs);
		expectNoSecret('not-the-passcode', refused.run.data.resultData, refused.logs);
	});

	it('under Continue, a wrong path (a 404 from whatever answers there) is an error naming the path, never a missing profile', async () => {
		const result = await runCleverTap(getById('email', 'nobody@example.com'), {
			credentials: simulatorCredentials(simulator.current, {
				baseUrl: `${simulator.current.url}/not-clevertap`,
			}),
			settings: { continueOnFail: true },
		});
		expect(result.outputOf(NODE_NAME)).toMatchObject([
			{
				json: {
					error: 'No CleverTap API at this address (HTTP 404 for /1/profile.json)',
					description: expect.stringMatching(/Nothing answers GET \/1\/profile\.json.*Base URL/),
				},
			},
		]);
	});

	it('with On Error = Continue (using error output), a missing profile goes to the error output', async () => {
		const [profile] = knownProfiles();
		const result = await runCleverTap(getById('email', '={{ $json.email }}'), {
			credentials: credentials(),
			settings: { onError: 'continueErrorOutput' },
			inputItems: [{ email: 'nobody@example.com' }, { email: profile.email }],
		});
		expect(result.outputOf(NODE_NAME)).toMatchObject([{ json: { email: profile.email } }]);
		expect(result.outputOf(NODE_NAME, { outputIndex: 1 })).toMatchObject([
			{ json: { error: 'No CleverTap profile has Email "nobody@example.com"' } },
		]);
	});

	it.each([
		['an empty identifier', getById('identity', '   '), /^Identity is empty$/],
		['an email that is not one', getById('email', 'jane'), /^"jane" is not an email address$/],
		['an unknown identifier type', getById('phone', '+1415'), /^Identifier Type "phone" does not/],
	])('refuses %s before sending anything', async (_label, parameters, message) => {
		const result = await runCleverTap(parameters, { credentials: credentials() });
		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toMatch(message);
		expect(simulator.current.requests).toHaveLength(0);
	});
});
