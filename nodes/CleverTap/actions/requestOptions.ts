import type { INodeProperties } from 'n8n-workflow';

import { MAX_RETRY_DELAY_MS, RETRY_OPTION_LIMITS } from '../helpers/limits';
import { DEFAULT_RETRY_POLICY } from '../helpers/retry';

const { maxRetries, retryDelayMs, timeoutSeconds } = RETRY_OPTION_LIMITS;

// n8n's lint takes a plain name as a default, not a member expression.
const DEFAULT_MAX_RETRIES = DEFAULT_RETRY_POLICY.maxRetries;
const DEFAULT_RETRY_DELAY_MS = DEFAULT_RETRY_POLICY.initialDelayMs;
const DEFAULT_TIMEOUT_SECONDS = DEFAULT_RETRY_POLICY.timeoutMs / 1000;

/** Options of both operations: how patiently each CleverTap request is retried. */
export const requestOptions: INodeProperties[] = [
	{
		displayName: 'Max Retries',
		name: 'maxRetries',
		type: 'number',
		typeOptions: { minValue: maxRetries.min, maxValue: maxRetries.max },
		default: DEFAULT_MAX_RETRIES,
		description:
			'How many times to retry a request that failed for a passing reason: CleverTap still preparing data, too many concurrent requests (429), a server error (5xx), a dropped connection, a timeout or a garbled answer. 0 turns retries off. Bad credentials and bad parameters are never retried.',
	},
	{
		displayName: 'Retry Delay (Ms)',
		name: 'retryDelay',
		type: 'number',
		typeOptions: { minValue: retryDelayMs.min, maxValue: retryDelayMs.max },
		default: DEFAULT_RETRY_DELAY_MS,
		description: `The wait before the first retry. Each further retry waits about twice as long, with some randomness, up to ${MAX_RETRY_DELAY_MS / 1000} seconds.`,
	},
	{
		displayName: 'Timeout (Seconds)',
		name: 'timeout',
		type: 'number',
		typeOptions: { minValue: timeoutSeconds.min, maxValue: timeoutSeconds.max, numberPrecision: 1 },
		default: DEFAULT_TIMEOUT_SECONDS,
		description: 'How long to wait for CleverTap to answer one request before trying it again',
	},
];
