import { resolveBaseUrl } from '../../../../nodes/CleverTap/helpers/baseUrl';

describe('resolveBaseUrl', () => {
	it("uses a region's own URL", () => {
		const region = 'https://us1.api.clevertap.com';
		expect(resolveBaseUrl({ region })).toBe(region);
	});

	it.each([
		// Without trailing slashes, keeping a path prefix.
		[' http://127.0.0.1:8787/ ', 'http://127.0.0.1:8787'],
		['https://proxy.example.com/clevertap//', 'https://proxy.example.com/clevertap'],
		['http://127.45.6.7', 'http://127.45.6.7'],
		['http://localhost:5678/clevertap', 'http://localhost:5678/clevertap'],
		['http://LOCALHOST', 'http://LOCALHOST'],
		['http://[::1]:8787', 'http://[::1]:8787'],
	])(
		'accepts the custom URL %p (https, or plain http on this machine) as %p',
		(baseUrl, expected) => {
			expect(resolveBaseUrl({ region: 'custom', baseUrl })).toBe(expected);
		},
	);

	const plainHttpElsewhere = [
		'http://proxy.example.com',
		'http://192.168.1.20:8787',
		'http://128.0.0.1',
		'http://localhost.example.com',
		'http://[::2]',
		'http://127.0.0.1.nip.io',
		// Loopback, but not as typed in the rule the credential's expression applies too.
		'http://127.1:8787',
		'http://2130706433',
		'http://0x7f.0.0.1',
	];

	it.each(plainHttpElsewhere)('refuses the plain http URL %p to another machine', (baseUrl) => {
		expect(() => resolveBaseUrl({ region: 'custom', baseUrl })).toThrow(
			`The CleverTap credential's Base URL "${baseUrl}" is plain http: the passcode would cross the network unencrypted`,
		);
	});

	it.each(plainHttpElsewhere)('accepts %p with Allow Unencrypted HTTP on', (baseUrl) => {
		expect(resolveBaseUrl({ region: 'custom', baseUrl, allowPlainHttp: true })).toBe(baseUrl);
	});

	it.each([
		{ region: 'custom', baseUrl: '' },
		{ region: 'custom', baseUrl: 'ftp://example.com' },
		{ region: 'custom', baseUrl: 'http://example.com/?x=1' },
		{ region: 'custom', baseUrl: 'http://127.0.0.1:8787/?' },
		{ region: 'custom', baseUrl: 'https://proxy.example.com#' },
		{ region: 'custom', baseUrl: 'javascript:alert(1)' },
		{ region: 'custom' },
		{ region: 'eu1' }, // a hand-edited credential
	])('refuses %j as not a valid http(s) URL', (credential) => {
		expect(() => resolveBaseUrl(credential)).toThrow(
			/^The CleverTap credential's (Base URL|region) ".*" is not a valid http\(s\) URL$/,
		);
	});

	it.each(['http://user:secret@127.0.0.1:8787', 'https://:secret@proxy.example.com/ct'])(
		'refuses %p, which holds a login, without showing the password',
		(baseUrl) => {
			expect(() => resolveBaseUrl({ region: 'custom', baseUrl })).toThrow(
				/^The CleverTap credential's Base URL "https?:\/\/[^@"]+" holds a user name or password$/,
			);
		},
	);
});
