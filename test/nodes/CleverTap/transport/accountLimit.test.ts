/**
 * CleverTap answers a 4th concurrent request per account with 429; the node's in-process limit
 * sends at most 3 at a time per account, whatever the number of executions. The figures are
 * printed, never asserted on time.
 */
import { harnessLogger } from '../../../helpers/n8n-engine';
import {
	NODE_NAME,
	objectIdsOf,
	runCleverTap,
	simulatorCredentials,
	useSimulator,
} from '../../../support/clevertap-fixture';
import {
	countWarnings,
	describeFigures,
	expectedIds,
	LOAD_SIMULATOR,
	loadCases,
	loadNodeParameters,
} from '../../../support/load-cases';

const simulator = useSimulator(LOAD_SIMULATOR);

describe('24 exports at once in one process', () => {
	const cases = loadCases();
	let results: Array<Awaited<ReturnType<typeof runCleverTap>>>;
	let ids: string[][];
	let requests: typeof simulator.current.requests;
	let warnings: ReturnType<typeof countWarnings>;
	beforeAll(async () => {
		simulator.current.clearRequests();
		simulator.current.setFaults([]);
		const started = Date.now();
		results = await Promise.all(
			cases.map((loadCase) =>
				runCleverTap(loadNodeParameters(loadCase), {
					credentials: simulatorCredentials(simulator.current),
				}),
			),
		);
		const seconds = (Date.now() - started) / 1000;

		ids = results.map((result) => objectIdsOf(result.outputOf(NODE_NAME)).sort());
		requests = [...simulator.current.requests];
		warnings = countWarnings(harnessLogger().messages('warn'));
		const statuses = requests.map((request) => request.status);
		process.stdout.write(
			describeFigures('one process (n8n-core engine)', {
				executions: cases.length,
				profiles: ids.flat().length,
				requests: statuses.length,
				tooManyRequests: statuses.filter((status) => status === 429).length,
				...warnings,
				seconds,
			}),
		);
	}, 300_000);

	it('every export succeeds', () => {
		expect(results.map((result) => result.error?.message)).toEqual(cases.map(() => undefined));
	});

	// Reading the ground truth of 24 months takes seconds.
	it('each export outputs exactly its profiles', () => {
		expect(ids).toEqual(cases.map((loadCase) => expectedIds(simulator.current, loadCase)));
	}, 120_000);

	it('each export outputs over 4,000 profiles', () => {
		expect(Math.min(...ids.map((exported) => exported.length))).toBeGreaterThan(4000);
	});

	it('each export takes several pages, so the 24 are in flight together', () => {
		expect(requests.filter((request) => request.method === 'GET').length).toBeGreaterThan(
			cases.length * 4,
		);
	});

	it('the limit holds: CleverTap answers every request with 200, no 429', () => {
		expect(requests.map((request) => request.status).filter((status) => status !== 200)).toEqual(
			[],
		);
	});

	it('no busy wait or retry is logged', () => {
		expect(warnings).toEqual({ busyWaits: 0, retries: 0 });
	});
});
