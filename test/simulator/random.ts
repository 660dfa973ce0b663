/**
 * Deterministic randomness. The whole population derives from (seed, user index), so a test can
 * name a seed and get the same people back on every machine, and any one user can be rebuilt
 * without generating the ones before it.
 */

// Math's functions held in module constants: under jest every lookup of a global such as `Math`
// goes through the test sandbox and is many times slower, and these run millions of times.
const { floor, imul } = Math;

/** mulberry32: tiny, fast, and good enough for made-up people. Returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = imul(t ^ (t >>> 15), t | 1);
		t ^= t + imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Mixes several integers into one 32-bit value (murmur3 finaliser), to seed independent streams. */
export function mix(...values: number[]): number {
	let h = 0x9e3779b9;
	for (const value of values) {
		h = imul(h ^ (value >>> 0), 0x85ebca6b);
		h ^= h >>> 13;
		h = imul(h, 0xc2b2ae35);
		h ^= h >>> 16;
	}
	return h >>> 0;
}

/** A random stream for one purpose of one user, e.g. userStream(seed, 42, Stream.Devices). */
export function userStream(seed: number, userIndex: number, purpose: number): () => number {
	return mulberry32(mix(seed, userIndex, purpose));
}

export function pick<T>(random: () => number, choices: readonly T[]): T {
	return choices[floor(random() * choices.length)];
}

export function integerBetween(random: () => number, min: number, max: number): number {
	return min + floor(random() * (max - min + 1));
}

export function hexString(random: () => number, length: number): string {
	let hex = '';
	while (hex.length < length) hex += floor(random() * 16).toString(16);
	return hex;
}

/** A bijection on 32-bit integers that looks random: distinct inputs always give distinct outputs. */
export function scramble32(value: number): number {
	let x = value >>> 0;
	x ^= x >>> 16;
	x = imul(x, 0x85ebca6b);
	x ^= x >>> 13;
	x = imul(x, 0xc2b2ae35);
	x ^= x >>> 16;
	return x >>> 0;
}
