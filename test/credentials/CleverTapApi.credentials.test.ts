import { testCredential } from '../helpers/n8n-engine';
import { DEMO_ACCOUNT } from '../simulator';
import {
	NODE_NAME,
	runCleverTap,
	simulatorCredentials,
	useSimulator,
} from '../support/clevertap-fixture';
import { forwardFromNetwork, type LanForwarder } from '../support/lan-forwarder';

const PLAIN_HTTP_ADVICE = /Use an https:\/\/ address.*"Allow Unencrypted HTTP"/;

describe('CleverTap API credential', () => {
	const simulator = useSimulator();

	describe("n8n's credential test, against the simulator", () => {
		it('passes for the right account, passcode and region, sending both headers', async () => {
			const outcome = await testCredential('cleverTapApi', simulatorCredentials(simulator.current));
			expect(outcome).toEqual({ status: 'OK', message: 'Connection successful!' });
			const [request] = simulator.current.requests;
			expect(request.headers['x-clevertap-account-id']).toBe(DEMO_ACCOUNT.accountId);
			expect(request.headers['x-clevertap-passcode']).toBe(DEMO_ACCOUNT.passcode);
		});

		it('fails for a wrong passcode, naming the region as a possible cause', async () => {
			const outcome = await testCredential(
				'cleverTapApi',
				simulatorCredentials(simulator.current, { passcode: 'WRONG-PASSCODE' }),
			);
			expect(outcome.status).toBe('Error');
			expect(outcome.message).toMatch(/account ID and passcode .*, and check the region as well/);
			expect(outcome.message).not.toContain(DEMO_ACCOUNT.passcode);
		});
	});

	describe('a plain http:// Base URL on another machine', () => {
		let remote: LanForwarder;
		beforeAll(async () => {
			remote = await forwardFromNetwork(simulator.current.url);
		});
		afterAll(async () => {
			await remote.close();
		});
		const remoteCredentials = (allowPlainHttp?: boolean) =>
			simulatorCredentials(simulator.current, {
				baseUrl: remote.url,
				...(allowPlainHttp === undefined ? {} : { allowPlainHttp }),
			});
		const oneBuyer = {
			resource: 'profile',
			operation: 'getByEvent',
			eventName: 'Charged',
			fromDate: '2024-01-01',
			toDate: '2024-01-31',
			limit: 1,
		};

		it('is refused by the node before any request, saying what to do', async () => {
			const result = await runCleverTap(oneBuyer, { credentials: remoteCredentials() });
			expect(result.error?.name).toBe('NodeOperationError');
			expect(result.error?.message).toBe(
				`The CleverTap credential's Base URL "${remote.url}" is plain http: the passcode would cross the network unencrypted`,
			);
			expect(result.error?.description).toMatch(PLAIN_HTTP_ADVICE);
			expect(simulator.current.requests).toHaveLength(0);
		});

		it('fails the credential test with the same advice; its request carries no passcode', async () => {
			const outcome = await testCredential('cleverTapApi', remoteCredentials());
			expect(outcome.status).toBe('Error');
			expect(outcome.message).toMatch(PLAIN_HTTP_ADVICE);
			const [request] = simulator.current.requests;
			expect(request.headers['x-clevertap-passcode']).toBe('');
		});

		it('works with "Allow Unencrypted HTTP" on, in the node and the credential test', async () => {
			const result = await runCleverTap(oneBuyer, { credentials: remoteCredentials(true) });
			expect(result.status).toBe('success');
			expect(result.outputOf(NODE_NAME)).toHaveLength(1);

			const outcome = await testCredential('cleverTapApi', remoteCredentials(true));
			expect(outcome.status).toBe('OK');
		});
	});
});
