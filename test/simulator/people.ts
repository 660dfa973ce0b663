/** Who the users are: all from (seed, user index), so anyone can be rebuilt alone, on any machine. */

// Under jest every lookup of the global `Math` goes through the test sandbox, and these run millions of times.
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

/** Mixes several integers into one 32-bit value (murmur3 finaliser). */
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

/** One stream per user and purpose, so that adding a draw to one never reshuffles the others. */
export const userStream = (seed: number, userIndex: number, purpose: number) =>
	mulberry32(mix(seed, userIndex, purpose));

export const integerBetween = (random: () => number, min: number, max: number) =>
	min + floor(random() * (max - min + 1));

const pick = <T>(random: () => number, choices: readonly T[]): T =>
	choices[floor(random() * choices.length)];

function randomText(random: () => number, alphabet: string, length: number): string {
	let text = '';
	for (let i = 0; i < length; i++) text += alphabet[(random() * alphabet.length) | 0];
	return text;
}
const HEX = '0123456789abcdef';
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** One entry of a profile's `platformInfo`, as the full record has it (with `app=true`). */
type PlatformInfo = {
	platform: 'iOS' | 'Android' | 'Web';
	push_token?: string;
	phone?: string;
} & Record<'objectId' | 'app_version' | 'os_version' | 'make' | 'model', string>;

/** One item per comma or line; `:` separates the parts of an item. */
const list = (text: string) => text.trim().split(/\s*[,\n]\s*/);

const FIRST_NAMES =
	list(`Maria, James, Sofia, Lukas, Aarav, Emma, Mohammed, Chloe, Mateo, Ananya, Noah, Hana,
	Oliver, Fatima, Leon, Isabella, Arjun, Mia, Ethan, Priya, Jonas, Yuna, Lucas, Aisha,
	Daniel, Elif, Marco, Sara, Minjun, Olivia, Rahul, Ines, Thomas, Layla, Kenji, Zoe`);
const LAST_NAMES =
	list(`Rossi, Smith, Müller, García, Sharma, Dubois, Khan, Kim, Silva, Nowak, Jansen, Tanaka,
	Brown, Lopez, Patel, Schmidt, Martin, Haddad, Nguyen, Andersson, O'Brien, Costa, Yilmaz, Park,
	Fischer, Moreau, Iyer, Santos, Kowalski, Wilson, Rahman, Bianchi, Lee, Novak`);
const EMAIL_DOMAINS = list('example.com, example.org, example.net, mail.example.com');
const CITIES =
	list(`London, Paris, Berlin, Madrid, Milan, Amsterdam, Dublin, Lisbon, Warsaw, Stockholm,
	Mumbai, Bengaluru, Dubai, Singapore, Jakarta, Seoul, New York, Austin, Toronto, Sydney`);
const LANGUAGES = list('en, en, en, fr, de, es, it, hi, ar, ko, id, pt');
const APP_VERSIONS = list('5.9.2, 5.10.0, 5.11.1, 5.12.0, 5.12.0');
const IPHONES = list(`iPhone 13, iPhone 14, iPhone 14 Pro, iPhone 15, iPhone 15 Pro Max, iPhone 16,
	iPhone SE (3rd generation)`);
const IOS_VERSIONS = list('16.7.8, 17.4.1, 17.6.1, 18.0, 18.1.1, 18.3');
/** make:model */
const ANDROID_DEVICES = list(`samsung:SM-S918B, samsung:SM-A546B, samsung:SM-G991B, Google:Pixel 8,
	Google:Pixel 7a, Xiaomi:2201117TG, OnePlus:CPH2449, motorola:moto g54 5G`);
const ANDROID_VERSIONS = list('12, 13, 14, 14, 15');
/** browser:version:OS */
const BROWSERS =
	list(`Chrome:124.0:Windows 10, Chrome:126.0:Mac OS X 10.15, Safari:17.5:Mac OS X 10.15,
	Firefox:128.0:Windows 11, Edge:125.0:Windows 11`);

