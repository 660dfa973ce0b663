import { checkedNumber, isUnset } from './numbers';

/** What a user may ask for: CleverTap pages hold at most 5000 records. */
export const BATCH_SIZE_LIMITS = { min: 1, max: 5000 } as const;

// CleverTap takes page sizes in multiples of 23; below 23 it has been seen to ignore the size and
// send everything at once, so the node never sends less than one step.
export const BATCH_SIZE_STEP = 23;
export const MAX_BATCH_SIZE = Math.floor(BATCH_SIZE_LIMITS.max / BATCH_SIZE_STEP) * BATCH_SIZE_STEP;

function clampToSteps(size: number): number {
	const steps = Math.round(size / BATCH_SIZE_STEP);
	return Math.min(MAX_BATCH_SIZE, Math.max(BATCH_SIZE_STEP, steps * BATCH_SIZE_STEP));
}

/**
 * The batch_size to ask CleverTap for. A size the user set is rounded to the nearest multiple
 * of BATCH_SIZE_STEP up to MAX_BATCH_SIZE. Unset: the largest page for Return All, else the smallest page that
 * holds the limit, so a small limit costs one small request.
 */
export function chooseBatchSize(requested: unknown, limit: number | undefined): number {
	if (isUnset(requested)) {
		if (limit === undefined) return MAX_BATCH_SIZE;
		return Math.min(MAX_BATCH_SIZE, Math.ceil(limit / BATCH_SIZE_STEP) * BATCH_SIZE_STEP);
	}
	const size = checkedNumber(requested, {
		label: 'Batch Size',
		...BATCH_SIZE_LIMITS,
		hint: `CleverTap pages hold at most ${BATCH_SIZE_LIMITS.max} records. Leave Batch Size unset to let the node choose.`,
	});
	return clampToSteps(size);
}
