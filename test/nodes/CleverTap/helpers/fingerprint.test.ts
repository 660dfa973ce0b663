import {
	fingerprint53,
	fingerprint64,
	FingerprintSet,
} from '../../../../nodes/CleverTap/helpers/fingerprint';

// IDs shaped like CleverTap's (`__` and 32 hex digits), differing in a few characters.
const ids = Array.from({ length: 100_000 }, (_, i) => `__${i.toString(16).padStart(32, '0')}`);

it('tell 100,000 similar CleverTap IDs apart, at 53 and at 64 bits; FingerprintSet adds each once, across many growths', () => {
	expect(new Set(ids.map(fingerprint64)).size).toBe(ids.length);
	expect(ids.map(fingerprint53).every((value) => Number.isSafeInteger(value))).toBe(true);
	const set = new FingerprintSet();
	expect(ids.every((id) => set.add(fingerprint53(id)))).toBe(true);
	expect(ids.some((id) => set.add(fingerprint53(id)))).toBe(false);
	expect(set.add(0)).toBe(true);
	expect(set.add(0)).toBe(false);
});
