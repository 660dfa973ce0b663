import { CleverTapApi } from '../../credentials/CleverTapApi.credentials';
import { testCredential } from '../helpers/n8n-engine';
import { DEMO_ACCOUNT } from '../simulator';
import { simulatorCredentials, useSimulator } from '../support/clevertap-fixture';

describe('CleverTap API credential', () => {
	const credential = new CleverTapApi();

	it('offers every CleverTap region, Europe first and default, plus a custom URL', () => {
		const region = credential.properties.find((property) => property.name === 'region');
		const values = (region?.options ?? []).map((option) => (option as { value: string }).value);
		expect(values).toEqual([
			'https://eu1.api.clevertap.com',
			'https://in1.api.clevertap.com',
			'https://sg1.api.clevertap.com',
			'https://us1.api.clevertap.com',
			'https://aps3.api.clevertap.com',
			'https://mec1.api.clevertap.com',
			'https://sk1.api.clevertap.com',
			'custom',
		]);
		expect(region?.default).toBe('https://eu1.api.clevertap.com');
	});

	it('shows Base URL only for a custom region, and masks the passcode', () => {
		const baseUrl = credential.properties.find((property) => property.name === 'baseUrl');
		expect(baseUrl?.displayOptions).toEqual({ show: { region: ['custom'] } });
		const passcode = credential.properties.find((property) => property.name === 'passcode');
		expect(passcode?.typeOptions?.password).toBe(true);
		expect(passcode?.required).toBe(true);
	});

	describe("n8n's credential test, against the simulator", () => {
		const simulator = useSimulator();

		it('passes for the right account, passcode and region', async () => {
			const outcome = await testCredential('cleverTapApi', simulatorCredentials(simulator.current));
			expect(outcome).toEqual({ status: 'OK', message: 'Connection successful!' });
			const [request] = simulator.current.requests;
			expect(request.headers['x-clevertap-account-id']).toBe(DEMO_ACCOUNT.accountId);
			expect(request.headers['x-clevertap-passcode']).toBe(DEMO_ACCOUNT.passcode);
		});

		it.each([
			['a wrong passcode', { passcode: 'WRONG-PASSCODE' }],
			['a wrong account ID', { accountId: 'NOT-MY-ACCOUNT' }],
		])('fails for %s, naming the region as a possible cause', async (_label, override) => {
			const outcome = await testCredential(
				'cleverTapApi',
				simulatorCredentials(simulator.current, override),
			);
			expect(outcome.status).toBe('Error');
			expect(outcome.message).toMatch(/account ID and passcode, and check the region as well/);
			expect(outcome.message).not.toContain(DEMO_ACCOUNT.passcode);
		});

		it('fails for the right passcode in the wrong region', async () => {
			const outcome = await testCredential(
				'cleverTapApi',
				simulatorCredentials(simulator.current, { baseUrl: simulator.current.regionUrl('sg1') }),
			);
			expect(outcome.status).toBe('Error');
			expect(outcome.message).toMatch(/check the region as well/);
		});

		it('passes when the account lives in the region chosen', async () => {
			const outcome = await testCredential(
				'cleverTapApi',
				simulatorCredentials(simulator.current, { baseUrl: simulator.current.regionUrl('eu1') }),
			);
			expect(outcome.status).toBe('OK');
		});
	});
});
