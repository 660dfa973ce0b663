import {
	cleverTapIdOf,
	createRepeatFilter,
	isEmailAddress,
	isNotFoundMessage,
	recordsOfPage,
} from '../../../../nodes/CleverTap/helpers/records';

describe('cleverTapIdOf', () => {
	it('finds the objectId in platformInfo', () => {
		const record = {
			identity: 'u1',
			platformInfo: [{ platform: 'Web' }, { platform: 'iOS', objectId: '__abc' }],
		};
		expect(cleverTapIdOf(record)).toBe('__abc');
	});

	it('is undefined when there is none', () => {
		expect(cleverTapIdOf({ identity: 'u1' })).toBeUndefined();
		expect(cleverTapIdOf({ platformInfo: [null, { objectId: '' }] })).toBeUndefined();
	});
});

describe('recordsOfPage', () => {
	it('returns the records of a page', () => {
		expect(recordsOfPage({ records: [{ a: 1 }, { a: 2 }] })).toEqual([{ a: 1 }, { a: 2 }]);
	});

	it('treats a page without records (an empty range) as empty', () => {
		expect(recordsOfPage({ status: 'success' })).toEqual([]);
		expect(recordsOfPage({ records: null })).toEqual([]);
	});
});

describe('isNotFoundMessage', () => {
	it.each([
		'Profile not found',
		'User Not Found',
		'No user found',
		'no such profile',
		'Record does not exist',
	])('recognises %p', (message) => expect(isNotFoundMessage(message)).toBe(true));

	it.each([
		'Invalid Credentials',
		'Account blocked',
		'Request still in progress, please retry later',
		'',
	])('does not mistake %p for not found', (message) =>
		expect(isNotFoundMessage(message)).toBe(false),
	);
});

describe('isEmailAddress', () => {
	it.each(['jane@example.com', 'a.b+c@sub.example.co.uk'])('accepts %p', (value) =>
		expect(isEmailAddress(value)).toBe(true),
	);
	it.each(['jane', 'jane@', '@example.com', 'jane@example', 'ja ne@example.com'])(
		'refuses %p',
		(value) => expect(isEmailAddress(value)).toBe(false),
	);
});

describe('createRepeatFilter', () => {
	const record = (objectId?: string) => ({ platformInfo: objectId ? [{ objectId }] : [] });

	it('lets each CleverTap ID through once', () => {
		const isNew = createRepeatFilter();
		expect([record('a'), record('b'), record('a'), record('c'), record('b')].map(isNew)).toEqual([
			true,
			true,
			false,
			true,
			false,
		]);
	});

	it('always lets records without a CleverTap ID through', () => {
		const isNew = createRepeatFilter();
		expect([record(), record()].map(isNew)).toEqual([true, true]);
	});

	it('starts empty for each export', () => {
		createRepeatFilter()(record('a'));
		expect(createRepeatFilter()(record('a'))).toBe(true);
	});
});
