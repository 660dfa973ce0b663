import type { IDataObject } from 'n8n-workflow';

import {
	NODE_NAME,
	runCleverTap,
	simulatorCredentials,
	useSimulator,
} from '../../../../support/clevertap-fixture';

const upsert = (options: IDataObject = {}, more: IDataObject = {}) => ({
	resource: 'profile',
	operation: 'upsert',
	identifierType: 'identity',
	identifier: '={{ $json.id }}',
	dataMode: 'autoMapInputData',
	fieldsToIgnore: 'id',
	options: { retryDelay: 1, ...options },
	...more,
});

const rows = (count: number, extra: (n: number) => IDataObject = () => ({})) =>
	Array.from({ length: count }, (_, n) => ({ id: `u${n}`, plan: 'Plus', ...extra(n) }));

describe('Profile > Create or Update, in a real workflow against the simulator', () => {
	const simulator = useSimulator();
	const credentials = () => simulatorCredentials(simulator.current);
	const uploads = () => simulator.current.requests.filter(({ path }) => path === '/1/upload');
	const batchSizes = () => uploads().map(({ body }) => (body as { d: unknown[] }).d.length);
	beforeEach(() => simulator.current.uploads.clear());

	it('sends all items in batches of at most 1000 and outputs one paired item per input, in order', async () => {
		const result = await runCleverTap(upsert({ parallelRequests: 1 }), {
			credentials: credentials(),
			inputItems: rows(2500),
		});
		const items = result.outputOf(NODE_NAME);
		expect(batchSizes()).toEqual([1000, 1000, 500]);
		expect(items).toHaveLength(2500);
		expect(items[2499]).toEqual({
			json: { identifierType: 'identity', identifier: 'u2499', status: 'created or updated' },
			pairedItem: { item: 2499 },
		});
		expect(simulator.current.uploads.find('u1234')?.profileData).toEqual({ plan: 'Plus' });
	});

	it('sends dates as $D_ epoch seconds (Date Fields in the workflow zone) and operators as they are', async () => {
		const result = await runCleverTap(
			upsert(
				{ dateFields: 'renewal', timestamp: '2024-05-01T00:00:00Z' },
				{
					dataMode: 'defineBelow',
					properties: {
						property: [
							{ key: 'signedUp', value: '={{ DateTime.fromISO("2024-01-02T03:04:05Z") }}' },
							{ key: 'renewal', value: '2024-06-01T00:00:00' },
							{ key: 'tags', value: '={{ { $add: ["vip"] } }}' },
							{ key: 'empty', value: '={{ null }}' },
						],
					},
				},
			),
			{ credentials: credentials(), inputItems: [{ id: 'd1' }], timezone: 'Asia/Kolkata' },
		);
		expect(result.error).toBeUndefined();
		const [record] = (uploads()[0].body as { d: IDataObject[] }).d;
		expect(record).toEqual({
			type: 'profile',
			identity: 'd1',
			ts: 1714521600,
			profileData: { signedUp: '$D_1704164645', renewal: '$D_1717180200', tags: { $add: ['vip'] } },
		});
	});

	it('under Continue, makes each record CleverTap refuses an error item with its code, and writes the rest', async () => {
		const result = await runCleverTap(upsert(), {
			credentials: credentials(),
			settings: { continueOnFail: true },
			inputItems: rows(4, (n) => (n === 2 ? { Gender: 'X' } : {})),
		});
		const items = result.outputOf(NODE_NAME);
		expect(items.map(({ pairedItem }) => pairedItem)).toEqual(
			[0, 1, 2, 3].map((item) => ({ item })),
		);
		expect(items[2].json.error).toBe(
			'CleverTap refused the record for u2: Invalid Gender (code 514)',
		);
		expect([items[1].json.status, items[3].json.status]).toEqual([
			'created or updated',
			'created or updated',
		]);
		expect(simulator.current.uploads.find('u2')).toBeUndefined();
		expect(simulator.current.uploads.profiles.size).toBe(3);
	});

	it('under Continue, makes every item of a batch refused whole (status fail) an error item', async () => {
		const result = await runCleverTap(upsert(), {
			credentials: credentials(),
			settings: { continueOnFail: true },
			inputItems: rows(3, () => ({ Gender: 'X' })),
		});
		expect(result.outputOf(NODE_NAME).map(({ json }) => json.error)).toEqual(
			['u0', 'u1', 'u2'].map(
				(id) => `CleverTap refused the record for ${id}: Invalid Gender (code 514)`,
			),
		);
	});

	it('under Continue, when a refusal names no record, makes every item of its batch an error item that says it may or may not have been written', async () => {
		simulator.current.setFaults([{ kind: 'refusalsWithoutRecord', at: 'post' }]);
		const result = await runCleverTap(upsert({ parallelRequests: 1 }), {
			credentials: credentials(),
			settings: { continueOnFail: true },
			inputItems: rows(4, (n) => (n === 2 ? { Gender: 'X' } : {})),
		});
		const errors = result.outputOf(NODE_NAME).map(({ json }) => json.error);
		expect(errors).toEqual(
			['u0', 'u1', 'u2', 'u3'].map(
				(id) =>
					`The record for ${id} may or may not have been written: CleverTap refused a record of its request without saying which`,
			),
		);
		expect(simulator.current.uploads.profiles.size).toBe(3); // in doubt, not lost: 3 were
	});

	it('without Continue, fails with the lowest refused item and the counts, and sends no further batch', async () => {
		const inputItems = rows(2500, (n) => (n === 7 || n === 9 ? { Gender: 'X' } : {}));
		const result = await runCleverTap(upsert({ parallelRequests: 1 }), {
			credentials: credentials(),
			inputItems,
		});
		expect(result.error?.message).toBe(
			'CleverTap refused the record for u7: Invalid Gender (code 514)',
		);
		expect(result.error?.description).toMatch(/998 written, 2 refused or failed, 1500 not sent/);
		expect(batchSizes()).toEqual([1000]);
	});

	it('without Continue, refuses bad input before any request, naming the field', async () => {
		const result = await runCleverTap(upsert(), {
			credentials: credentials(),
			inputItems: [
				{ id: 'a', plan: 'Plus' },
				{ id: 'b', Phone: '555-0123' },
			],
		});
		expect(result.error?.message).toBe('Phone "555-0123" is not a phone number CleverTap takes');
		expect(simulator.current.requests).toHaveLength(0);
	});

	it('under Continue, makes bad items error items and sends the rest', async () => {
		const result = await runCleverTap(upsert(), {
			credentials: credentials(),
			settings: { continueOnFail: true },
			inputItems: [
				{ id: '', plan: 'Plus' },
				{ id: 'c', address: { city: 'Pune' } },
				{ id: 'd', Email: 'not-an-address' },
				{ id: 'e', ['k'.repeat(121)]: 1 },
				{ id: 'f', note: 'x'.repeat(513) },
				{ id: 'g', plan: 'Plus' },
			],
		});
		expect(result.outputOf(NODE_NAME).map(({ json }) => json.error ?? json.status)).toEqual([
			'Identity is empty',
			'Property "address" is an object, and CleverTap has no nested properties',
			'Email "not-an-address" is not an email address',
			`Property name "${'k'.repeat(40)}..." is longer than 120 bytes`,
			'Property "note" is longer than 512 bytes',
			'created or updated',
		]);
		expect(batchSizes()).toEqual([1]);
	});

	it('waits out 429 and writes the batch once', async () => {
		simulator.current.setFaults([{ kind: 'tooManyRequests', at: 'post', times: 2 }]);
		const result = await runCleverTap(upsert({ parallelRequests: 1 }), {
			credentials: credentials(),
			inputItems: rows(3),
		});
		expect(result.error).toBeUndefined();
		expect(uploads().map(({ status }) => status)).toEqual([429, 429, 200]);
	});

	it('sends a set-only batch again after a 500 that recorded it, and the store holds one application', async () => {
		simulator.current.setFaults([{ kind: 'serverErrorAfterRecording', at: 'post' }]);
		const result = await runCleverTap(upsert(), {
			credentials: credentials(),
			inputItems: [{ id: 's1', plan: 'Plus', tags: { $add: ['vip'] } }],
		});
		expect(result.error).toBeUndefined();
		expect(uploads()).toHaveLength(2);
		expect(simulator.current.uploads.find('s1')?.profileData).toEqual({
			plan: 'Plus',
			tags: ['vip'],
		});
	});

	it('does not send an increment again after a 500 that recorded it: its item says it may have been recorded', async () => {
		simulator.current.setFaults([{ kind: 'serverErrorAfterRecording', at: 'post' }]);
		// One lane: the increment's batch goes first and meets the fault.
		const result = await runCleverTap(upsert({ parallelRequests: 1 }), {
			credentials: credentials(),
			settings: { continueOnFail: true },
			inputItems: [
				{ id: 'i1', visits: { $incr: 1 } },
				{ id: 'i2', plan: 'Plus' },
			],
		});
		const [incremented, set] = result.outputOf(NODE_NAME);
		expect(incremented.json.error).toMatch(/^CleverTap may have recorded these records/);
		expect(incremented.json.description).toMatch(/did not send it again/);
		expect(set.json.status).toBe('created or updated');
		expect(simulator.current.uploads.find('i1')?.profileData).toEqual({ visits: 1 });
		const incrementBatches = uploads().filter(({ body }) => JSON.stringify(body).includes('$incr'));
		expect(incrementBatches).toHaveLength(1);
	});

	it('applies two records of one identity in input order while an earlier batch is slow', async () => {
		simulator.current.setFaults([{ kind: 'slowBatch', at: 'post', delayMs: 500 }]);
		const inputItems = [{ id: 'o1', plan: 'First' }, ...rows(20), { id: 'o1', plan: 'Second' }];
		const result = await runCleverTap(upsert({ parallelRequests: 5 }), {
			credentials: credentials(),
			inputItems,
		});
		expect(result.error).toBeUndefined();
		expect(simulator.current.uploads.find('o1')?.profileData).toEqual({ plan: 'Second' });
		expect(uploads().length).toBeGreaterThan(2);
	});
});
