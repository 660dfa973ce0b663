import { eventTimeIso } from '../../../../nodes/CleverTap/helpers/eventTime';

describe('eventTimeIso', () => {
	it('writes the account-local time as it is, without an offset, when the zone is not known', () => {
		expect(eventTimeIso(20240105123456)).toBe('2024-01-05T12:34:56');
	});

	it("adds the zone's offset on that day: summer and winter time differ", () => {
		expect(eventTimeIso(20240105123456, 'Europe/Berlin')).toBe('2024-01-05T12:34:56+01:00');
		expect(eventTimeIso('20240705123456', 'Europe/Berlin')).toBe('2024-07-05T12:34:56+02:00');
	});

	it.each([[undefined], [2024010512], [20241305123456], ['soon']])(
		'gives null for %p, which is no yyyyMMddHHmmss time',
		(ts) => expect(eventTimeIso(ts)).toBeNull(),
	);
});
