/**
 * The CleverTap Trigger's poll, in either mode (modes.ts): the profiles who did an event, or each
 * event. Each poll exports every complete day since the last one covered, one day at a time,
 * through the same export runner as the node.
 */
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { chooseBatchSize } from '../helpers/batchSize';
import type { CleverTapDay } from '../helpers/dates';
import { addDays } from '../helpers/dayRanges';
import {
	budgetAllowsAnotherDay,
	daysToCover,
	DEFAULT_POLL_BUDGET_MS,
	isOverBudget,
	lastCompleteDay,
	MANUAL_SAMPLE_SIZE,
	readPosition,
	type PollPosition,
} from '../helpers/pollSchedule';
import { exportRecords } from '../exports/runner';
import { toNodeError } from '../nodeError';
import type { ExportRecord } from '../transport/cursorChain';
import { isFutureDayRefusal } from '../transport/errors';
import { readSettings, type TriggerSettings } from './description';

function dayText(day: CleverTapDay): string {
	const digits = String(day);
	return `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}`;
}

/** One day's export: its records, and whether the chain was walked to its end. */
type DayExport = { notOver: true } | { notOver: false; records: ExportRecord[]; finished: boolean };

/**
 * One day's export, walked until the end of its cursor chain or until `stopEarly` says so
 * (checked after each page). A day CleverTap calls future (its time zone is behind the
 * workflow's) is not over yet.
 */
async function exportDay(
	this: IPollFunctions,
	settings: TriggerSettings,
	day: CleverTapDay,
	stopEarly: (records: ExportRecord[]) => boolean,
): Promise<DayExport> {
	const records: ExportRecord[] = [];
	const plan = {
		request: { ...settings.request, range: { from: day, to: day } },
		parts: [{ from: day, to: day }],
		accept: () => true,
		settings: { policy: settings.policy },
	};
	try {
		for await (const page of exportRecords.call(this, plan)) {
			for (const record of page) records.push(record);
			if (stopEarly(records)) return { notOver: false, records, finished: false };
		}
	} catch (error) {
		if (isFutureDayRefusal(error)) return { notOver: true };
		throw toNodeError(this.getNode(), error);
	}
	return { notOver: false, records, finished: true };
}

/** In-process guard: n8n starts the next poll on schedule even while one still runs. */
const pollsInProgress = new Set<string>();

function pollBudgetMs(this: IPollFunctions): number {
	// n8n 1.x has no budget: assume the 5 minutes that n8n 2.40 and later give by default.
	return typeof this.getPollBudgetMs === 'function'
		? this.getPollBudgetMs()
		: DEFAULT_POLL_BUDGET_MS;
}

function toItems(
	this: IPollFunctions,
	settings: TriggerSettings,
	records: ExportRecord[],
): INodeExecutionData[][] {
	const json = settings.simplify
		? records.map((record) => settings.shape.simplify(record))
		: records;
	return [this.helpers.returnJsonArray(json as IDataObject[])];
}

/**
 * The error for a poll's first day that cannot fit in one poll: by time (`budgetMs`), or else by
 * Max Items per Poll. Either way the day can never be covered, so the poll fails.
 */
function dayTooLarge(
	this: IPollFunctions,
	settings: TriggerSettings,
	day: CleverTapDay,
	budgetMs: number | undefined,
): NodeOperationError {
	const what = `one day of "${settings.eventName}" (${dayText(day)})`;
	const instead = `For an event this large, use ${settings.mode.fullExport} with Output "One File" on a Schedule Trigger: it streams to a file and has no such limit.`;
	return budgetMs !== undefined
		? new NodeOperationError(
				this.getNode(),
				`Exporting ${what} takes longer than one poll may run (${Math.round(budgetMs / 1000)} s)`,
				{
					description: `The trigger exports one day per step, and n8n stops a poll after its time budget. ${instead}`,
				},
			)
		: new NodeOperationError(
				this.getNode(),
				`${what[0].toUpperCase()}${what.slice(1)} holds more than Max Items per Poll (${settings.maxItemsPerPoll}) ${settings.mode.kind.noun}`,
				{
					description: `The trigger holds a poll's items in memory. ${instead} Or raise Max Items per Poll, if this n8n has the memory.`,
				},
			);
}

/**
 * A catch-up poll: the days after the position, oldest first, each exported in full before the
 * next, each record once per poll, within the poll's time budget: another day starts only when a
 * day as long as the longest so far still fits, and a day still running when the budget is spent,
 * or that would pass Max Items per Poll, is left to the next poll; when that is the poll's first
 * day it can never fit, so the poll fails. The position moves
 * only after every export ended well, to the last day covered, and is written last.
 */
