import {
	NODE_NAME,
	runCleverTap,
	simulatorCredentials,
	useSimulator,
} from '../../../../support/clevertap-fixture';

const JANUARY_2024 = { eventName: 'Charged', fromDate: '2024-01-01', toDate: '2024-01-31' };

function getCount(parameters: Record<string, unknown>) {
	return { resource: 'event', operation: 'getCount', ...parameters };
}

describe('Event > Get Count, in a real workflow against the simulator', () => {
	const simulator = useSimulator(); // a count comes after three partial answers, the POST's included
	const credentials = () => simulatorCredentials(simulator.current);

	describe.each(['events', 'profiles'] as const)('counting %s', (countType) => {
		let result: Awaited<ReturnType<typeof runCleverTap>>;
		let requests: typeof simulator.current.requests;
		beforeAll(async () => {
			simulator.current.clearRequests();
			result = await runCleverTap(
				getCount({ ...JANUARY_2024, countType, options: { retryDelay: 10 } }),
				{ credentials: credentials() },
			);
			requests = [...simulator.current.requests];
		});

		it('outputs the count CleverTap made, with what was counted', () => {
			expect(result.error).toBeUndefined();
			expect(result.outputOf(NODE_NAME).map((item) => item.json)).toEqual([
				{
					event: 'Charged',
					from: 20240101,
					to: 20240131,
					countType,
					count: simulator.current.dataset.countFor(countType, 'Charged', 20240101, 20240131),
				},
			]);
		});

		it('asks for the count with one POST of the event and the days', () => {
			expect(requests[0]).toMatchObject({
				method: 'POST',
				path: `/1/counts/${countType}.json`,
				body: { event_name: 'Charged', from: 20240101, to: 20240131 },
			});
		});

		it('polls the same path with the req_id while CleverTap answers partial', () => {
			const polls = requests.slice(1);
			expect(polls).toHaveLength(3);
			for (const poll of polls) {
				expect(poll).toMatchObject({ method: 'GET', path: `/1/counts/${countType}.json` });
				expect(poll.query.req_id).toMatch(/^\d+$/);
			}
		});
	});

	it('refuses a future To Date before sending anything', async () => {
		const result = await runCleverTap(getCount({ ...JANUARY_2024, toDate: '2999-01-01' }), {
			credentials: credentials(),
		});
		expect(result.error?.message).toBe('To Date (29990101) is in the future');
		expect(simulator.current.requests).toHaveLength(0);
	});
});

describe('Event > Get Count while CleverTap keeps counting', () => {
	const simulator = useSimulator({ countPartialAnswers: 1_000_000 });

	let result: Awaited<ReturnType<typeof runCleverTap>>;
	let elapsedMs: number;
	const maxBusyWaitMs = 600;
	beforeAll(async () => {
		// Some polls also meet "still in progress" (code 2), waited out within the same budget.
		simulator.current.setFaults([{ kind: 'requestInProgress', at: 2, times: 5 }]);
		const startedAt = Date.now();
		result = await runCleverTap(
			getCount({
				...JANUARY_2024,
				options: { retryDelay: 20, maxBusyWait: maxBusyWaitMs / 60_000 },
			}),
			{ credentials: simulatorCredentials(simulator.current) },
		);
		elapsedMs = Date.now() - startedAt;
	});

	it('fails past Max Wait, saying CleverTap stayed busy and naming the option', () => {
		expect(result.error?.message).toMatch(
			/^CleverTap stayed busy for 0\.\d minutes: it kept answering that (CleverTap is still counting|CleverTap is still preparing)/,
		);
		expect(result.error?.description).toMatch(/Max Wait While CleverTap Is Busy/);
	});

	it('spends one Max Wait on the POST and all its polls together, not one each', () => {
		expect(elapsedMs).toBeGreaterThanOrEqual(maxBusyWaitMs);
		// Every poll is answered "partial": with a budget per request the count would never end.
		expect(elapsedMs).toBeLessThan(maxBusyWaitMs + 5000);
	});
});
