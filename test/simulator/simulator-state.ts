/** What every endpoint handler gets: the simulator's shared state and the call being answered. */
import type { SimulatorAccount } from './accounts';
import type { CursorStore } from './cursors';
import type { PopulationDataset } from './dataset';
import type { FaultSwitchboard } from './faults';
import type { RecordJsonCache } from './record-cache';

export interface SimulatorState {
	dataset: PopulationDataset;
	cursors: CursorStore;
	faults: FaultSwitchboard;
	/** Only with the `cacheRecords` option. */
	recordCache?: RecordJsonCache;
	/** YYYYMMDD in the account's time zone (UTC): a `to` after it is refused. */
	today(): number;
}

export interface ApiCall {
	account: SimulatorAccount;
	/** The query string exactly as it arrived, for the cursor, which must not be decoded. */
	rawQuery: string;
	query: URLSearchParams;
	contentType: string | undefined;
	/** The body as received, undecoded. */
	bodyText: string;
}
