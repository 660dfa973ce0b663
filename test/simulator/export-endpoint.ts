/**
 * Get profiles by event: the two-step cursor chain.
 *   POST /1/profiles.json -> {"status":"success","cursor":"..."}
 *   GET  /1/profiles.json?cursor=... -> {"status":"success","records":[...],"next_cursor":"..."}, repeated
 *        until an answer has no next_cursor.
 */
import { shapeForExport } from './dataset';
import { readExportRequest } from './export-request';
import { faultAnswer, isPageShapingFault } from './faults';
import { isFinalPage, planPage, type PageRequest } from './pages';
import {
	badRequest,
	cursorExpired,
	exportNotAllowed,
	incorrectUsage,
	invalidCursor,
	success,
	type Reply,
} from './replies';
import type { ApiCall, SimulatorState } from './simulator-state';

export function startExport(state: SimulatorState, call: ApiCall): Reply {
	if (!/^application\/json\b/i.test(call.contentType ?? '')) {
		return badRequest('Content-Type must be application/json'); // [guess] text
	}
	let body: unknown;
	try {
		body = JSON.parse(call.bodyText);
	} catch {
		return badRequest('Request body is not valid JSON'); // [guess] text
	}
	const request = readExportRequest(call.query, body, state.today());
	if ('kind' in request) return request;
	if (state.dataset.nonExportableEvents.includes(request.eventName)) return exportNotAllowed();

	const fault = state.faults.fire({ step: 'post' });
	const createCursor = (): Reply => {
		const users = state.dataset.exportOrder(request.eventName, request.from, request.to);
		const job = state.cursors.startExport(
			call.account.accountId,
			users,
			request.pageSize,
			request.shape,
		);
		return success({ cursor: state.cursors.issue(job, 0, 1) });
	};
	return (fault && faultAnswer(fault, createCursor)) ?? createCursor();
}

export function nextPage(state: SimulatorState, call: ApiCall): Reply {
	const rawCursor = rawQueryValue(call.rawQuery, 'cursor');
	if (rawCursor === undefined || rawCursor === '') return badRequest('cursor is required'); // [guess] text
	// The cursor arrives already percent-encoded; %25 means the client encoded it again [seen].
	if (rawCursor.includes('%25')) return incorrectUsage();
	const cursor = state.cursors.find(rawCursor);
	if (!cursor || cursor.job.accountId !== call.account.accountId) return invalidCursor();
	if (state.cursors.isExpired(cursor.job)) return cursorExpired();
	state.cursors.touch(cursor.job);

	const { job } = cursor;
	const request: PageRequest = {
		position: cursor.position,
		page: cursor.page,
		total: job.users.length,
		pageSize: job.pageSize,
	};
	const fault = state.faults.fire({
		step: 'page',
		page: cursor.page,
		isFinalPage: isFinalPage(request),
		hasRecordsDue: cursor.position < job.users.length,
	});
	if (fault === 'expiredCursor') state.cursors.expireNow(job);

	const answerPage = (): Reply => {
		const plan = planPage(request, isPageShapingFault(fault) ? fault : undefined);
		const nextCursor =
			plan.next === 'same'
				? rawCursor
				: plan.next !== undefined
					? state.cursors.issue(job, plan.next, cursor.page + 1)
					: undefined;
		const users = plan.positions.map((position) => job.users[position]);
		if (state.recordCache && !fault && plan.withRecordsKey) {
			return state.recordCache.page(users, job.shape, nextCursor);
		}
		const page: Record<string, unknown> = {};
		if (plan.withRecordsKey) {
			page.records = users.map((user) => shapeForExport(state.dataset.recordOf(user), job.shape));
		}
		if (nextCursor !== undefined) page.next_cursor = nextCursor;
		return success(page);
	};
	return (fault && faultAnswer(fault, answerPage)) ?? answerPage();
}

/** A query parameter's value exactly as sent: URLSearchParams would decode it, hiding a double encoding. */
function rawQueryValue(rawQuery: string, name: string): string | undefined {
	const pair = rawQuery.split('&').find((part) => part.startsWith(`${name}=`));
	return pair?.slice(name.length + 1);
}