async function catchUp(
	this: IPollFunctions,
	settings: TriggerSettings,
	lastDay: CleverTapDay,
): Promise<INodeExecutionData[][] | null> {
	const staticData = this.getWorkflowStaticData('node');
	const days = daysToCover({
		position: readPosition(staticData, settings.startDay),
		triggerOn: settings.triggerOn,
		eventName: settings.eventName,
		startDay: settings.startDay,
		lastCompleteDay: lastDay,
		maxDaysPerPoll: settings.maxDaysPerPoll,
	});
	const startedAt = Date.now();
	const budgetMs = pollBudgetMs.call(this);
	const budgetSpent = () => isOverBudget({ elapsedMs: Date.now() - startedAt, budgetMs });
	const { kind } = settings.mode;
	const accept = kind.repeats?.createFilter() ?? (() => true);
	const records: ExportRecord[] = [];
	let lastCoveredDay: CleverTapDay | undefined;
	let longestDayMs = 0;
	for (const day of days) {
		const elapsedMs = Date.now() - startedAt;
		if (
			lastCoveredDay !== undefined &&
			!budgetAllowsAnotherDay({ elapsedMs, budgetMs, longestDayMs })
		)
			break;
		const dayStartedAt = Date.now();
		const overCap = (dayRecords: ExportRecord[]) =>
			records.length + dayRecords.length > settings.maxItemsPerPoll;
		const outcome = await exportDay.call(
			this,
			settings,
			day,
			(dayRecords) => overCap(dayRecords) || budgetSpent(),
		);
		if (!outcome.notOver && !outcome.finished && lastCoveredDay === undefined) {
			throw dayTooLarge.call(this, settings, day, overCap(outcome.records) ? undefined : budgetMs);
		}
		if (outcome.notOver || !outcome.finished) {
			this.logger.info(
				`CleverTap Trigger: ${dayText(day)} ${outcome.notOver ? 'is not complete yet in the CleverTap account' : 'did not fit in this poll'}; the next poll goes on from it`,
			);
			break;
		}
		for (const record of outcome.records) if (accept(record)) records.push(record);
		lastCoveredDay = day;
		longestDayMs = Math.max(longestDayMs, Date.now() - dayStartedAt);
	}
	if (lastCoveredDay === undefined) return null;

	const position: PollPosition = {
		triggerOn: settings.triggerOn,
		eventName: settings.eventName,
		startDay: settings.startDay,
		lastCoveredDay,
	};
	this.logger.info(
		`CleverTap Trigger: "${settings.eventName}" from ${dayText(days[0])} to ${dayText(lastCoveredDay)}: ${records.length} ${kind.noun}`,
	);
	staticData.position = position as unknown as IDataObject;
	return records.length > 0 ? toItems.call(this, settings, records) : null;
}

/**
 * "Fetch Test Event": a few records of the last complete day (or of the day before, when
 * CleverTap does not count that day as over yet), without touching the position.
 */
async function sample(
	this: IPollFunctions,
	settings: TriggerSettings,
	lastDay: CleverTapDay,
): Promise<INodeExecutionData[][]> {
	const sampleSettings = {
		...settings,
		request: { ...settings.request, batchSize: chooseBatchSize(undefined, MANUAL_SAMPLE_SIZE) },
	};
	for (const day of [lastDay, addDays(lastDay, -1)]) {
		const accept = settings.mode.kind.repeats?.createFilter() ?? (() => true);
		const outcome = await exportDay.call(
			this,
			sampleSettings,
			day,
			(records) => records.length >= MANUAL_SAMPLE_SIZE,
		);
		if (outcome.notOver) continue;
		const records = outcome.records.filter(accept).slice(0, MANUAL_SAMPLE_SIZE);
		if (records.length > 0) return toItems.call(this, settings, records);
		throw new NodeOperationError(
			this.getNode(),
			`${settings.mode.nobody} did "${settings.eventName}" on ${dayText(day)}, the last complete day`,
			{
				description: `Check the Event Name (case matters). Once active, the trigger outputs the ${settings.mode.kind.noun} of each new complete day.`,
			},
		);
	}
	throw new NodeOperationError(
		this.getNode(),
		`CleverTap does not count ${dayText(addDays(lastDay, -1))} as over yet`,
		{
			description:
				"The CleverTap account's time zone is behind the workflow's. Raise the Delay (Hours) option.",
		},
	);
}

async function pollOnce(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const settings = readSettings.call(this);
	const lastDay = lastCompleteDay(new Date(), settings.timeZone, settings.delayHours);
	if (this.getMode() === 'manual') return await sample.call(this, settings, lastDay);

	const pollKey = `${this.getWorkflow().id ?? ''}:${this.getNode().id}`;
	if (pollsInProgress.has(pollKey)) {
		this.logger.info('CleverTap Trigger: the previous poll is still running; this one skips');
		return null;
	}
	pollsInProgress.add(pollKey);
	try {
		return await catchUp.call(this, settings, lastDay);
	} finally {
		pollsInProgress.delete(pollKey);
	}
}

export async function poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	try {
		return await pollOnce.call(this);
	} catch (error) {
		throw toNodeError(this.getNode(), error);
	}
}
