import { InvalidParameterError } from '../../../../nodes/CleverTap/helpers/InvalidParameterError';
import { checkedNumber, isUnset } from '../../../../nodes/CleverTap/helpers/numbers';

describe('checkedNumber', () => {
	const limit = { label: 'Limit', min: 1, wholeNumber: true, hint: 'Set a Limit.' };
	const timeout = { label: 'Timeout', min: 0.1, max: 600, hint: 'Leave it unset.' };

	it('accepts numbers and numeric text within the rule', () => {
		expect(checkedNumber(5, limit)).toBe(5);
		expect(checkedNumber(' 42 ', limit)).toBe(42);
		expect(checkedNumber(0.5, timeout)).toBe(0.5);
		expect(checkedNumber(600, timeout)).toBe(600);
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
