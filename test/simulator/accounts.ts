/** CleverTap accounts the simulator accepts, and the data-centre region each one lives in. */

export type Region = 'eu1' | 'in1' | 'sg1' | 'us1' | 'aps3' | 'mec1' | 'sk1';

/** All of CleverTap's regions, sk1 included (several clients miss it). eu1 is also the bare "global" host. */
export const REGIONS: Region[] = ['eu1', 'in1', 'sg1', 'us1', 'aps3', 'mec1', 'sk1'];

export interface SimulatorAccount {
	accountId: string;
	passcode: string;
	region: Region;
}

/** The account the demo and most tests use. The passcode is fake, but shaped like a real one. */
export const DEMO_ACCOUNT: SimulatorAccount = {
	accountId: 'TEST-DEMO-ACC1',
	passcode: 'SIM-PASS-QWE-RTY-UIOP-ASDF',
	region: 'eu1',
};

export function isRegion(value: string): value is Region {
	return (REGIONS as string[]).includes(value);
}

/**
 * The account these headers prove, if they are right for the region asked. A valid account on the
 * wrong region gets nothing: CleverTap answers that exactly like a wrong passcode.
 */
export function authenticate(
	accounts: SimulatorAccount[],
	accountId: string | undefined,
	passcode: string | undefined,
	region: Region,
): SimulatorAccount | undefined {
	return accounts.find(
		(account) =>
			account.accountId === accountId && account.passcode === passcode && account.region === region,
	);
}
