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
			'How many times to retry a request that failed for a passing reason: CleverTap still preparing data, too many concurrent requests (429), a server error (5xx), a dropped connection, a timeout or a garbled answer. 0 turns retries off. Bad credentials and bad parameters are never retried.',
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
