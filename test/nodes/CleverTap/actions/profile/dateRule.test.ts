import { getGlobalState, setGlobalState } from 'n8n-workflow';

import {
	NODE_NAME,
	runCleverTap,
	simulatorCredentials,
	useSimulator,
} from '../../../../support/clevertap-fixture';

/** The days the node asked CleverTap for, as its cursor POST carried them. */
function exportedRange(requests: Array<{ method: string; body: unknown }>) {
	const post = requests.find((request) => request.method === 'POST');
	const { from, to } = (post?.body ?? {}) as { from?: number; to?: number };
	return { from, to };
}

describe("Get by Event counts a moment as its day in the workflow's time zone", () => {
	const simulator = useSimulator();

	const exportOf = (fromDate: string, toDate: string, timezone: string) =>
		runCleverTap(
			{ resource: 'profile', operation: 'getByEvent', eventName: 'Charged', fromDate, toDate },
			{ credentials: simulatorCredentials(simulator.current), timezone },
		);

	it('in a workflow set to Auckland: a Date and a Luxon DateTime by their Auckland day, text by its written day', async () => {
		// 15:00 UTC on January 9 is January 10 in Auckland; 20:00 on January 31 in Los Angeles is
		// February 1 there. The same instant written as text keeps the day it spells.
		const result = await exportOf(
			"={{ new Date('2024-01-09T15:00:00Z') }}",
			"={{ DateTime.fromISO('2024-01-31T20:00:00', { zone: 'America/Los_Angeles' }) }}",
			'Pacific/Auckland',
		);
		expect(result.status).toBe('success');
		expect(result.outputOf(NODE_NAME).length).toBeGreaterThan(0);
		expect(exportedRange(simulator.current.requests)).toEqual({ from: 20240110, to: 20240201 });

		simulator.current.clearRequests();
		await exportOf('2024-01-09T15:00:00Z', '2024-01-31T20:00:00-08:00', 'Pacific/Auckland');
		expect(exportedRange(simulator.current.requests)).toEqual({ from: 20240109, to: 20240131 });
	});

	it("in a workflow on DEFAULT, by n8n's default zone", async () => {
		const saved = getGlobalState();
		setGlobalState({ defaultTimezone: 'America/Los_Angeles' });
		try {
			await exportOf(
				"={{ new Date('2024-01-10T03:00:00Z') }}",
				"={{ new Date('2024-01-31T12:00:00Z') }}",
				'DEFAULT',
			);
		} finally {
			setGlobalState(saved);
		}
		expect(exportedRange(simulator.current.requests)).toEqual({ from: 20240109, to: 20240131 });
	});
});
