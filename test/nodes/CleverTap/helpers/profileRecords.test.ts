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

const record = (objectId?: string) => ({ platformInfo: objectId ? [{ objectId }] : [] });

it('createRepeatFilter drops a record whose CleverTap ID it has let through', () => {
	const records = ['a', 'b', 'a', 'c', 'b'].map(record);
	expect(records.filter(createRepeatFilter())).toEqual(['a', 'b', 'c'].map(record));
});

it('createRepeatFilter lets every record without a CleverTap ID through', () => {
	const records = [undefined, 'a', undefined].map(record);
	expect(records.filter(createRepeatFilter())).toEqual(records);
});
