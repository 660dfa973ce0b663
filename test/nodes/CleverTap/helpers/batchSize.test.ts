import { chooseBatchSize } from '../../../../nodes/CleverTap/helpers/batchSize';
import { InvalidParameterError } from '../../../../nodes/CleverTap/helpers/InvalidParameterError';

describe('chooseBatchSize', () => {
	it.each([
		// Unset: the largest page for Return All, else the smallest multiple of 23 that holds the limit.
		[undefined, undefined, 4991],
		['', undefined, 4991],
		[undefined, 1, 23],
		[undefined, 23, 23],
		[undefined, 50, 69],
		[undefined, 1_000_000, 4991],
		// Set: the nearest multiple of 23 within 23..4991, whatever the limit.
		[1, 10, 23],
		[34, 10, 23],
		[35, 10, 46],
		[1000, 10, 1000 - (1000 % 23)],
		[5000, 10, 4991],
		['460', 10, 460],
	])('with Batch Size %p and Limit %p, asks for pages of %p', (requested, limit, expected) => {
		expect(chooseBatchSize(requested, limit)).toBe(expected);
	});

	it.each([0, -23, 5001, Number.NaN, Number.POSITIVE_INFINITY, 'many', true])(
		'refuses a Batch Size of %p, giving the allowed range',
		(requested) => {
			expect(() => chooseBatchSize(requested, undefined)).toThrow(InvalidParameterError);
			expect(() => chooseBatchSize(requested, undefined)).toThrow(
				/^Batch Size must be a number from 1 to 5000/,
			);
		},
	);
});
