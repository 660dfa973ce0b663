import { resolveBaseUrl } from '../../../../nodes/CleverTap/helpers/baseUrl';

describe('resolveBaseUrl', () => {
	it("uses a region's own URL", () => {
		expect(resolveBaseUrl({ region: 'https://us1.api.clevertap.com' })).toBe(
			'https://us1.api.clevertap.com',
		);
	});

	it('uses the custom URL without trailing slashes, keeping a path prefix', () => {
		expect(resolveBaseUrl({ region: 'custom', baseUrl: ' http://127.0.0.1:8787/ ' })).toBe(
			'http://127.0.0.1:8787',
		);
		expect(
			resolveBaseUrl({ region: 'custom', baseUrl: 'https://proxy.example.com/clevertap//' }),
		).toBe('https://proxy.example.com/clevertap');
	});

	it.each([
		'http://127.0.0.1:8787',
		'http://127.45.6.7',
		'http://localhost:5678/clevertap',
		'http://LOCALHOST',
		'http://[::1]:8787',
		'https://proxy.example.com',
	])('accepts %p: https, or plain http that stays on this machine', (baseUrl) => {
		expect(resolveBaseUrl({ region: 'custom', baseUrl })).toBe(baseUrl.replace(/\/$/, ''));
	});

	it.each([
		'http://proxy.example.com',
		'http://192.168.1.20:8787',
		'http://128.0.0.1',
		'http://localhost.example.com',
		'http://[::2]',
		'http://127.0.0.1.nip.io',
	])('refuses the plain http URL %p unless Allow Unencrypted HTTP is on', (baseUrl) => {
		expect(() => resolveBaseUrl({ region: 'custom', baseUrl })).toThrow(
			`The CleverTap credential's Base URL "${baseUrl}" is plain http: the passcode would cross the network unencrypted`,
		);
		expect(resolveBaseUrl({ region: 'custom', baseUrl, allowPlainHttp: true })).toBe(baseUrl);
	});

	it.each([
		'',
		'not a url',
		'ftp://example.com',
		'http://example.com/?x=1',
		'javascript:alert(1)',
		undefined,
	])('refuses the custom URL %p and says what to enter', (baseUrl) => {
		expect(() => resolveBaseUrl({ region: 'custom', baseUrl })).toThrow(
			/^The CleverTap credential's Base URL ".*" is not a valid http\(s\) URL$/,
		);
	});

	it('refuses a region that is no URL (a hand-edited credential)', () => {
		expect(() => resolveBaseUrl({ region: 'eu1' })).toThrow(
			`The CleverTap credential's region "eu1" is not a valid http(s) URL`,
		);
	});
});
