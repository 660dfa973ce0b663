import { PLAIN_HTTP_HINT } from './advice';
import { InvalidParameterError } from './InvalidParameterError';

export interface CleverTapConnection {
	region?: unknown;
	baseUrl?: unknown;
	/** The credential's opt-in to a plain http:// Base URL on another machine. */
	allowPlainHttp?: unknown;
}

// A plain http address that never leaves this machine: localhost, 127.0.0.0/8, ::1. Kept free
// of "}}" so that the credential can use it inside an n8n expression (see below).
const LOOPBACK_HTTP_URL =
	/^http:\/\/(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d+)?(?:[/?#]|$)/i;

/**
 * The same rule as an n8n expression over `$credentials`: true when the custom Base URL may
 * carry the passcode. The credential's declarative test cannot refuse before it sends, so it
 * uses this to leave the passcode out of a request the node itself would refuse.
 */
export const MAY_SEND_PASSCODE_EXPRESSION = `$credentials.region !== "custom" || $credentials.allowPlainHttp === true || /^https:\\/\\//i.test(String($credentials.baseUrl).trim()) || ${LOOPBACK_HTTP_URL}.test(String($credentials.baseUrl).trim())`;

/**
 * The API base URL for a CleverTap credential: the region's own URL, or the custom URL for a
 * proxy or simulator, which must be an https address, or plain http on this machine or with
 * the credential's explicit opt-in (the passcode travels in a header).
 */
export function resolveBaseUrl({ region, baseUrl, allowPlainHttp }: CleverTapConnection): string {
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
	if (url.protocol === 'http:' && allowPlainHttp !== true && !LOOPBACK_HTTP_URL.test(url.href)) {
		throw new InvalidParameterError(
			`The CleverTap credential's Base URL "${text}" is plain http: the passcode would cross the network unencrypted`,
			PLAIN_HTTP_HINT,
		);
	}
	return text.replace(/\/+$/, '');
}
