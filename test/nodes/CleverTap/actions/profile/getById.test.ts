import { DEMO_ACCOUNT, type FaultKind, type FaultSpec } from '../../../../simulator';
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
	type Profile = ReturnType<typeof knownProfiles>[number];

	/**
	 * Runs once for the tests of a describe: useSimulator clears requests and faults before each
	 * test, which is after a beforeAll, so the run starts clean here and keeps its requests.
	 */
	async function runOnce(
		parameters: Parameters<typeof runCleverTap>[0],
		options: Partial<Parameters<typeof runCleverTap>[1]> = {},
		faults: FaultSpec[] = [],
	) {
		simulator.current.clearRequests();
		simulator.current.setFaults(faults);
		const result = await runCleverTap(parameters, { credentials: credentials(), ...options });
		return { result, requests: [...simulator.current.requests] };
	}
	type Run = Awaited<ReturnType<typeof runOnce>>;

	describe('one profile looked up by email, by identity and by CleverTap ID', () => {
		let profile: Profile;
		let lookups: Array<{ type: string; value: string | undefined }>;
		let run: Run;
		beforeAll(async () => {
			[profile] = knownProfiles();
			lookups = [
				{ type: 'email', value: profile.email },
				{ type: 'identity', value: profile.identity },
				{ type: 'objectId', value: profile.platformInfo[0].objectId },
			];
			run = await runOnce(getById('={{ $json.type }}', '={{ $json.value }}'), {
				inputItems: lookups,
			});
		});

		it('outputs its record as one item per lookup, paired with it', () => {
			expect(run.result.outputOf(NODE_NAME)).toEqual(
				lookups.map((_, item) => ({
					json: JSON.parse(JSON.stringify(profile)),
					pairedItem: { item },
				})),
			);
		});

		it("asks /1/profile.json with the identifier under its type's name", () => {
			expect(run.requests.map(({ path, query }) => [path, query])).toEqual(
				lookups.map(({ type, value }) => ['/1/profile.json', { [type]: String(value) }]),
			);
		});

		it('sends the account ID with every request', () => {
			const accounts = run.requests.map((request) => request.headers['x-clevertap-account-id']);
			expect(accounts).toEqual(lookups.map(() => DEMO_ACCOUNT.accountId));
		});

		it('keeps the passcode out of the run data and the logs', () => {
			expectNoSecret(DEMO_ACCOUNT.passcode, run.result.run.data.resultData, run.result.logs);
		});
	});

	describe('four email lookups, with Simplify, Continue on error and faults on the first', () => {
		// The first lookup meets each in turn (the whole retry policy: faultMatrix.test.ts).
		const faults: FaultKind[] = ['tooManyRequests', 'connectionReset', 'malformedBody'];
		let profiles: Profile[];
		let run: Run;
		let items: ReturnType<Run['result']['outputOf']>;
		let missing: (typeof items)[number];
		beforeAll(async () => {
			profiles = knownProfiles().slice(0, 3);
			const [first, second, third] = profiles.map((profile) => ({ email: profile.email }));
			run = await runOnce(
				{ ...getById('email', '={{ $json.email }}'), simplify: true, options: { retryDelay: 1 } },
				{
					settings: { continueOnFail: true },
					inputItems: [first, { email: 'nobody@example.com' }, second, third],
				},
				faults.map((kind) => ({ kind, at: 'byId' })),
			);
			items = run.result.outputOf(NODE_NAME);
			[missing] = items.splice(1, 1);
		});

		it('finds each person by the email of its own input item', () => {
			expect(items.map((item) => [item.json.cleverTapId, item.json.email])).toEqual(
				profiles.map((profile) => [profile.platformInfo[0].objectId, profile.email]),
			);
		});

		it('leaves the event fields out of a simplified profile', () => {
			expect(items[0].json).not.toHaveProperty('eventCount');
		});

		it('pairs each profile found with its input item', () => {
			expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 2 }, { item: 3 }]);
		});

		it('turns the missing profile into an error item, paired with its input', () => {
			expect(missing).toMatchObject({
				json: {
					error: 'No CleverTap profile has Email "nobody@example.com"',
					description: expect.stringMatching(/On Error/),
				},
				pairedItem: { item: 1 },
			});
		});

		it('sends one request per lookup, and one more per fault', () => {
			expect(run.requests).toHaveLength(4 + faults.length);
		});

		it('keeps the passcode out of the run data and the logs', () => {
			expectNoSecret(DEMO_ACCOUNT.passcode, run.result.run.data.resultData, run.result.logs);
		});
	});

	describe('a missing profile, and next to it a wrong passcode', () => {
		let notFound: Run['result'];
		let refused: Run['result'];
		let requests: Run['requests'];
		beforeAll(async () => {
			({ result: notFound } = await runOnce(getById('email', 'nobody@example.com')));
			const wrongPasscode = simulatorCredentials(simulator.current, {
				passcode: 'not-the-passcode',
			});
			refused = await runCleverTap(getById('email', 'nobody@example.com'), {
				credentials: wrongPasscode,
			});
			requests = [...simulator.current.requests];
		});

		it('fails the run for a missing profile, rather than output nothing', () => {
			expect(notFound.status).toBe('error');
		});

		it('reports a missing profile as a 404 NodeApiError naming the identifier', () => {
			expect(notFound.error).toMatchObject({
				name: 'NodeApiError',
				httpCode: '404',
				message: 'No CleverTap profile has Email "nobody@example.com"',
			});
		});

		it('points to On Error for a missing profile', () => {
			expect(notFound.error?.description).toMatch(/On Error/);
		});

		it("reports a wrong passcode as a 401 with CleverTap's Invalid Credentials", () => {
			expect(refused.error?.httpCode).toBe('401');
			expect(refused.error?.message).toMatch(/Invalid Credentials/);
		});

		it('points to the passcode and the region for a wrong passcode', () => {
			expect(refused.error?.description).toMatch(/passcode.*region/s);
		});

		it('does not call a wrong passcode a missing profile', () => {
			expect(refused.error?.message).not.toMatch(/profile/i);
		});

		it('retries neither', () => {
			expect(requests).toHaveLength(2);
		});

		it("keeps each passcode out of its run's data and logs", () => {
			expectNoSecret(DEMO_ACCOUNT.passcode, notFound.run.data.resultData, notFound.logs);
			expectNoSecret('not-the-passcode', refused.run.data.resultData, refused.logs);
		});
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

	describe('with On Error = Continue (using error output)', () => {
		let profile: Profile;
		let result: Run['result'];
		beforeAll(async () => {
			[profile] = knownProfiles();
			({ result } = await runOnce(getById('email', '={{ $json.email }}'), {
				settings: { onError: 'continueErrorOutput' },
				inputItems: [{ email: 'nobody@example.com' }, { email: profile.email }],
			}));
		});

		it('sends a missing profile to the error output', () => {
			expect(result.outputOf(NODE_NAME, { outputIndex: 1 })).toMatchObject([
				{ json: { error: 'No CleverTap profile has Email "nobody@example.com"' } },
			]);
		});

		it('keeps the profile found on the main output', () => {
			expect(result.outputOf(NODE_NAME)).toMatchObject([{ json: { email: profile.email } }]);
		});
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
