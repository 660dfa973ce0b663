import { PLAIN_HTTP_HINT } from './advice';
import { InvalidParameterError } from './InvalidParameterError';

export interface CleverTapConnection {
	region?: unknown;
	baseUrl?: unknown;
	/** The credential's opt-in to a plain http:// Base URL on another machine. */
	allowPlainHttp?: unknown;
}

// A plain http address that never leaves this machine, as typed: localhost, 127.x.x.x written as
// four numbers, [::1]. The node and the credential's expression (below) test the same text with
// it, so that both agree: other spellings of loopback (127.1, 2130706433) count as another machine.
// Kept free of "}}" so that the credential can use it inside an n8n expression.
const LOOPBACK_HTTP_URL = /^http:\/\/(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d+)?(?:\/|$)/i;

/**
 * The same rule as an n8n expression over `$credentials`: true when the custom Base URL may
 * carry the passcode. The credential's declarative test cannot refuse before it sends, so it
 * uses this to leave the passcode out of a request the node itself would refuse.
 */
export const MAY_SEND_PASSCODE_EXPRESSION = `$credentials.region !== "custom" || $credentials.allowPlainHttp === true || /^https:\\/\\//i.test(String($credentials.baseUrl).trim()) || ${LOOPBACK_HTTP_URL}.test(String($credentials.baseUrl).trim())`;

/** The address as an error may show it: never with a user name or password. */
function shown(text: string): string {
	return text.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, '$1');
}

/**
 * The API base URL for a CleverTap credential: the region's own URL, or the custom URL for a
 * proxy or simulator, which must be an https address, or plain http on this machine or with
 * the credential's explicit opt-in (the passcode travels in a header). An address with a user
 * name or password is refused: the passcode is the only secret CleverTap needs.
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
	if (url && (url.username !== '' || url.password !== '')) {
		throw new InvalidParameterError(
			`The CleverTap credential's Base URL "${shown(text)}" holds a user name or password`,
			'Remove the "user:password@" part: CleverTap needs only the account ID and passcode. A proxy that asks for a login is not supported.',
		);
	}
	if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || /[?#]/.test(text)) {
		const what = region === 'custom' ? 'Base URL' : 'region';
		throw new InvalidParameterError(
			`The CleverTap credential's ${what} "${shown(text)}" is not a valid http(s) URL`,
			region === 'custom'
				? 'Open the CleverTap credential and enter an address such as https://proxy.example.com or http://127.0.0.1:8787, without ? or #.'
				: 'Open the CleverTap credential and choose your region again.',
		);
	}
	if (url.protocol === 'http:' && allowPlainHttp !== true && !LOOPBACK_HTTP_URL.test(text)) {
		throw new InvalidParameterError(
			`The CleverTap credential's Base URL "${text}" is plain http: the passcode would cross the network unencrypted`,
			PLAIN_HTTP_HINT,
		);
	}
	return text.replace(/\/+$/, '');
}
