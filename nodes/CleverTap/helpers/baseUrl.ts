import { InvalidParameterError } from './InvalidParameterError';

export interface CleverTapConnection {
	region?: unknown;
	baseUrl?: unknown;
}

/**
 * The API base URL for a CleverTap credential: the region's own URL, or the custom URL for a
 * proxy or simulator, which must be a plain http(s) address.
 */
export function resolveBaseUrl({ region, baseUrl }: CleverTapConnection): string {
	const chosen = region === 'custom' ? baseUrl : region;
	const text = typeof chosen === 'string' ? chosen.trim() : '';
	let url: URL | undefined;
	try {
		url = new URL(text);
	} catch {
		url = undefined;
	}
	if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash) {
		const what = region === 'custom' ? 'Base URL' : 'region';
		throw new InvalidParameterError(
			`The CleverTap credential's ${what} "${text}" is not a valid http(s) URL`,
			region === 'custom'
				? 'Open the CleverTap credential and enter an address such as https://proxy.example.com or http://127.0.0.1:8787.'
				: 'Open the CleverTap credential and choose your region again.',
		);
	}
	return text.replace(/\/+$/, '');
}
