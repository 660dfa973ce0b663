import { simplifyProfile } from '../../../../nodes/CleverTap/helpers/simplify';

const ID = '__5c1f0a2e9d3b4c7a8e6f1d2c3b4a5968';
/** A profile as CleverTap's export sends it with app=true. */
const record = {
	identity: '1048213',
	email: 'maria.rossi48213@example.com',
	name: 'Maria Rossi',
	profileData: { 'Customer Type': 'Gold', plan: 'Plus', LTV: 912.4 },
	events: {
		Charged: { count: 3, first_seen: 1704446591, last_seen: 1717500000 },
		'App Launched': { count: 40, first_seen: 1704100000, last_seen: 1717600000 },
	},
	platformInfo: [
		{ platform: 'iOS', objectId: ID, os_version: '18.1.1', phone: '+447700912345' },
		{ platform: 'Web', objectId: ID, make: 'Chrome' },
	],
};

describe('simplifyProfile', () => {
	const person = {
		cleverTapId: ID,
		identity: '1048213',
		email: 'maria.rossi48213@example.com',
		name: 'Maria Rossi',
		phone: '+447700912345',
		platforms: ['iOS', 'Web'],
	};

	it('flattens a record to who the person is and where they use the app', () => {
		expect(simplifyProfile(record)).toEqual(person);
	});

	it("adds the exported event's count and first and last time, in ISO 8601 UTC", () => {
		expect(simplifyProfile(record, 'Charged')).toEqual({
			...person,
			eventCount: 3,
			firstSeen: '2024-01-05T09:23:11.000Z',
			lastSeen: '2024-06-04T11:20:00.000Z',
		});
	});

	it('gives null for every field of an empty record', () => {
		expect(Object.values(simplifyProfile({}))).toEqual([null, null, null, null, null, null]);
	});

	it('gives a null CleverTap ID to a record without one, and keeps its platforms', () => {
		const anonymous = { profileData: { city: 'Paris' }, platformInfo: [{ platform: 'Android' }] };
		expect(simplifyProfile(anonymous)).toMatchObject({ cleverTapId: null, platforms: ['Android'] });
	});

	it('gives a null event summary when the export left the summaries out', () => {
		const { events: _events, ...withoutEvents } = record; // Include Event Summary off
		expect(simplifyProfile(withoutEvents, 'Charged')).toMatchObject({
			eventCount: null,
			firstSeen: null,
			lastSeen: null,
		});
	});

	it('gives a null event count when the record has no summary of that event', () => {
		expect(simplifyProfile(record, 'Searched').eventCount).toBeNull();
	});

	it('reads a numeric identity as text', () => {
		expect(simplifyProfile({ identity: 42 })).toMatchObject({ identity: '42' });
	});

	it('finds a phone kept in the custom properties', () => {
		expect(simplifyProfile({ profileData: { Phone: '+15550100' } })).toMatchObject({
			phone: '+15550100',
		});
	});
});
