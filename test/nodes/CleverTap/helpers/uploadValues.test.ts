import { DateTime } from 'luxon';

import {
	checkEventName,
	checkIdentifier,
	shapeProperties,
	toCleverTapDate,
	utf8Length,
} from '../../../../nodes/CleverTap/helpers/uploadValues';

const profile = { kind: 'profile' as const, dateFields: new Set<string>(), timeZone: 'UTC' };
const event = { ...profile, kind: 'event' as const };

describe('upload values', () => {
	it('sends text, numbers, booleans and lists of text as they are, and leaves out null and undefined', () => {
		expect(
			shapeProperties({ a: 'x', b: 2, c: true, d: ['p', 'q'], e: null, f: undefined }, profile),
		).toEqual({ properties: { a: 'x', b: 2, c: true, d: ['p', 'q'] }, unrepeatable: false });
	});

	it('sends a Date, a Luxon DateTime and a Date Field as $D_ epoch seconds, text without offset in the zone', () => {
		const rules = { ...profile, dateFields: new Set(['renewal', 'at']), timeZone: 'Asia/Kolkata' };
		expect(
			shapeProperties(
				{
					js: new Date('2024-01-01T00:00:00Z'),
					luxon: DateTime.fromISO('2024-01-01T00:00:00Z'),
					renewal: '2024-01-01T05:30:00',
					at: 1704067200,
				},
				rules,
			).properties,
		).toEqual({
			js: '$D_1704067200',
			luxon: '$D_1704067200',
			renewal: '$D_1704067200',
			at: '$D_1704067200',
		});
		expect(() => toCleverTapDate('soon', 'renewal', 'UTC')).toThrow(
			'renewal: "soon" is not a date',
		);
	});

	it('takes one operator per profile property, marks $incr and $decr unrepeatable, and refuses other objects', () => {
		expect(shapeProperties({ t: { $add: ['a'] }, g: { $delete: 1 } }, profile).unrepeatable).toBe(
			false,
		);
		expect(shapeProperties({ n: { $decr: 2 } }, profile).unrepeatable).toBe(true);
		expect(() => shapeProperties({ n: { $incr: 1, $decr: 1 } }, profile)).toThrow(
			'Property "n" is an object',
		);
		expect(() => shapeProperties({ n: { $incr: 1 } }, event)).toThrow('Property "n" is an object');
	});

	it('refuses a bad Phone or Email, long keys and values, and more than 256 custom keys', () => {
		expect(() => shapeProperties({ Phone: '+1 415 555' }, profile)).toThrow('Phone "+1 415 555"');
		expect(shapeProperties({ Phone: '+14155550123' }, profile).properties.Phone).toBe(
			'+14155550123',
		);
		expect(() => shapeProperties({ Email: 'a@b' }, profile)).toThrow('Email "a@b"');
		expect(() => shapeProperties({ ['é'.repeat(61)]: 1 }, profile)).toThrow(
			'longer than 120 bytes',
		);
		expect(() => shapeProperties({ k: 'é'.repeat(257) }, profile)).toThrow('longer than 512 bytes');
		const many = Object.fromEntries(Array.from({ length: 257 }, (_, n) => [`k${n}`, n]));
		expect(() => shapeProperties(many, profile)).toThrow('257 custom properties');
		expect(utf8Length('a€😀')).toBe(8);
	});

	it("refuses CleverTap's system events and an empty identifier", () => {
		expect(() => checkEventName('App Launched')).toThrow('code 513');
		expect(checkEventName(' Deal Won ')).toBe('Deal Won');
		expect(() => checkIdentifier('  ', 'Identity')).toThrow('Identity is empty');
		expect(checkIdentifier(42, 'Identity')).toBe('42');
	});
});
