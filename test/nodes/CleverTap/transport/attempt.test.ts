/**
 * CleverTap does not redirect API calls, so the node follows no redirect: the passcode must not go
 * to the host a 3xx points at. A second server on another loopback address plays that host.
 */
import { DEMO_ACCOUNT } from '../../../simulator';
import {
	expectNoSecret,
	runCleverTap,
	simulatorCredentials,
	useSimulator,
} from '../../../support/clevertap-fixture';
import { useForeignHost } from '../../../support/foreign-host';

describe('a redirect to another host', () => {
	const simulator = useSimulator();
	const foreign = useForeignHost();

	it.each([
		[
			'a lookup answered 302',
			'byId',
			{ operation: 'getById', identifierType: 'identity', identifier: '1048213' },
		],
		[
			'an export POST answered 307',
			'post',
			{
				operation: 'getByEvent',
				eventName: 'Charged',
				fromDate: '2024-01-01',
				toDate: '2024-01-31',
			},
		],
	] as const)(
		'%s is not followed: an error names the host, and that host gets nothing',
		async (_label, at, parameters) => {
			simulator.current.setFaults([
				{ kind: 'redirect', at, location: `${foreign.url}/1/elsewhere` },
			]);
			const result = await runCleverTap(
				{ resource: 'profile', ...parameters, options: { maxRetries: 2, retryDelay: 1 } },
				{ credentials: simulatorCredentials(simulator.current) },
			);

			expect(result.error?.message).toMatch(
				new RegExp(`redirected the request \\(HTTP 30[27]\\) to 127\\.0\\.0\\.2:\\d+$`),
			);
			expect(result.error?.description).toMatch(/does not follow redirects.*Base URL/);
			expect(foreign.received).toEqual([]);
			expect(simulator.current.requests).toHaveLength(1); // not retried either
			expectNoSecret(DEMO_ACCOUNT.passcode, result.run.data.resultData, result.logs);
		},
	);
});
