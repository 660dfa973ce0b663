/**
 * The CleverTap Trigger's one event, "On profiles who did an event": each poll exports every
 * complete day since the last one covered, one day at a time, through the transport's export.
 */
import type {
	IDataObject,
	INode,
	INodeExecutionData,
	INodeProperties,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import {
	batchSizeOption,
	eventNameProperty,
	exportFlags,
	readEventName,
	includeOptions,
} from '../actions/exportOptions';
import { requestOptions } from '../actions/requestOptions';
import { simplifyProperty } from '../actions/simplifyProperty';
import { chooseBatchSize } from '../helpers/batchSize';
import { toCleverTapDay, type CleverTapDay } from '../helpers/dates';
import { addDays } from '../helpers/dayRanges';
import { InvalidParameterError } from '../helpers/InvalidParameterError';
import { isUnset, numberOrDefault } from '../helpers/numbers';
import {
	budgetAllowsAnotherDay,
	daysToCover,
	DEFAULT_DELAY_HOURS,
	DEFAULT_MAX_DAYS_PER_POLL,
	DEFAULT_POLL_BUDGET_MS,
	isFutureDayRefusal,
	isOverBudget,
	lastCompleteDay,
	MANUAL_SAMPLE_SIZE,
	readPosition,
	type PollPosition,
} from '../helpers/pollSchedule';
import { createRepeatFilter, type ProfileRecord } from '../helpers/records';
import { readRetryPolicy, type RetryPolicy } from '../helpers/retry';
import { simplifyProfile } from '../helpers/simplify';
import { exportProfiles, type ExportRequest } from '../transport';

// Defaults are written out as literals (n8n's lint wants them so); they are DEFAULT_DELAY_HOURS and
// DEFAULT_MAX_DAYS_PER_POLL of helpers/pollSchedule.ts.
export const properties: INodeProperties[] = [
	{
		// One event for now; n8n's nodes panel lists each option of "Trigger On" as the trigger's action.
		displayName: 'Trigger On',
		name: 'triggerOn',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Profiles Who Did an Event',
				value: 'profilesDidEvent',
				action: 'On profiles who did an event',
				description: 'Each complete day, the profiles of everyone who did the event that day',
			},
		],
		default: 'profilesDidEvent',
	},
	eventNameProperty(
		'The event the users did, exactly as CleverTap names it (case matters). Each poll outputs the profiles of everyone who did it on the days completed since the last poll.',
	),
	simplifyProperty,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			batchSizeOption,
			{
				displayName: 'Delay (Hours)',
				name: 'delayHours',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 72 },
				default: 2,
				description:
					"How long after a day ends (midnight in the workflow's time zone) it counts as complete, giving CleverTap time to take in that day's events",
			},
			...includeOptions,
			{
				displayName: 'Max Days per Poll',
				name: 'maxDaysPerPoll',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 366 },
				default: 7,
				description:
					'At most this many days in one poll, oldest first, when catching up (after n8n was down, or from a Start Date in the past). The next poll goes on from there.',
			},
			...requestOptions,
			{
				displayName: 'Start Date',
				name: 'startDate',
				type: 'dateTime',
				default: '',
				description:
					'The first day to cover, to catch up on past days. Unset, the trigger starts with the last complete day. Changing it (or the event) starts over from it.',
			},
		],
	},
];

/** Everything a poll needs from the node's parameters, checked before any request. */
interface TriggerSettings {
	eventName: string;
	simplify: boolean;
	startDay: CleverTapDay | null;
	delayHours: number;
	maxDaysPerPoll: number;
	request: Omit<ExportRequest, 'range'>;
	policy: RetryPolicy;
}

function readSettings(this: IPollFunctions): TriggerSettings {
	const eventName = readEventName(this.getNodeParameter('eventName'));
	const options = this.getNodeParameter('options', {}) as IDataObject;
	return {
		eventName,
		simplify: this.getNodeParameter('simplify', false) === true,
		startDay: isUnset(options.startDate)
			? null
			: toCleverTapDay(options.startDate, 'Start Date', this.getTimezone()),
		delayHours: numberOrDefault(options.delayHours, DEFAULT_DELAY_HOURS, {
			label: 'Delay (Hours)',
			min: 0,
			max: 72,
		}),
		maxDaysPerPoll: numberOrDefault(options.maxDaysPerPoll, DEFAULT_MAX_DAYS_PER_POLL, {
			label: 'Max Days per Poll',
			min: 1,
			max: 366,
			wholeNumber: true,
		}),
		request: {
			eventName,
			batchSize: chooseBatchSize(options.batchSize, undefined),
			flags: exportFlags(options),
		},
		policy: readRetryPolicy(options),
	};
}

function dayText(day: CleverTapDay): string {
	const digits = String(day);
	return `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}`;
}

/** Why one day's export ended without its profiles. */
type DayShortfall = 'future' | 'overBudget';

interface DayExport {
	settings: TriggerSettings;
	day: CleverTapDay;
	/** Stop once this many profiles are in hand (manual mode). */
	limit?: number;
	budget?: { startedAt: number; budgetMs: number; isFirstDay: boolean };
}

/** What the poll throws: n8n's own errors as they are, a user's bad setting as NodeOperationError. */
function asNodeError(node: INode, error: unknown): NodeApiError | NodeOperationError {
	if (error instanceof InvalidParameterError) {
		return new NodeOperationError(node, error.message, { description: error.hint });
	}
	if (error instanceof NodeApiError) return error;
	return new NodeOperationError(node, error as Error);
}

