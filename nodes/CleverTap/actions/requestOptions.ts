import type { INodeProperties } from 'n8n-workflow';

import { MAX_RETRY_DELAY_MS, RETRY_OPTION_LIMITS } from '../helpers/limits';
import { DEFAULT_RETRY_POLICY } from '../helpers/retry';

const { maxRetries, maxBusyWaitMinutes, retryDelayMs, timeoutSeconds } = RETRY_OPTION_LIMITS;

// n8n's lint takes a plain name as a default, not a member expression.
const DEFAULT_MAX_RETRIES = DEFAULT_RETRY_POLICY.maxRetries;
const DEFAULT_RETRY_DELAY_MS = DEFAULT_RETRY_POLICY.initialDelayMs;
const DEFAULT_TIMEOUT_SECONDS = DEFAULT_RETRY_POLICY.timeoutMs / 1000;
const DEFAULT_MAX_BUSY_WAIT_MINUTES = DEFAULT_RETRY_POLICY.maxBusyWaitMs / 60_000;

/** Options of both operations: how patiently each CleverTap request is retried. */
export const requestOptions: INodeProperties[] = [
	{
		displayName: 'Max Retries',
		name: 'maxRetries',
		type: 'number',
		typeOptions: { minValue: maxRetries.min, maxValue: maxRetries.max },
		default: DEFAULT_MAX_RETRIES,
		description:
			'How many times to retry a request that failed for a passing reason: a server error (5xx), a dropped connection, a timeout or a garbled answer. 0 turns retries off. Bad credentials, bad parameters and a wrong address are never retried; a busy CleverTap is waited out instead (see Max Wait While CleverTap Is Busy).',
	},
	{
		displayName: 'Max Wait While CleverTap Is Busy (Minutes)',
		name: 'maxBusyWait',
		type: 'number',
		typeOptions: {
			minValue: maxBusyWaitMinutes.min,
			maxValue: maxBusyWaitMinutes.max,
			numberPrecision: 2,
		},
		default: DEFAULT_MAX_BUSY_WAIT_MINUTES,
		description:
			'How long one request may keep getting "still preparing the data" or "too many concurrent requests" (429) before the node gives up. These are waited out with growing pauses and do not count against Max Retries. Large exports can take minutes to prepare.',
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
