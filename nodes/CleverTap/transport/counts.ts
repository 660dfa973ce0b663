/**
 * CleverTap's counts: how many times an event was done, or how many people did it, in a day
 * range. CleverTap may answer "partial" with a req_id while it counts; the same path is then
 * asked again with that req_id until the count is there. That wait is a busy wait like code 2:
 * backoff with jitter, cancellable, and one Max Wait While CleverTap Is Busy for the POST and
 * all the polls together. The limiter keeps them within the counts API's concurrency.
 */
import type { JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { DayRange } from '../helpers/dates';
import type { CleverTapAnswer, CleverTapRequest } from './attempt';
import { signalFor, startBusyWait, waitWhileBusy } from './busyWait';
import type { CleverTapFunctions } from './context';
import { cleverTapApiRequest, type RequestSettings } from './request';

/** `events`: how many times the event was done; `profiles`: how many people did it. */
export type CountType = 'events' | 'profiles';

export interface CountRequest {
	countType: CountType;
	eventName: string;
	range: DayRange;
}

const STILL_COUNTING = 'CleverTap is still counting (status "partial")';

const isPartial = (httpStatus: number, answer: CleverTapAnswer) =>
	httpStatus < 300 && answer.status === 'partial';

function reqIdOf(this: CleverTapFunctions, answer: CleverTapAnswer): string | number {
	const reqId = answer.req_id;
	if (
		(typeof reqId === 'number' && Number.isFinite(reqId)) ||
		(typeof reqId === 'string' && reqId !== '')
	) {
		return reqId;
	}
	throw new NodeApiError(this.getNode(), answer as JsonObject, {
		message: 'CleverTap said the count is not ready, but gave no req_id to ask for it with',
		description: 'Run the node again. If it keeps happening, CleverTap may be having trouble.',
	});
}

/** The count CleverTap gives for an event in a day range, once it has made it. */
export async function countOf(
	this: CleverTapFunctions,
	{ countType, eventName, range }: CountRequest,
	settings: RequestSettings,
): Promise<number> {
	const path = `/1/counts/${countType}.json`;
	const busyWait = settings.busyWait ?? startBusyWait();
	const shared: RequestSettings = { ...settings, busyWait };
	const ask = async (request: Omit<CleverTapRequest, 'path' | 'isExpectedFailure'>) =>
		await cleverTapApiRequest.call(
			this,
			{ ...request, path, isExpectedFailure: isPartial },
			shared,
		);

	let answer = await ask({
		method: 'POST',
		body: { event_name: eventName, from: range.from, to: range.to },
	});
	while (answer.status === 'partial') {
		const reqId = reqIdOf.call(this, answer);
		await waitWhileBusy.call(
			this,
			busyWait,
			settings.policy,
			{ reason: STILL_COUNTING, describe: `CleverTap GET ${path}` },
			signalFor(this, settings.signal),
		);
		answer = await ask({ method: 'GET', qs: { req_id: reqId } });
	}
	const { count } = answer;
	if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
		throw new NodeApiError(this.getNode(), answer as JsonObject, {
			message: 'CleverTap answered the count without a count',
			description: 'Run the node again. If it keeps happening, CleverTap may be having trouble.',
		});
	}
	return count;
}
