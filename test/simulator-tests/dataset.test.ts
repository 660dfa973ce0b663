import { createDataset } from '../simulator/dataset';
import { startSimulator } from '../simulator';
import { walkExport } from './simulator-client';

describe('the seeded population (ground truth)', () => {
	const dataset = createDataset(20240101, 2000);
	const everyone = () => dataset.profilesFor('App Installed', 19000101, 20251231);

	it('is deterministic for a seed and a population, and another seed gives other people', () => {
		const again = createDataset(20240101, 2000);
		expect(again.profilesFor('Charged', 20240101, 20240131)).toEqual(
			dataset.profilesFor('Charged', 20240101, 20240131),
		);
		const other = createDataset(7, 2000);
		expect(other.profilesFor('Charged', 20240101, 20240131)).not.toEqual(
			dataset.profilesFor('Charged', 20240101, 20240131),
		);
	});

	it('has the sizes the tests rely on: a few hundred January 2024 buyers, most users launching in 2024', () => {
		const charged = dataset.profilesFor('Charged', 20240101, 20240131).length;
		expect(charged).toBeGreaterThan(230); // 10+ pages of 23
		expect(charged).toBeLessThan(600);
		expect(dataset.profilesFor('App Launched', 20240101, 20241231).length).toBeGreaterThan(
			0.7 * 2000,
		);
		expect(everyone()).toHaveLength(2000);
	});

	it('goes on up to the last day it is given (the simulator passes its today), leaving the history as it was', () => {
		const reachingLater = createDataset(20240101, 2000, 20261115);
		for (const [from, to] of [
			[20240101, 20240131],
			[20250601, 20250607],
			[20251231, 20251231],
		])
			expect(reachingLater.exportOrder('Charged', from, to)).toEqual(
				dataset.exportOrder('Charged', from, to),
			);
		const lastDayBuyers = reachingLater.exportOrder('Charged', 20261115, 20261115);
		expect(lastDayBuyers.length).toBeGreaterThan(0);
		expect(reachingLater.exportOrder('App Launched', 20261116, 20261231)).toEqual([]);
		// A day's activity does not depend on how far the dataset reaches.
		expect(
			createDataset(20240101, 2000, 20261231).exportOrder('Charged', 20261115, 20261115),
		).toEqual(lastDayBuyers);
		for (const user of lastDayBuyers) {
			const { last_seen } = reachingLater.recordOf(user).events.Charged;
			expect(last_seen).toBeGreaterThanOrEqual(Date.UTC(2026, 10, 15) / 1000);
		}
	});

	it('knows the exportable events and the non-exportable notification events', () => {
		expect(dataset.events).toEqual(
			expect.arrayContaining([
				'Charged',
				'App Launched',
				'Product Viewed',
				'Added To Cart',
				'Notification Sent',
				'Notification Viewed',
			]),
		);
		expect(dataset.nonExportableEvents).toEqual(['Notification Sent', 'Notification Viewed']);
		expect(dataset.profilesFor('Unknown Event', 20240101, 20251231)).toEqual([]);
	});

	it('returns, for a range, exactly the users whose event summary overlaps it, without repeats', () => {
		const from = Date.UTC(2024, 2, 1) / 1000;
		const toEnd = Date.UTC(2024, 2, 8) / 1000;
		const march = dataset.profilesFor('Added To Cart', 20240301, 20240307);
		expect(march.length).toBeGreaterThan(0);
		for (const record of march) {
			const summary = record.events['Added To Cart'];
			expect(summary.first_seen).toBeLessThan(toEnd);
			expect(summary.last_seen).toBeGreaterThanOrEqual(from);
		}
		const ids = march.map((record) => record.platformInfo[0].objectId);
		expect(new Set(ids).size).toBe(ids.length);
		// Inclusive ends: a wider range never has fewer, adjacent ranges cover the union.
		const first = new Set(
			dataset
				.profilesFor('Added To Cart', 20240301, 20240303)
				.map((record) => record.platformInfo[0].objectId),
		);
		const second = new Set(
			dataset
				.profilesFor('Added To Cart', 20240304, 20240307)
				.map((record) => record.platformInfo[0].objectId),
		);
		expect(new Set([...first, ...second])).toEqual(new Set(ids));
	});

	it('looks like real CleverTap data', () => {
		const people = everyone();
		const ids = people.map((record) => record.platformInfo[0].objectId);
		expect(ids.every((id) => /^__[0-9a-f]{32}$/.test(id))).toBe(true);
		expect(new Set(ids).size).toBe(people.length);
		for (const record of people)
			expect(new Set(record.platformInfo.map((info) => info.objectId)).size).toBe(1);
		const emails = people.flatMap((record) => (record.email ? [record.email] : []));
		expect(new Set(emails).size).toBe(emails.length);
		expect(emails.every((email) => /^[a-z.]+\d+@[a-z.]+$/.test(email))).toBe(true);

		const anonymous = people.filter((record) => !record.email && !record.identity && !record.name);
		const identityOnly = people.filter((record) => record.identity && !record.email);
		expect(anonymous.length / people.length).toBeGreaterThan(0.05);
		expect(anonymous.length / people.length).toBeLessThan(0.25);
		expect(identityOnly.length).toBeGreaterThan(0);

		const platforms = people.flatMap((record) => record.platformInfo);
		expect(new Set(platforms.map((info) => info.platform))).toEqual(
			new Set(['iOS', 'Android', 'Web']),
		);
		expect(
			platforms.filter((info) => info.platform === 'iOS').every((info) => info.make === 'Apple'),
		).toBe(true);
		expect(platforms.some((info) => info.phone)).toBe(true);

		const buyers = people.filter((record) => record.events.Charged);
		expect(buyers.every((record) => (record.profileData.LTV as number) > 0)).toBe(true);
		expect(buyers[0].profileData).toEqual(
			expect.objectContaining({
				plan: expect.any(String),
				city: expect.any(String),
				'Customer Type': expect.any(String),
			}),
		);
		for (const record of people) {
			for (const summary of Object.values(record.events))
				expect(summary.first_seen).toBeLessThanOrEqual(summary.last_seen);
		}
	});

	it('finds people by email (any case), identity and CleverTap ID', () => {
		const person = everyone().find((record) => record.email && record.identity)!;
		expect(dataset.findBy('email', person.email!.toUpperCase())).toEqual(person);
		expect(dataset.findBy('identity', person.identity!)).toEqual(person);
		expect(dataset.findBy('objectId', person.platformInfo[0].objectId)).toEqual(person);
		expect(dataset.findBy('email', 'nobody@example.com')).toBeUndefined();
	});

	it('scales to a benchmark population of 50,000 without the server becoming the bottleneck', async () => {
		const started = Date.now();
		const sim = await startSimulator({ population: 50_000 });
		try {
			const query = {
				event: 'App Launched',
				from: 20240101,
				to: 20241231,
				query: 'batch_size=5000',
			};
			const { records } = await walkExport(sim, query);
			expect(records.length).toBeGreaterThan(30_000);
			expect(Date.now() - started).toBeLessThan(15_000);
		} finally {
			await sim.close();
		}
	});
});
