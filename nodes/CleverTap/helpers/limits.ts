/**
 * The bounds of the node's number options, written once: the parameters' typeOptions (what
 * the editor allows) and the checks of values that expressions give both read them.
 */

/** No single retry wait is longer than this, however many retries came before. */
export const MAX_RETRY_DELAY_MS = 60_000;

export const RETRY_OPTION_LIMITS = {
	maxRetries: { min: 0, max: 20 },
	timeoutSeconds: { min: 0.1, max: 600 },
	retryDelayMs: { min: 0, max: MAX_RETRY_DELAY_MS },
	maxBusyWaitMinutes: { min: 0, max: 1440 },
} as const;

/** CleverTap pages hold at most 5000 profiles (the node then rounds to a multiple of 23). */
export const BATCH_SIZE_LIMITS = { min: 1, max: 5000 } as const;
