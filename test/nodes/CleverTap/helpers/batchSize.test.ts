import { chooseBatchSize } from '../../../../nodes/CleverTap/helpers/batchSize';
import { InvalidParameterError } from '../../../../nodes/CleverTap/helpers/InvalidParameterError';

describe('chooseBatchSize', () => {
	describe('when the user leaves it unset', () => {
		it('uses the largest page for Return All', () => {
			expect(chooseBatchSize(undefined, undefined)).toBe(4991);
			expect(chooseBatchSize('', undefined)).toBe(4991);
		});

		it('uses the smallest multiple of 23 that holds the limit', () => {
			expect(chooseBatchSize(undefined, 1)).toBe(23);
			expect(chooseBatchSize(undefined, 23)).toBe(23);
			expect(chooseBatchSize(undefined, 50)).toBe(69);
			expect(chooseBatchSize(undefined, 1_000_000)).toBe(4991);
		});
	});

	it.each([
		[1, 23],
		[22, 23],
		[23, 23],
		[34, 23],
		[35, 46],
		[100, 92],
		[1000, 1000 - (1000 % 23)],
		[4991, 4991],
		[5000, 4991],
		['460', 460],
	])('rounds %p to the nearest multiple of 23 within 23..4991: %p', (requested, expected) => {
		const size = chooseBatchSize(requested, 10);
		expect(size).toBe(expected);
		expect(size % 23).toBe(0);
	});

	it.each([0, -23, 5001, Number.NaN, Number.POSITIVE_INFINITY, 'many', true])(
		'refuses %p with a clear message',
		(requested) => {
			expect(() => chooseBatchSize(requested, undefined)).toThrow(InvalidParameterError);
			expect(() => chooseBatchSize(requested, undefined)).toThrow(
				/^Batch Size must be a number from 1 to 5000/,
			);
		},
	);
});
