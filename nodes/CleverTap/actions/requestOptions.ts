import type { INodeProperties } from 'n8n-workflow';

import { MAX_RETRY_DELAY_MS } from '../helpers/retry';

/**
 * Options of both operations: how patiently each CleverTap request is retried.
 * The defaults are DEFAULT_RETRY_POLICY's, written out because n8n's lint wants literals.
 */
export const requestOptions: INodeProperties[] = [
	{
		displayName: 'Max Retries',
		name: 'maxRetries',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 20 },
		default: 5,
		description:
			'How many times to retry a request that failed for a passing reason: a server error (5xx), a dropped connection, a timeout or a garbled answer. 0 turns retries off. Bad credentials, bad parameters and a wrong address are never retried; a busy CleverTap is waited out instead (see Max Wait While CleverTap Is Busy).',
	},
	{
		displayName: 'Max Wait While CleverTap Is Busy (Minutes)',
		name: 'maxBusyWait',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 1440, numberPrecision: 2 },
		default: 10,
		description:
			'How long one request may keep getting "still preparing the data" or "too many concurrent requests" (429) before the node gives up. These are waited out with growing pauses and do not count against Max Retries. Large exports can take minutes to prepare.',
	},
	{
		displayName: 'Retry Delay (Ms)',
		name: 'retryDelay',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: MAX_RETRY_DELAY_MS },
		default: 1000,
		description:
			'The wait before the first retry. Each further retry waits about twice as long, with some randomness, up to 60 seconds.',
	},
	{
		displayName: 'Timeout (Seconds)',
		name: 'timeout',
		type: 'number',
		typeOptions: { minValue: 0.1, maxValue: 600, numberPrecision: 1 },
		default: 60,
		description: 'How long to wait for CleverTap to answer one request before trying it again',
	},
];