/** What kind of user this is: it decides which identifiers exist and what activity is plausible. */
export function traitsOf(seed: number, userIndex: number) {
	const random = userStream(seed, userIndex, 1);
	const kind = random();
	const anonymous = kind < 0.12; // installed the app and never logged in: no identity, email or name
	const hasIdentity = !anonymous && kind >= 0.17; // 5% log in with an email only
	const hasEmail = !anonymous && (kind < 0.17 || kind >= 0.23); // 6% have an identity but no email
	const primary = random();
	const platforms: Array<PlatformInfo['platform']> = [
		primary < 0.42 ? 'iOS' : primary < 0.9 ? 'Android' : 'Web',
	];
	if (platforms[0] !== 'Web' && random() < 0.25) platforms.push('Web');
	const pushable = platforms[0] !== 'Web' && random() < 0.8; // gets "Notification Sent"
	return { anonymous, hasIdentity, hasEmail, pushable, platforms };
}

export function personOf(seed: number, userIndex: number) {
	const traits = traitsOf(seed, userIndex);
	const random = userStream(seed, userIndex, 2);
	// Unique per user: 7919 is prime and shares no factor with 9,000,000, so this permutes 0..8,999,999.
	const number = 1_000_000 + ((userIndex * 7919 + (seed % 9_000_000)) % 9_000_000);
	const first = pick(random, FIRST_NAMES);
	const last = pick(random, LAST_NAMES);
	const emailName = `${first}.${last}`
		.toLowerCase()
		.normalize('NFD')
		.replace(/[^a-z.]/g, '');
	const objectId = cleverTapId(seed, userIndex);
	const city = pick(random, CITIES);
	const plan = random() < 0.6 ? 'Free' : random() < 0.7 ? 'Plus' : 'Premium';
	const language = pick(random, LANGUAGES);
	const identity = traits.hasIdentity ? String(number) : undefined;
	const email = traits.hasEmail
		? `${emailName}${number - 1_000_000}@${pick(random, EMAIL_DOMAINS)}`
		: undefined;
	const name = traits.anonymous ? undefined : `${first} ${last}`;
	const phone =
		!traits.anonymous && random() < 0.35
			? `+4477009${String(integerBetween(random, 0, 99_999)).padStart(5, '0')}`
			: undefined;
	const devices = userStream(seed, userIndex, 3);
	const platformInfo = traits.platforms.map((platform, position) => {
		const info = deviceFor(devices, platform, objectId, position === 0 && traits.pushable);
		if (position === 0 && phone) info.phone = phone;
		return info;
	});
	return { identity, email, name, objectId, city, plan, language, platformInfo };
}

/**
 * "__" and 32 hex digits. The first 8 are a bijection of the user index (murmur3's finaliser), which
 * keeps them unique even when two users' streams coincide.
 */
function cleverTapId(seed: number, userIndex: number): string {
	let x = (userIndex ^ mix(seed, 0)) >>> 0;
	x = imul(x ^ (x >>> 16), 0x85ebca6b);
	x = imul(x ^ (x >>> 13), 0xc2b2ae35);
	const uniquePart = ((x ^ (x >>> 16)) >>> 0).toString(16).padStart(8, '0');
	return `__${uniquePart}${randomText(userStream(seed, userIndex, 4), HEX, 24)}`;
}

function deviceFor(
	random: () => number,
	platform: PlatformInfo['platform'],
	objectId: string,
	withPushToken: boolean,
): PlatformInfo {
	const app_version = pick(random, APP_VERSIONS);
	if (platform === 'Web') {
		const [browser, version, os] = pick(random, BROWSERS).split(':');
		const model = `${browser} ${version}`;
		return { platform, objectId, app_version, os_version: os, make: browser, model };
	}
	const android = platform === 'Android' && pick(random, ANDROID_DEVICES).split(':');
	const push_token = !withPushToken
		? undefined
		: android // an FCM registration token: instance id, then ":APA91b" and a long opaque tail
			? `${randomText(random, BASE64URL, 22)}:APA91b${randomText(random, BASE64URL, 134)}`
			: randomText(random, HEX, 64);
	const os_version = pick(random, android ? ANDROID_VERSIONS : IOS_VERSIONS);
	const [make, model] = android || ['Apple', pick(random, IPHONES)];
	return {
		platform,
		objectId,
		...(push_token && { push_token }),
		app_version,
		os_version,
		make,
		model,
	};
}
