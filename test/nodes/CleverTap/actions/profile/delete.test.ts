import {
	NODE_NAME,
	runCleverTap,
	simulatorCredentials,
	useSimulator,
} from '../../../../support/clevertap-fixture';

const deleteProfile = {
	resource: 'profile',
	operation: 'delete',
	identifierType: '={{ $json.type }}',
	identifier: '={{ $json.id }}',
	options: { retryDelay: 1, parallelRequests: 1 },
};

describe('Profile > Delete, in a real workflow against the simulator', () => {
	const simulator = useSimulator();
	const credentials = () => simulatorCredentials(simulator.current);
	const deletes = () =>
		simulator.current.requests.filter(({ path }) => path === '/1/delete/profiles.json');

	async function storeProfiles(count: number) {
		await runCleverTap(
			{
				resource: 'profile',
				operation: 'upsert',
				identifier: '={{ $json.id }}',
				dataMode: 'autoMapInputData',
			},
			{
				credentials: credentials(),
				inputItems: Array.from({ length: count }, (_, n) => ({ id: `x${n}` })),
			},
		);
		simulator.current.clearRequests();
	}
	beforeEach(() => simulator.current.uploads.clear());

	it('deletes by identity in requests of at most 100, and by CleverTap ID in requests of their own (guid)', async () => {
		await storeProfiles(150);
		const guid = simulator.current.uploads.find('x149')!.objectId;
		const inputItems = [
			...Array.from({ length: 149 }, (_, n) => ({ type: 'identity', id: `x${n}` })),
			{ type: 'objectId', id: guid },
		];
		const result = await runCleverTap(deleteProfile, { credentials: credentials(), inputItems });
		expect(result.outputOf(NODE_NAME)[149]).toEqual({
			json: { identifierType: 'objectId', identifier: guid, status: 'deleted' },
			pairedItem: { item: 149 },
		});
		expect(
			deletes().map(({ body }) => {
				const [[idType, ids]] = Object.entries(body as Record<string, string[]>);
				return [idType, ids.length];
			}),
		).toEqual([
			['identity', 100],
			['identity', 49],
			['guid', 1],
		]);
		expect(simulator.current.uploads.profiles.size).toBe(0);
	});

	it('sends a delete again after a server error', async () => {
		await storeProfiles(1);
		simulator.current.setFaults([{ kind: 'serverError500', at: 'post' }]);
		const result = await runCleverTap(deleteProfile, {
			credentials: credentials(),
			inputItems: [{ type: 'identity', id: 'x0' }],
		});
		expect(result.error).toBeUndefined();
		expect(deletes().map(({ status }) => status)).toEqual([500, 200]);
		expect(simulator.current.uploads.find('x0')).toBeUndefined();
	});

	it('waits out 429 (nothing was deleted) and deletes once', async () => {
		await storeProfiles(1);
		simulator.current.setFaults([{ kind: 'tooManyRequests', at: 'post', times: 2 }]);
		const result = await runCleverTap(deleteProfile, {
			credentials: credentials(),
			inputItems: [{ type: 'identity', id: 'x0' }],
		});
		expect(result.outputOf(NODE_NAME)[0].json.status).toBe('deleted');
		expect(deletes().map(({ status }) => status)).toEqual([429, 429, 200]);
		expect(simulator.current.uploads.find('x0')).toBeUndefined();
	});
});
