import { InvalidParameterError } from '../../../../nodes/CleverTap/helpers/InvalidParameterError';
import { checkedNumber, isUnset } from '../../../../nodes/CleverTap/helpers/numbers';

describe('checkedNumber', () => {
	const limit = { label: 'Limit', min: 1, wholeNumber: true, hint: 'Set a Limit.' };
	const timeout = { label: 'Timeout', min: 0.1, max: 600, hint: 'Leave it unset.' };

	it.each([
		['a whole number', 5, limit, 5],
		['numeric text with spaces', ' 42 ', limit, 42],
		['a fraction its rule allows', 0.5, timeout, 0.5],
		['the maximum of its rule', 600, timeout, 600],
	])('accepts %s: %p as %p', (_label, value, rule, expected) => {
		expect(checkedNumber(value, rule)).toBe(expected);
	});

	it.each([
		[0, limit, 'Limit must be a whole number of 1 or more, not "0"'],
		[2.5, limit, 'Limit must be a whole number of 1 or more, not "2.5"'],
		['ten', limit, 'Limit must be a whole number of 1 or more, not "ten"'],
		[601, timeout, 'Timeout must be a number from 0.1 to 600, not "601"'],
		[Number.NaN, timeout, 'Timeout must be a number from 0.1 to 600, not "NaN"'],
		[true, timeout, 'Timeout must be a number from 0.1 to 600, not "true"'],
	])('refuses %p and states the allowed range', (value, rule, message) => {
		expect(() => checkedNumber(value, rule)).toThrow(
			expect.objectContaining({ constructor: InvalidParameterError, message, hint: rule.hint }),
		);
	});
});

it.each([
	[undefined, true],
	[null, true],
	['', true],
	[0, false],
	[' ', false],
	[false, false],
])('isUnset(%p) is %p', (value, unset) => expect(isUnset(value)).toBe(unset));
