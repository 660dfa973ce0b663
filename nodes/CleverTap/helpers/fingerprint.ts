/**
 * Short fixed-size stand-ins for long strings, for "have I seen this before?" sets that must stay
 * small over a long export: a CleverTap ID or a 2 KB cursor is remembered as its fingerprint.
 *
 * Two independent 32-bit multiply-xor lanes over the UTF-16 code units. Not a cryptographic hash:
 * nobody chooses CleverTap IDs to collide; what matters is that unrelated strings collide only by
 * chance, so the width decides the risk (about n^2 / 2^(bits+1) for n strings).
 */
const { imul } = Math;

function twoLanes(text: string): [number, number] {
	let h1 = 0xdeadbeef;
	let h2 = 0x41c6ce57;
	for (let i = 0; i < text.length; i++) {
		const unit = text.charCodeAt(i);
		h1 = imul(h1 ^ unit, 2654435761);
		h2 = imul(h2 ^ unit, 1597334677);
	}
	h1 = imul(h1 ^ (h1 >>> 16), 2246822507) ^ imul(h2 ^ (h2 >>> 13), 3266489909);
	h2 = imul(h2 ^ (h2 >>> 16), 2246822507) ^ imul(h1 ^ (h1 >>> 13), 3266489909);
	return [h1 >>> 0, h2 >>> 0];
}

/**
 * A 53-bit fingerprint as a plain number (the widest integer a double holds exactly), so a Set of
 * them costs a few dozen bytes an entry. Among 5 million profiles the chance that any two
 * different people share one is about 1 in 700; 32 bits would make it a near certainty.
 */
export function fingerprint53(text: string): number {
	const [h1, h2] = twoLanes(text);
	return (h2 & 0x1fffff) * 0x100000000 + h1;
}

/** A 64-bit fingerprint as 16 hex digits. */
export function fingerprint64(text: string): string {
	const [h1, h2] = twoLanes(text);
	return h2.toString(16).padStart(8, '0') + h1.toString(16).padStart(8, '0');
}

/**
 * A set of 53-bit fingerprints kept in one Float64Array (open addressing, linear probing, at most
 * half full): 8 to 32 bytes an entry, where a Set of numbers costs about 50. Millions of people
 * fit in a few dozen MB.
 */
export class FingerprintSet {
	// A slot holds fingerprint + 1, so 0 can mean empty (fingerprints are below 2^53 - 1).
	private slots = new Float64Array(1024);
	private size = 0;

	/** Adds the fingerprint; false when it was already there. */
	add(fingerprint: number): boolean {
		const stored = fingerprint + 1;
		const mask = this.slots.length - 1;
		for (let index = (fingerprint >>> 0) & mask; ; index = (index + 1) & mask) {
			const slot = this.slots[index];
			if (slot === stored) return false;
			if (slot === 0) {
				this.slots[index] = stored;
				if (++this.size * 2 > this.slots.length) this.grow();
				return true;
			}
		}
	}

	private grow(): void {
		const old = this.slots;
		this.slots = new Float64Array(old.length * 2);
		this.size = 0;
		for (const stored of old) if (stored !== 0) this.add(stored - 1);
	}
}
