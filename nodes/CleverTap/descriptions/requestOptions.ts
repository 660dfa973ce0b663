import type { INodeProperties } from 'n8n-workflow';

import { numberOrDefault } from '../helpers/numbers';
import {
	DEFAULT_RETRY_POLICY,
	MAX_RETRY_DELAY_MS,
	type RetryPolicy,
} from '../transport/retryPolicy';

/** The bounds of each option: what the editor allows, and what a value from an expression is checked against. */
const LIMITS = {
	maxRetries: { min: 0, max: 20 },
	timeoutSeconds: { min: 0.1, max: 600 },
	retryDelayMs: { min: 0, max: MAX_RETRY_DELAY_MS },
	maxBusyWaitMinutes: { min: 0, max: 1440 },
} as const;

// n8n's lint takes a plain name as a default, not a member expression.
const DEFAULT_MAX_RETRIES = DEFAULT_RETRY_POLICY.maxRetries;
const DEFAULT_RETRY_DELAY_MS = DEFAULT_RETRY_POLICY.initialDelayMs;
const DEFAULT_TIMEOUT_SECONDS = DEFAULT_RETRY_POLICY.timeoutMs / 1000;
const DEFAULT_MAX_BUSY_WAIT_MINUTES = DEFAULT_RETRY_POLICY.maxBusyWaitMs / 60_000;

/** Options of every operation and the trigger: how patiently each CleverTap request is retried. */
export const requestOptions: INodeProperties[] = [
	{
		displayName: 'Max Retries',
		name: 'maxRetries',
		type: 'number',
		typeOptions: { minValue: LIMITS.maxRetries.min, maxValue: LIMITS.maxRetries.max },
		default: DEFAULT_MAX_RETRIES,
		description:
			'How many times to retry a request that failed for a passing reason: a server error (5xx), a dropped connection, a timeout or a garbled answer. 0 turns retries off. Bad credentials, bad parameters and a wrong address are never retried; a busy CleverTap is waited out instead (see Max Wait While CleverTap Is Busy).',
	},
	{
		displayName: 'Max Wait While CleverTap Is Busy (Minutes)',
		name: 'maxBusyWait',
		type: 'number',
		typeOptions: {
			minValue: LIMITS.maxBusyWaitMinutes.min,
			maxValue: LIMITS.maxBusyWaitMinutes.max,
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
		typeOptions: { minValue: LIMITS.retryDelayMs.min, maxValue: LIMITS.retryDelayMs.max },
		default: DEFAULT_RETRY_DELAY_MS,
		description: `The wait before the first retry. Each further retry waits about twice as long, with some randomness, up to ${MAX_RETRY_DELAY_MS / 1000} seconds.`,
	},
	{
		displayName: 'Timeout (Seconds)',
		name: 'timeout',
		type: 'number',
		typeOptions: {
			minValue: LIMITS.timeoutSeconds.min,
			maxValue: LIMITS.timeoutSeconds.max,
			numberPrecision: 1,
		},
		default: DEFAULT_TIMEOUT_SECONDS,
		description:
			'How long to wait for CleverTap to start answering a request, and then for each next part of a long answer, before trying it again',
	},
];

/** The retry policy from the options above (Timeout in seconds, Retry Delay in ms, Max Wait in minutes). */
export function readRetryPolicy(options: {
	maxRetries?: unknown;
	timeout?: unknown;
	retryDelay?: unknown;
	maxBusyWait?: unknown;
}): RetryPolicy {
	return {
		maxRetries: numberOrDefault(options.maxRetries, DEFAULT_MAX_RETRIES, {
			label: 'Max Retries',
			...LIMITS.maxRetries,
			wholeNumber: true,
		}),
		timeoutMs:
			1000 *
			numberOrDefault(options.timeout, DEFAULT_TIMEOUT_SECONDS, {
				label: 'Timeout',
				...LIMITS.timeoutSeconds,
			}),
		initialDelayMs: numberOrDefault(options.retryDelay, DEFAULT_RETRY_DELAY_MS, {
			label: 'Retry Delay',
			...LIMITS.retryDelayMs,
			wholeNumber: true,
		}),
		maxBusyWaitMs:
			60_000 *
			numberOrDefault(options.maxBusyWait, DEFAULT_MAX_BUSY_WAIT_MINUTES, {
				label: 'Max Wait While CleverTap Is Busy',
				...LIMITS.maxBusyWaitMinutes,
			}),
	};
}

/** The "Options" collection every operation and the trigger end with. */
export function optionsCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options,
	};
}
