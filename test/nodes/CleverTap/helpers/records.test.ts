import {
	cleverTapIdOf,
	createRepeatFilter,
	isEmailAddress,
	isNotFoundMessage,
} from '../../../../nodes/CleverTap/helpers/records';

it.each([
	[{ platformInfo: [{ platform: 'Web' }, { platform: 'iOS', objectId: '__abc' }] }, '__abc'],
	[{ identity: 'u1' }, undefined],
	[{ platformInfo: [null, { objectId: '' }] }, undefined],
])('cleverTapIdOf finds the objectId in the platformInfo of %j', (record, expected) => {
	expect(cleverTapIdOf(record)).toBe(expected);
});

it.each([
	['Profile not found', true],
	['User Not Found', true],
	['No user found', true],
	['no such profile', true],
	['Record does not exist', true],
	['Invalid Credentials', false],
	['Request still in progress, please retry later', false],
	['', false],
])('isNotFoundMessage(%p) is %p', (message, notFound) => {
	expect(isNotFoundMessage(message)).toBe(notFound);
});

it.each([
	['jane@example.com', true],
	['a.b+c@sub.example.co.uk', true],
	['jane@', false],
	['@example.com', false],
	['jane@example', false],
	['ja ne@example.com', false],
])('isEmailAddress(%p) is %p', (value, isEmail) => expect(isEmailAddress(value)).toBe(isEmail));

it('createRepeatFilter lets each CleverTap ID through once, and records without one always', () => {
	const record = (objectId?: string) => ({ platformInfo: objectId ? [{ objectId }] : [] });
	const records = ['a', 'b', 'a', undefined, 'c', 'b', undefined].map(record);
	expect(records.filter(createRepeatFilter())).toEqual(
		['a', 'b', undefined, 'c', undefined].map(record),
	);
});
