/**
 * Who the simulated users are: names, contact details, custom properties and devices.
 * Everything is derived from (seed, user index), so one person can be rebuilt on demand.
 */
import { hexString, integerBetween, mix, pick, scramble32, userStream } from './random';

export type Platform = 'iOS' | 'Android' | 'Web';

/** One entry of a profile's `platformInfo`, as the full record has it (with `app=true`). */
export interface PlatformInfo {
	platform: Platform;
	objectId: string;
	push_token?: string;
	app_version: string;
	os_version: string;
	make: string;
	model: string;
	phone?: string;
}

/** What kind of user this is: it decides which identifiers exist and what activity is plausible. */
export interface Traits {
	/** No identity, no email, no name: someone who installed the app and never logged in. */
	anonymous: boolean;
	hasIdentity: boolean;
	hasEmail: boolean;
	/** Has a device that accepts push notifications (so receives "Notification Sent"). */
	pushable: boolean;
	platforms: Platform[];
}

export interface Person {
	identity?: string;
	email?: string;
	name?: string;
	/** The CleverTap ID: the one identifier every profile has. */
	objectId: string;
	city: string;
	plan: string;
	language: string;
	platformInfo: PlatformInfo[];
}

// Separate streams, so that adding a field to one never reshuffles the others.
const TRAITS_STREAM = 1;
const PERSON_STREAM = 2;
const DEVICE_STREAM = 3;
const ID_STREAM = 4;

const FIRST_NAMES = [
	'Maria',
	'James',
	'Sofia',
	'Lukas',
	'Aarav',
	'Emma',
	'Mohammed',
	'Chloe',
	'Mateo',
	'Ananya',
	'Noah',
	'Hana',
	'Oliver',
	'Fatima',
	'Leon',
	'Isabella',
	'Arjun',
	'Mia',
	'Ethan',
	'Priya',
	'Jonas',
	'Yuna',
	'Lucas',
	'Aisha',
	'Daniel',
	'Elif',
	'Marco',
	'Sara',
	'Minjun',
	'Olivia',
	'Rahul',
	'Ines',
	'Thomas',
	'Layla',
	'Kenji',
	'Zoe',
] as const;
const LAST_NAMES = [
	'Rossi',
	'Smith',
	'Müller',
	'García',
	'Sharma',
	'Dubois',
	'Khan',
	'Kim',
	'Silva',
	'Nowak',
	'Jansen',
	'Tanaka',
	'Brown',
	'Lopez',
	'Patel',
	'Schmidt',
	'Martin',
	'Haddad',
	'Nguyen',
	'Andersson',
	"O'Brien",
	'Costa',
	'Yilmaz',
	'Park',
	'Fischer',
	'Moreau',
	'Iyer',
	'Santos',
	'Kowalski',
	'Wilson',
	'Rahman',
	'Bianchi',
	'Lee',
	'Novak',
] as const;
const EMAIL_DOMAINS = ['example.com', 'example.org', 'example.net', 'mail.example.com'] as const;
const CITIES = [
	'London',
	'Paris',
	'Berlin',
	'Madrid',
	'Milan',
	'Amsterdam',
	'Dublin',
	'Lisbon',
	'Warsaw',
	'Stockholm',
	'Mumbai',
	'Bengaluru',
	'Dubai',
	'Singapore',
	'Jakarta',
	'Seoul',
	'New York',
	'Austin',
	'Toronto',
	'Sydney',
] as const;
const LANGUAGES = ['en', 'en', 'en', 'fr', 'de', 'es', 'it', 'hi', 'ar', 'ko', 'id', 'pt'] as const;
const APP_VERSIONS = ['5.9.2', '5.10.0', '5.11.1', '5.12.0', '5.12.0'] as const;

const IPHONES = [
	'iPhone 13',
	'iPhone 14',
	'iPhone 14 Pro',
	'iPhone 15',
	'iPhone 15 Pro Max',
	'iPhone 16',
	'iPhone SE (3rd generation)',
] as const;
const IOS_VERSIONS = ['16.7.8', '17.4.1', '17.6.1', '18.0', '18.1.1', '18.3'] as const;
const ANDROID_DEVICES = [
	['samsung', 'SM-S918B'],
	['samsung', 'SM-A546B'],
	['samsung', 'SM-G991B'],
	['Google', 'Pixel 8'],
	['Google', 'Pixel 7a'],
	['Xiaomi', '2201117TG'],
	['OnePlus', 'CPH2449'],
	['motorola', 'moto g54 5G'],
] as const;
const ANDROID_VERSIONS = ['12', '13', '14', '14', '15'] as const;
const BROWSERS = [
	['Chrome', '124.0', 'Windows 10'],
	['Chrome', '126.0', 'Mac OS X 10.15'],
	['Safari', '17.5', 'Mac OS X 10.15'],
	['Firefox', '128.0', 'Windows 11'],
	['Edge', '125.0', 'Windows 11'],
] as const;
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export function traitsOf(seed: number, userIndex: number): Traits {
	const random = userStream(seed, userIndex, TRAITS_STREAM);
	const kind = random();
	const anonymous = kind < 0.12;
	const hasIdentity = !anonymous && kind >= 0.17; // 5% log in with an email only
	const hasEmail = !anonymous && (kind < 0.17 || kind >= 0.23); // 6% have an identity but no email
	const primary = random();
	const platforms: Platform[] = [primary < 0.42 ? 'iOS' : primary < 0.9 ? 'Android' : 'Web'];
	if (platforms[0] !== 'Web' && random() < 0.25) platforms.push('Web');
	const pushable = platforms[0] !== 'Web' && random() < 0.8;
	return { anonymous, hasIdentity, hasEmail, pushable, platforms };
}

