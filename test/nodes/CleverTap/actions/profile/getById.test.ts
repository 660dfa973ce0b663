import { DEMO_ACCOUNT } from '../../../../simulator';
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
	const asJson = (value: unknown) => JSON.parse(JSON.stringify(value));

	it.each([
		['email', (record: any) => record.email],
		['identity', (record: any) => record.identity],
		['objectId', (record: any) => record.platformInfo[0].objectId],
	])(
		'finds a profile by %s and outputs its record as one item',
		async (identifierType, valueOf) => {
			const [profile] = knownProfiles();
			const result = await runCleverTap(getById(identifierType, String(valueOf(profile))), {
				credentials: credentials(),
			});

			expect(result.status).toBe('success');
			const items = result.outputOf(NODE_NAME);
			expect(items).toHaveLength(1);
			expect(items[0].json).toEqual(asJson(profile));
			expect(items[0].pairedItem).toEqual({ item: 0 });
			const [request] = simulator.current.requests;
			expect(request.path).toBe('/1/profile.json');
			expect(request.query).toEqual({ [identifierType]: String(valueOf(profile)) });
			expect(request.headers['x-clevertap-account-id']).toBe(DEMO_ACCOUNT.accountId);
			expectNoSecret(DEMO_ACCOUNT.passcode, result.run.data.resultData, result.logs);
		},
	);

	it('looks up each input item, resolving the identifier per item; with Simplify, outputs the flat fields of the person, without event fields', async () => {
		const profiles = knownProfiles().slice(0, 3);
		const result = await runCleverTap(
			{ ...getById('email', '={{ $json.email }}'), simplify: true },
			{
				credentials: credentials(),
				inputItems: profiles.map((profile) => ({ email: profile.email })),
			},
		);
		const items = result.outputOf(NODE_NAME);
		expect(items.map((item) => [item.json.cleverTapId, item.json.email])).toEqual(
			profiles.map((profile) => [profile.platformInfo[0].objectId, profile.email]),
		);
		expect(items[0].json).not.toHaveProperty('eventCount');
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(simulator.current.requests).toHaveLength(3);
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

	it.each([
		['Continue', { continueOnFail: true }],
		['Continue (using error output)', { onError: 'continueErrorOutput' as const }],
	])(
		'with On Error = %s, a missing profile becomes an error item and the other lookups go on',
		async (_label, settings) => {
			const [profile] = knownProfiles();
			const result = await runCleverTap(getById('email', '={{ $json.email }}'), {
				credentials: credentials(),
				settings,
				inputItems: [{ email: 'nobody@example.com' }, { email: profile.email }],
			});
			const found = { json: { email: profile.email }, pairedItem: { item: 1 } };
			const missing = {
				json: { error: 'No CleverTap profile has Email "nobody@example.com"' },
				pairedItem: { item: 0 },
			};
			const outputs = [0, 1].map((outputIndex) => result.outputOf(NODE_NAME, { outputIndex }));
			if ('onError' in settings) expect(outputs).toMatchObject([[found], [missing]]);
			else {
				expect(outputs).toMatchObject([[missing, found], []]);
				expect(outputs[0][0].json.description).toMatch(/On Error/);
			}
			expectNoSecret(DEMO_ACCOUNT.passcode, result.run.data.resultData, result.logs);
		},
	);

	it.each([
		['an empty identifier', getById('identity', '   '), /^Identity is empty$/],
		[
			'an email that is not one',
			getById('email', 'jane.example.com'),
			/^"jane.example.com" is not an email address$/,
		],
		[
			'an identifier type that does not exist',
			getById('phone', '+14155550100'),
			/^Identifier Type "phone" does not exist$/,
		],
	])('refuses %s before sending anything', async (_label, parameters, message) => {
		const result = await runCleverTap(parameters, { credentials: credentials() });
		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toMatch(message);
		expect(simulator.current.requests).toHaveLength(0);
	});
});
