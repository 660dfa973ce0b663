import { laneOf, planLanes } from '../../../../nodes/CleverTap/helpers/writeBatches';

const record = (key: string, batchClass = 'safe') => ({ key, batchClass });

describe('write batches', () => {
	it('puts every record of one identifier in the same lane', () => {
		const lanes = planLanes(
			[record('a'), record('b'), record('a'), record('c'), record('a')],
			4,
			10,
		);
		const laneOfA = lanes.filter((batches) => batches.some((b) => b.indexes.includes(0)));
		expect(laneOfA).toHaveLength(1);
		expect(
			laneOfA[0].flatMap((batch) => batch.indexes).filter((i) => [0, 2, 4].includes(i)),
		).toEqual([0, 2, 4]);
		expect(laneOf('a', 4)).toBe(laneOf('a', 4));
	});

	it('starts a new batch for an identifier already in the open batch, and when the batch is full', () => {
		expect(planLanes([record('a'), record('b'), record('a'), record('c')], 1, 10)).toEqual([
			[
				{ batchClass: 'safe', indexes: [0, 1] },
				{ batchClass: 'safe', indexes: [2, 3] },
			],
		]);
		expect(
			planLanes([record('a'), record('b'), record('c')], 1, 2)[0].map((b) => b.indexes),
		).toEqual([[0, 1], [2]]);
	});

	it('never mixes classes in a batch, and keeps one identifier in input order across classes', () => {
		const plan = planLanes(
			[
				record('a', 'safe'),
				record('b', 'unsafe'),
				record('a', 'unsafe'),
				record('a', 'safe'),
				undefined,
			],
			1,
			10,
		);
		expect(plan[0]).toEqual([
			{ batchClass: 'safe', indexes: [0] },
			{ batchClass: 'unsafe', indexes: [1, 2] },
			{ batchClass: 'safe', indexes: [3] },
		]);
	});
});
