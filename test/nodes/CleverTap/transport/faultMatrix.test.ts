/**
 * The reliability promise, fault by fault: an export either returns every profile exactly once,
 * or fails with an error that names the cause, against each simulator fault in a real workflow.
 * Faults that shape a page or the chain meet the first, a middle and the last page (the chain's
 * ends are where they could go wrong); faults that replace an answer are the same on any page.
 */
import { DEMO_ACCOUNT, type FaultKind, type FaultSpec } from '../../../simulator';
import {
	expectNoSecret,
	NODE_NAME,
	objectIdsOf,
	runCleverTap,
	simulatorCredentials,
	useSimulator,
} from '../../../support/clevertap-fixture';

const RANGE = { eventName: 'Charged', fromDate: '2024-01-01', toDate: '2024-01-31' };
const MAX_RETRIES = 3;
const retryOptions = { maxRetries: MAX_RETRIES, retryDelay: 1 };

/** CleverTap busy: waited out (not counted as retries), each wait a warning in n8n's log. */
const BUSY: FaultKind[] = ['requestInProgress', 'tooManyRequests'];

/** Faults the node retries: after the first attempt they also leave a warning in n8n's log. */
const RETRIED: FaultKind[] = [
	'serverError500',
	'serviceUnavailable503',
	'connectionReset',
	'hang',
	'malformedBody',
	'truncatedBody',
];

/** Pages not shaped like a full page with a next cursor: ridden out wherever they come. */
const PAGE_SHAPES: FaultKind[] = [
	'shortPage',
	'emptyPageWithCursor',
	'missingRecordsKey',
	'repeatedProfiles',
];

const STOPPED_ADVANCING = [/export stopped advancing/, /rather than loop forever/] as const;

describe('fault matrix: Get by Event against every simulator fault', () => {
	const simulator = useSimulator();
	const groundTruth = () =>
		simulator.current.dataset
			.profilesFor('Charged', 20240101, 20240131)
			.map((record) => record.platformInfo[0].objectId);
	const places: Record<string, () => FaultSpec['at']> = {
		'cursor request': () => 'post',
		'first page': () => 1,
		'middle page': () => Math.max(2, Math.floor(Math.ceil(groundTruth().length / 23) / 2)),
		'last page': () => 'last',
	};
	const pageRequests = () =>
		simulator.current.requests.filter((request) => request.method === 'GET').length;

	/** The whole January export, 23 profiles a page, with these options. */
	async function exportJanuary(options: Record<string, unknown>) {
		const result = await runCleverTap(
			{
				resource: 'profile',
				operation: 'getByEvent',
				...RANGE,
				returnAll: true,
				options: { batchSize: 23, ...options },
			},
			{ credentials: simulatorCredentials(simulator.current) },
		);
		expectNoSecret(DEMO_ACCOUNT.passcode, result.run.data.resultData, result.logs);
		return result;
	}

	async function exportWith(fault: FaultSpec) {
		simulator.current.setFaults([fault]);
		// The hang fault is only survivable with a short timeout; keep the default elsewhere.
		const timeout = fault.kind === 'hang' ? { timeout: 0.5 } : {};
		return await exportJanuary({ ...retryOptions, ...timeout });
	}

	it.each([
		...PAGE_SHAPES.flatMap((kind) =>
			['first page', 'middle page', 'last page'].map((place) => [kind, place]),
		),
		...[...BUSY, ...RETRIED].map((kind) => [kind, 'middle page']),
		...['requestInProgress', 'tooManyRequests', 'serviceUnavailable503', 'connectionReset'].map(
			(kind) => [kind, 'cursor request'],
		),
	])('%s at the %s: every profile exactly once', async (kind, place) => {
		const busy = BUSY.includes(kind as FaultKind);
		// Busy mid-export far beyond Max Retries (3): waited out, as busy answers are no retries.
		const times = busy && place === 'middle page' ? MAX_RETRIES * 4 : 1;
		const result = await exportWith({ kind: kind as FaultKind, at: places[place](), times });

		expect(result.error).toBeUndefined();
		const ids = objectIdsOf(result.outputOf(NODE_NAME));
		expect(new Set(ids).size).toBe(ids.length);
		expect([...ids].sort()).toEqual([...groundTruth()].sort());
		const warning = busy ? /waiting \d+ ms/ : /retry 1 of 3/;
		if (!PAGE_SHAPES.includes(kind as FaultKind)) {
			expect(
				result.logs.some((entry) => entry.level === 'warn' && warning.test(entry.message)),
			).toBe(true);
		}
	});

	// Faults no retry can fix: the run fails at once, and says why.
	it.each<[FaultKind, string, RegExp, RegExp | undefined]>([
		['repeatedCursor', 'first page', ...STOPPED_ADVANCING],
		['repeatedCursor', 'middle page', ...STOPPED_ADVANCING],
		['repeatedCursor', 'last page', ...STOPPED_ADVANCING],
		['expiredCursor', 'middle page', /expired/i, /must start over/],
		['failWith200', 'middle page', /^CleverTap: .+/, undefined],
		['wrongRegion', 'middle page', /Invalid Credentials/, /check the region as well/],
		['exportNotAllowed', 'cursor request', /Export not allowed/, /Choose another event/],
	])('%s at the %s: fails at once and names the cause', async (kind, place, message, hint) => {
		const result = await exportWith({ kind, at: places[place]() });

		expect(result.status).toBe('error');
		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.message).toMatch(message);
		if (hint) expect(result.error?.description).toMatch(hint);
		expect(result.outputOf(NODE_NAME)).toEqual([]);
		expect(result.logs.filter((entry) => entry.level === 'warn')).toEqual([]);
	});

	describe('faults that outlast the retries', () => {
		it.each(RETRIED)('%s: gives up after Max Retries and says why', async (kind) => {
			const result = await exportWith({ kind, at: 2, times: MAX_RETRIES + 1 });

			expect(result.status).toBe('error');
			expect(result.error?.name).toBe('NodeApiError');
			expect(result.error?.description).toMatch(/^Gave up after 3 retries \(.+\)/);
			if (kind === 'hang') {
				expect(result.error?.message).toBe(
					'CleverTap did not answer within 0.5 seconds (the Timeout option)',
				);
				expect(result.error?.description).toMatch(/Raise the Timeout option/);
			}
			expect(result.outputOf(NODE_NAME)).toEqual([]);
			expect(pageRequests() - 1).toBe(MAX_RETRIES + 1); // page 1, then each attempt at page 2
		});

		it('does not retry at all with Max Retries 0', async () => {
			simulator.current.setFaults([{ kind: 'serviceUnavailable503', at: 1 }]);
			const result = await exportJanuary({ maxRetries: 0 });
			expect(result.error?.httpCode).toBe('503');
			expect(pageRequests()).toBe(1);
		});
	});

	it.each(BUSY)('%s: past Max Wait While CleverTap Is Busy, fails and says so', async (kind) => {
		simulator.current.setFaults([{ kind, at: 2, times: 1_000_000 }]);
		const result = await exportJanuary({ ...retryOptions, maxBusyWait: 0.005 });

		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.message).toMatch(
			/^CleverTap stayed busy for 0\.\d minutes: it kept answering that /,
		);
		expect(result.error?.description).toMatch(
			/Max Wait While CleverTap Is Busy \(0\.005 minutes\)/,
		);
		expect(result.outputOf(NODE_NAME)).toEqual([]);
	});
});
