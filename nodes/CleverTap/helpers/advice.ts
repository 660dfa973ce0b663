/**
 * What the user is told to do, where more than one place tells it (the node's errors and the
 * credential's test).
 */

// CleverTap answers a wrong region exactly like a wrong passcode, so every auth failure points at both.
export const AUTH_FAILURE_HINT =
	'Check the account ID and passcode in the CleverTap credential, and check the region as well: CleverTap answers a request sent to the wrong region the same way.';

export const PLAIN_HTTP_HINT =
	'Use an https:// address. Plain http:// is accepted only for this machine (localhost, 127.x.x.x, [::1]), or when "Allow Unencrypted HTTP" is on in the credential, and then the passcode crosses the network unencrypted.';
