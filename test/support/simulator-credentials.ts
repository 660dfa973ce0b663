/** The n8n credential data that points the CleverTap node at a simulator: its demo account, region "custom". */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { DEMO_ACCOUNT, type CleverTapSimulator } from '../simulator';

export function simulatorCredentials(
	simulator: Pick<CleverTapSimulator, 'url'>,
	overrides: ICredentialDataDecryptedObject = {},
): ICredentialDataDecryptedObject {
	const { accountId, passcode } = DEMO_ACCOUNT;
	return { accountId, passcode, region: 'custom', baseUrl: simulator.url, ...overrides };
}
