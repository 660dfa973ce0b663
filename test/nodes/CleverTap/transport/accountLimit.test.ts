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

test('24 exports at once in one process: each gets its exact profiles, and CleverTap answers no 429', async () => {
	const cases = loadCases();
	const started = Date.now();
	const results = await Promise.all(
		cases.map((loadCase) =>
			runCleverTap(loadNodeParameters(loadCase), {
				credentials: simulatorCredentials(simulator.current),
			}),
		),
	);
	const seconds = (Date.now() - started) / 1000;

	expect(results.map((result) => result.error?.message)).toEqual(cases.map(() => undefined));
	const ids = results.map((result) => objectIdsOf(result.outputOf(NODE_NAME)).sort());
	expect(ids).toEqual(cases.map((loadCase) => expectedIds(simulator.current, loadCase)));
	expect(Math.min(...ids.map((exported) => exported.length))).toBeGreaterThan(4000);
	const profiles = ids.flat().length;

	const { requests } = simulator.current;
	const statuses = requests.map((request) => request.status);
	const warnings = countWarnings(harnessLogger().messages('warn'));
	process.stdout.write(
		describeFigures('one process (n8n-core engine)', {
			executions: cases.length,
			profiles,
			requests: statuses.length,
			tooManyRequests: statuses.filter((status) => status === 429).length,
			...warnings,
			seconds,
		}),
	);
	// Every export is several pages, so the 24 really were in flight together...
	expect(requests.filter((request) => request.method === 'GET').length).toBeGreaterThan(
		cases.length * 4,
	);
	// ...and the limit held: not one request met CleverTap's limit, nothing was retried.
	expect(statuses.filter((status) => status !== 200)).toEqual([]);
	expect(warnings).toEqual({ busyWaits: 0, retries: 0 });
}, 300_000);
