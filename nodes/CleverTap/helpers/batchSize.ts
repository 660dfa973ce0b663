import { BATCH_SIZE_LIMITS } from './limits';
import { checkedNumber, isUnset } from './numbers';

// CleverTap takes page sizes in multiples of 23, at most 5000; below 23 it has been seen to
// ignore the size and send everything at once, so we never send less than 23.
export const BATCH_SIZE_STEP = 23;
export const MAX_BATCH_SIZE = Math.floor(BATCH_SIZE_LIMITS.max / BATCH_SIZE_STEP) * BATCH_SIZE_STEP; // 4991

function clampToSteps(size: number): number {
	const steps = Math.round(size / BATCH_SIZE_STEP);
	return Math.min(MAX_BATCH_SIZE, Math.max(BATCH_SIZE_STEP, steps * BATCH_SIZE_STEP));
}

/**
 * The batch_size to ask CleverTap for. A size the user set is rounded to the nearest multiple
 * of 23 within 23..4991. Unset: the largest page for Return All, else the smallest page that
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
		hint: `CleverTap pages hold at most ${BATCH_SIZE_LIMITS.max} profiles. Leave Batch Size unset to let the node choose.`,
	});
	return clampToSteps(size);
}
