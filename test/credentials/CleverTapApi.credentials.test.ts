import { testCredential } from '../helpers/n8n-engine';
import { DEMO_ACCOUNT } from '../simulator';
import {
	expectNoSecret,
	NODE_NAME,
	runCleverTap,
	simulatorCredentials,
	useSimulator,
} from '../support/clevertap-fixture';
import { useForeignHost } from '../support/foreign-host';
import { forwardFromNetwork } from '../support/lan-forwarder';

const PLAIN_HTTP_ADVICE = /Use an https:\/\/ address.*"Allow Unencrypted HTTP"/;

describe('CleverTap API credential', () => {
	const simulator = useSimulator();
	type Outcome = Awaited<ReturnType<typeof testCredential>>;
	type Requests = typeof simulator.current.requests;

	/**
	 * Each describe runs once, in beforeAll: useSimulator clears the requests before each test,
	 * which is after a beforeAll, so they are cleared and copied here.
	 */
	async function testOnce(credentials: Parameters<typeof testCredential>[1]) {
		simulator.current.clearRequests();
		const outcome = await testCredential('cleverTapApi', credentials);
		return { outcome, requests: [...simulator.current.requests] };
	}

	describe("n8n's credential test with the right account, passcode and region", () => {
		let outcome: Outcome;
		let requests: Requests;
		beforeAll(async () => {
			({ outcome, requests } = await testOnce(simulatorCredentials(simulator.current)));
		});

		it('passes', () => {
			expect(outcome).toEqual({ status: 'OK', message: 'Connection successful!' });
		});

		it('sends the account ID header', () => {
			expect(requests[0].headers['x-clevertap-account-id']).toBe(DEMO_ACCOUNT.accountId);
		});

		it('sends the passcode header', () => {
			expect(requests[0].headers['x-clevertap-passcode']).toBe(DEMO_ACCOUNT.passcode);
		});
	});

	describe("n8n's credential test with a wrong passcode", () => {
		let outcome: Outcome;
		beforeAll(async () => {
			const wrong = simulatorCredentials(simulator.current, { passcode: 'WRONG-PASSCODE' });
			({ outcome } = await testOnce(wrong));
		});

		it('fails', () => {
			expect(outcome.status).toBe('Error');
		});

		it('names the region as a possible cause', () => {
			expect(outcome.message).toMatch(/account ID and passcode .*, and check the region as well/);
		});

		it('keeps the passcode out of its message', () => {
			expect(outcome.message).not.toContain(DEMO_ACCOUNT.passcode);
		});
	});

	describe('a test request answered with a redirect', () => {
		const foreign = useForeignHost();

		it('fails the credential test saying the address redirected, and the other host gets nothing', async () => {
			simulator.current.setFaults([
				{ kind: 'redirect', at: 'byId', location: `${foreign.url}/1/profile.json` },
			]);
			const outcome = await testCredential('cleverTapApi', simulatorCredentials(simulator.current));
			expect(outcome.status).toBe('Error');
			expect(outcome.message).toMatch(/redirected the test to another address/);
			expect(foreign.received).toEqual([]);
		});
	});

	describe.each(['127.1', '2130706433', '0x7f.0.0.1'])(
		'a loopback address spelled %s',
		(spelling) => {
			const spelled = () =>
				simulatorCredentials(simulator.current, {
					baseUrl: simulator.current.url.replace('127.0.0.1', spelling),
				});

			it('is refused by the node as plain http, before any request', async () => {
				const result = await runCleverTap(
					{
						resource: 'profile',
						operation: 'getById',
						identifierType: 'identity',
						identifier: 'x',
					},
					{ credentials: spelled() },
				);
				expect(result.error?.message).toMatch(/is plain http: the passcode would cross/);
				expect(simulator.current.requests).toHaveLength(0);
			});

			it('gets no passcode in the credential test, as the node would refuse it', async () => {
				await testCredential('cleverTapApi', spelled());
				expect(simulator.current.requests[0].headers['x-clevertap-passcode']).toBe('');
			});
		},
	);

	it('refuses a Base URL with a user name and password, and the password is in no error or log', async () => {
		const withLogin = simulatorCredentials(simulator.current, {
			baseUrl: simulator.current.url.replace('http://', 'http://user:s3cret-pw@'),
		});
		const result = await runCleverTap(
			{ resource: 'profile', operation: 'getById', identifierType: 'identity', identifier: 'x' },
			{ credentials: withLogin },
		);
		expect(result.error?.message).toMatch(
			/Base URL "http:\/\/127\.0\.0\.1:\d+" holds a user name or password$/,
		);
		expect(simulator.current.requests).toHaveLength(0);
		expectNoSecret('s3cret-pw', result.run.data.resultData, result.logs);
	});

	describe('a plain http:// Base URL on another machine', () => {
		let remote: Awaited<ReturnType<typeof forwardFromNetwork>>;
		beforeAll(async () => {
			remote = await forwardFromNetwork(simulator.current.url);
		});
		afterAll(async () => {
			await remote.close();
		});
		const remoteCredentials = (overrides = {}) =>
			simulatorCredentials(simulator.current, { baseUrl: remote.url, ...overrides });
		const oneBuyer = {
			resource: 'profile',
			operation: 'getByEvent',
			eventName: 'Charged',
			fromDate: '2024-01-01',
			toDate: '2024-01-31',
			limit: 1,
		};

		describe('in the node', () => {
			let result: Awaited<ReturnType<typeof runCleverTap>>;
			let requests: Requests;
			beforeAll(async () => {
				simulator.current.clearRequests();
				result = await runCleverTap(oneBuyer, { credentials: remoteCredentials() });
				requests = [...simulator.current.requests];
			});

			it('is refused as a NodeOperationError naming the Base URL', () => {
				expect(result.error?.name).toBe('NodeOperationError');
				expect(result.error?.message).toBe(
					`The CleverTap credential's Base URL "${remote.url}" is plain http: the passcode would cross the network unencrypted`,
				);
			});

			it('is refused saying what to do', () => {
				expect(result.error?.description).toMatch(PLAIN_HTTP_ADVICE);
			});

			it('is refused before any request', () => {
				expect(requests).toHaveLength(0);
			});
		});

		describe("in n8n's credential test", () => {
			let outcome: Outcome;
			let requests: Requests;
			beforeAll(async () => {
				({ outcome, requests } = await testOnce(remoteCredentials()));
			});

			it('fails', () => {
				expect(outcome.status).toBe('Error');
			});

			it('fails saying what to do', () => {
				expect(outcome.message).toMatch(PLAIN_HTTP_ADVICE);
			});

			it('sends no passcode', () => {
				expect(requests[0].headers['x-clevertap-passcode']).toBe('');
			});
		});

		describe('with "Allow Unencrypted HTTP" on', () => {
			let result: Awaited<ReturnType<typeof runCleverTap>>;
			let outcome: Outcome;
			beforeAll(async () => {
				const allowed = remoteCredentials({ allowPlainHttp: true });
				result = await runCleverTap(oneBuyer, { credentials: allowed });
				outcome = await testCredential('cleverTapApi', allowed);
			});

			it('lets the node export through it', () => {
				expect(result.status).toBe('success');
				expect(result.outputOf(NODE_NAME)).toHaveLength(1);
			});

			it("passes n8n's credential test", () => {
				expect(outcome.status).toBe('OK');
			});
		});
	});
});
