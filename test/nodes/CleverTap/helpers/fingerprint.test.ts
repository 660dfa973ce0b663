import {
	fingerprint53,
	fingerprint64,
	FingerprintSet,
} from '../../../../nodes/CleverTap/helpers/fingerprint';

// IDs shaped like CleverTap's (`__` and 32 hex digits), differing in a few characters.
const ids = Array.from({ length: 100_000 }, (_, i) => `__${i.toString(16).padStart(32, '0')}`);

it('fingerprint64 tells 100,000 similar CleverTap IDs apart', () => {
	expect(new Set(ids.map(fingerprint64)).size).toBe(ids.length);
});

it('fingerprint53 gives each ID a safe integer', () => {
	expect(ids.map(fingerprint53).every((value) => Number.isSafeInteger(value))).toBe(true);
});

it("FingerprintSet takes each of the IDs' 53-bit fingerprints as new, across many growths", () => {
	const set = new FingerprintSet();
	expect(ids.every((id) => set.add(fingerprint53(id)))).toBe(true);
});

it('FingerprintSet refuses a fingerprint it already holds, after many growths', () => {
	const set = new FingerprintSet();
	for (const id of ids) set.add(fingerprint53(id));
	expect(ids.some((id) => set.add(fingerprint53(id)))).toBe(false);
});

it('FingerprintSet holds 0 like any other fingerprint', () => {
	const set = new FingerprintSet();
	expect(set.add(0)).toBe(true);
	expect(set.add(0)).toBe(false);
});