/**
 * One day's export, walked to the end of its cursor chain. A day CleverTap calls future (code
 * 4002: the account's time zone is behind the workflow's) is not complete yet. A day still
 * running when the poll's budget is spent is given up, or, when it is the poll's first day,
 * fails: it can never fit in a poll.
 */
async function exportDay(
	this: IPollFunctions,
	{ settings, day, limit, budget }: DayExport,
): Promise<ProfileRecord[] | DayShortfall> {
	const records: ProfileRecord[] = [];
	const range = { from: day, to: day };
	let overBudget = false;
	try {
		for await (const page of exportProfiles.call(
			this,
			{ ...settings.request, range },
			settings.policy,
		)) {
			for (const record of page) records.push(record);
			if (limit !== undefined && records.length >= limit) break;
			overBudget =
				budget !== undefined &&
				isOverBudget({ elapsedMs: Date.now() - budget.startedAt, ...budget });
			if (overBudget) break; // leaving the loop ends the export: no more requests
		}
	} catch (error) {
		if (isFutureDayRefusal(error)) return 'future';
		throw asNodeError(this.getNode(), error);
	}
	if (!overBudget) return records;
	if (!budget?.isFirstDay) return 'overBudget';
	throw new NodeOperationError(
		this.getNode(),
		`Exporting one day of "${settings.eventName}" (${dayText(day)}) takes longer than one poll may run (${Math.round((budget?.budgetMs ?? 0) / 1000)} s)`,
		{
			description:
				'The trigger exports one day per step, and n8n stops a poll after its time budget. For an event this large, use the CleverTap node\'s "Get by Event" with Output "One File" on a Schedule Trigger: it has no such limit.',
		},
	);
}

/** In-process guard: n8n starts the next poll on schedule even while one still runs. */
const pollsInProgress = new Set<string>();

function pollBudgetMs(this: IPollFunctions): number {
	// n8n 1.x has no budget: assume the 5 minutes n8n 2.40 gives by default.
	return typeof this.getPollBudgetMs === 'function'
		? this.getPollBudgetMs()
		: DEFAULT_POLL_BUDGET_MS;
}

function toItems(
	this: IPollFunctions,
	settings: TriggerSettings,
	records: ProfileRecord[],
): INodeExecutionData[][] {
	const json = settings.simplify
		? records.map((record) => simplifyProfile(record, settings.eventName))
		: records;
	return [this.helpers.returnJsonArray(json as IDataObject[])];
}

/**
 * A catch-up poll: the days after the position, oldest first, each exported in full before the
 * next; each person once per poll. The position moves only after every export ended well, to
 * the last day covered, and is written last. Nothing new: no execution.
 */
async function catchUp(
	this: IPollFunctions,
	settings: TriggerSettings,
	lastDay: CleverTapDay,
): Promise<INodeExecutionData[][] | null> {
	const staticData = this.getWorkflowStaticData('node');
	const days = daysToCover({
		position: readPosition(staticData),
		eventName: settings.eventName,
		startDay: settings.startDay,
		lastCompleteDay: lastDay,
		maxDaysPerPoll: settings.maxDaysPerPoll,
	});
	const startedAt = Date.now();
	const budgetMs = pollBudgetMs.call(this);
	const accept = createRepeatFilter();
	const records: ProfileRecord[] = [];
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
		const isFirstDay = lastCoveredDay === undefined;
		const outcome = await exportDay.call(this, {
			settings,
			day,
			budget: { startedAt, budgetMs, isFirstDay },
		});
		if (outcome === 'future' || outcome === 'overBudget') {
			this.logger.info(
				`CleverTap Trigger: ${dayText(day)} ${outcome === 'future' ? 'is not complete yet in the CleverTap account' : 'did not fit in this poll'}; the next poll goes on from it`,
			);
			break;
		}
		for (const record of outcome) if (accept(record)) records.push(record);
		lastCoveredDay = day;
		longestDayMs = Math.max(longestDayMs, Date.now() - dayStartedAt);
	}
	if (lastCoveredDay === undefined) return null;

	const position: PollPosition = {
		eventName: settings.eventName,
		startDay: settings.startDay,
		lastCoveredDay,
	};
	this.logger.info(
		`CleverTap Trigger: "${settings.eventName}" from ${dayText(days[0])} to ${dayText(lastCoveredDay)}: ${records.length} profiles`,
	);
	staticData.position = position as unknown as IDataObject;
	return records.length > 0 ? toItems.call(this, settings, records) : null;
}

/**
 * "Fetch Test Event": a few profiles of the last complete day (or of the day before, when
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
		const outcome = await exportDay.call(this, {
			settings: sampleSettings,
			day,
			limit: MANUAL_SAMPLE_SIZE,
		});
		if (outcome === 'future' || outcome === 'overBudget') continue;
		const accept = createRepeatFilter();
		const records = outcome.filter(accept).slice(0, MANUAL_SAMPLE_SIZE);
		if (records.length > 0) return toItems.call(this, settings, records);
		throw new NodeOperationError(
			this.getNode(),
			`No profile did "${settings.eventName}" on ${dayText(day)}, the last complete day`,
			{
				description:
					'Check the Event Name (case matters). Once active, the trigger outputs the profiles of each new complete day.',
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

export async function poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	let settings: TriggerSettings;
	let lastDay: CleverTapDay;
	try {
		settings = readSettings.call(this);
		lastDay = lastCompleteDay(new Date(), this.getTimezone(), settings.delayHours);
	} catch (error) {
		throw asNodeError(this.getNode(), error);
	}
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
