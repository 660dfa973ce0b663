import {
	cleverTapIdOf,
	createRepeatFilter,
} from '../../../../nodes/CleverTap/helpers/profileRecords';

it.each([
	[{ platformInfo: [{ platform: 'Web' }, { platform: 'iOS', objectId: '__abc' }] }, '__abc'],
	[{ identity: 'u1' }, undefined],
	[{ platformInfo: [null, { objectId: '' }] }, undefined],
])('cleverTapIdOf finds the objectId in the platformInfo of %j', (record, expected) => {
	expect(cleverTapIdOf(record)).toBe(expected);
});

it('createRepeatFilter lets each CleverTap ID through once, and records without one always', () => {
	const record = (objectId?: string) => ({ platformInfo: objectId ? [{ objectId }] : [] });
	const records = ['a', 'b', 'a', undefined, 'c', 'b', undefined].map(record);
	expect(records.filter(createRepeatFilter())).toEqual(
		['a', 'b', undefined, 'c', undefined].map(record),
	);
});