/**
 * A number unique to each user, so identities, emails and CleverTap IDs never collide.
 * 7919 is prime and shares no factor with 9,000,000, so this is a permutation of 0..8,999,999.
 */
function uniqueNumber(seed: number, userIndex: number): number {
	return 1_000_000 + ((userIndex * 7919 + (seed % 9_000_000)) % 9_000_000);
}

export function personOf(seed: number, userIndex: number): Person {
	const traits = traitsOf(seed, userIndex);
	const random = userStream(seed, userIndex, PERSON_STREAM);
	const number = uniqueNumber(seed, userIndex);
	const first = pick(random, FIRST_NAMES);
	const last = pick(random, LAST_NAMES);
	const emailName = `${first}.${last}`
		.toLowerCase()
		.normalize('NFD')
		.replace(/[^a-z.]/g, '');
	const objectId = cleverTapId(seed, userIndex);
	const person: Person = {
		objectId,
		city: pick(random, CITIES),
		plan: random() < 0.6 ? 'Free' : random() < 0.7 ? 'Plus' : 'Premium',
		language: pick(random, LANGUAGES),
		platformInfo: [],
	};
	if (traits.hasIdentity) person.identity = String(number);
	if (traits.hasEmail)
		person.email = `${emailName}${number - 1_000_000}@${pick(random, EMAIL_DOMAINS)}`;
	if (!traits.anonymous) person.name = `${first} ${last}`;
	const phone =
		!traits.anonymous && random() < 0.35
			? `+4477009${String(integerBetween(random, 0, 99_999)).padStart(5, '0')}`
			: undefined;
	const devices = userStream(seed, userIndex, DEVICE_STREAM);
	person.platformInfo = traits.platforms.map((platform, position) => {
		const info = deviceFor(devices, platform, objectId, position === 0 && traits.pushable);
		if (position === 0 && phone) info.phone = phone;
		return info;
	});
	return person;
}

/**
 * CleverTap IDs look like "__" followed by 32 hex digits. The first 8 digits come from a bijection of
 * the user index, which keeps them unique even when two users' random streams happen to coincide.
 */
function cleverTapId(seed: number, userIndex: number): string {
	const uniquePart = scramble32(userIndex ^ mix(seed, 0));
	return `__${uniquePart.toString(16).padStart(8, '0')}${hexString(userStream(seed, userIndex, ID_STREAM), 24)}`;
}

function deviceFor(
	random: () => number,
	platform: Platform,
	objectId: string,
	withPushToken: boolean,
): PlatformInfo {
	const appVersion = pick(random, APP_VERSIONS);
	if (platform === 'iOS') {
		return {
			platform,
			objectId,
			...(withPushToken ? { push_token: hexString(random, 64) } : {}),
			app_version: appVersion,
			os_version: pick(random, IOS_VERSIONS),
			make: 'Apple',
			model: pick(random, IPHONES),
		};
	}
	if (platform === 'Android') {
		const [make, model] = pick(random, ANDROID_DEVICES);
		return {
			platform,
			objectId,
			// An FCM registration token: instance id, then ":APA91b" and a long opaque tail.
			...(withPushToken
				? { push_token: `${base64Url(random, 22)}:APA91b${base64Url(random, 134)}` }
				: {}),
			app_version: appVersion,
			os_version: pick(random, ANDROID_VERSIONS),
			make,
			model,
		};
	}
	const [browser, version, os] = pick(random, BROWSERS);
	return {
		platform,
		objectId,
		app_version: appVersion,
		os_version: os,
		make: browser,
		model: `${browser} ${version}`,
	};
}

function base64Url(random: () => number, length: number): string {
	let text = '';
	for (let i = 0; i < length; i++) text += BASE64URL[(random() * 64) | 0]; // `| 0`, not Math.floor: a hot loop (see random.ts)
	return text;
}
