/** The n8n credential data that points the CleverTap node at a running simulator. */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { DEMO_ACCOUNT, type CleverTapSimulator } from '../simulator';

export interface CleverTapCredentialData extends ICredentialDataDecryptedObject {
	accountId: string;
	passcode: string;
	region: string;
	baseUrl: string;
}

/** A CleverTap credential for the simulator's demo account (region "custom", its URL). */
export function simulatorCredentials(
	simulator: Pick<CleverTapSimulator, 'url'>,
	overrides: Partial<CleverTapCredentialData> = {},
): CleverTapCredentialData {
	return {
		accountId: DEMO_ACCOUNT.accountId,
		passcode: DEMO_ACCOUNT.passcode,
		region: 'custom',
		baseUrl: simulator.url,
		...overrides,
	};
}
