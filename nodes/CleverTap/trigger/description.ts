/** The CleverTap Trigger's parameters, and how a poll reads them. */
import type { IDataObject, INodeProperties, IPollFunctions } from 'n8n-workflow';

import { workflowTimeZone } from '../descriptions/dateRange';
import { eventNameProperty, readEventName } from '../descriptions/eventName';
import {
	accountTimeZoneOption,
	batchSizeOption,
	exportFlags,
	includeOptions,
} from '../descriptions/exportOptions';
import { optionsCollection, readRetryPolicy, requestOptions } from '../descriptions/requestOptions';
import { simplifyProperty } from '../descriptions/simplify';
import { chooseBatchSize } from '../helpers/batchSize';
import { toCleverTapDay, type CleverTapDay } from '../helpers/dates';
import { isUnset, numberOrDefault } from '../helpers/numbers';
import { DEFAULT_DELAY_HOURS, DEFAULT_MAX_DAYS_PER_POLL } from '../helpers/pollSchedule';
import type { RecordShape } from '../exports/recordKind';
import type { ExportRequest } from '../transport/cursorChain';
import type { RetryPolicy } from '../transport/retryPolicy';
import { readTriggerMode, type TriggerModeSpec } from './modes';

const DELAY_HOURS = { min: 0, max: 72 };
const MAX_DAYS_PER_POLL = { min: 1, max: 366 };
const MAX_ITEMS_PER_POLL = { min: 1, max: 1_000_000 };
// About 2 KB an item in memory: the scale the node's items output is meant for.
const DEFAULT_MAX_ITEMS_PER_POLL = 100_000;

export const properties: INodeProperties[] = [
	{
		// n8n's nodes panel lists each option of "Trigger On" as the trigger's action.
		displayName: 'Trigger On',
		name: 'triggerOn',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Each Event',
				value: 'eachEvent',
				action: 'On each event',
				description: 'Each complete day, every time anyone did the event that day (one item each)',
			},
			{
				name: 'Profiles Who Did an Event',
				value: 'profilesDidEvent',
				action: 'On profiles who did an event',
				description: 'Each complete day, the profiles of everyone who did the event that day',
			},
		],
		default: 'profilesDidEvent',
	},
	{
		...eventNameProperty(
			'The event the users did, exactly as CleverTap names it (case matters). Each poll outputs the profiles of everyone who did it on the days completed since the last poll.',
		),
		displayOptions: { show: { triggerOn: ['profilesDidEvent'] } },
	},
	{
		...eventNameProperty(
			'The event, exactly as CleverTap names it (case matters). Each poll outputs every time anyone did it on the days completed since the last poll.',
		),
		displayOptions: { show: { triggerOn: ['eachEvent'] } },
	},
	simplifyProperty,
	optionsCollection([
		{ ...accountTimeZoneOption, displayOptions: { show: { '/triggerOn': ['eachEvent'] } } },
		batchSizeOption,
		{
			displayName: 'Delay (Hours)',
			name: 'delayHours',
			type: 'number',
			typeOptions: { minValue: DELAY_HOURS.min, maxValue: DELAY_HOURS.max },
			default: DEFAULT_DELAY_HOURS,
			description:
				"How long after a day ends (midnight in the workflow's time zone) it counts as complete, giving CleverTap time to take in that day's events",
		},
		...includeOptions('each profile (for Each Event, the profile of each event)'),
		{
			displayName: 'Max Days per Poll',
			name: 'maxDaysPerPoll',
			type: 'number',
			typeOptions: { minValue: MAX_DAYS_PER_POLL.min, maxValue: MAX_DAYS_PER_POLL.max },
			default: DEFAULT_MAX_DAYS_PER_POLL,
			description:
				'At most this many days in one poll, oldest first, when catching up (after n8n was down, or from a Start Date in the past). The next poll goes on from there.',
		},
		{
			displayName: 'Max Items per Poll',
			name: 'maxItemsPerPoll',
			type: 'number',
			typeOptions: { minValue: MAX_ITEMS_PER_POLL.min, maxValue: MAX_ITEMS_PER_POLL.max },
			default: DEFAULT_MAX_ITEMS_PER_POLL,
			description:
				"At most this many items in one poll's memory. A catch-up stops before the day that would pass it, and the next poll goes on from there; a single day larger than this fails the poll, pointing to a file export instead.",
		},
		...requestOptions,
		{
			displayName: 'Start Date',
			name: 'startDate',
			type: 'dateTime',
			default: '',
			description:
				'The first day to cover, to catch up on past days. Unset, the trigger starts with the last complete day. Changing it (or the event, or Trigger On) starts over from it.',
		},
	]),
];

/** Everything a poll needs from the node's parameters, checked before any request. */
export interface TriggerSettings {
	triggerOn: string;
	mode: TriggerModeSpec;
	/** How Simplify writes each record, from the options. */
	shape: RecordShape;
	eventName: string;
	simplify: boolean;
	startDay: CleverTapDay | null;
	delayHours: number;
	maxDaysPerPoll: number;
	maxItemsPerPoll: number;
	/** The export of one day, but for its range. */
	request: Omit<ExportRequest, 'range'>;
	policy: RetryPolicy;
	timeZone: string;
}

export function readSettings(this: IPollFunctions): TriggerSettings {
	const triggerOn = this.getNodeParameter('triggerOn', 'profilesDidEvent') as string;
	const mode = readTriggerMode(triggerOn);
	const eventName = readEventName(this.getNodeParameter('eventName'));
	const options = this.getNodeParameter('options', {}) as IDataObject;
	const timeZone = workflowTimeZone(this);
	return {
		triggerOn,
		mode,
		shape: mode.kind.shapeFor(eventName, options),
		eventName,
		simplify: this.getNodeParameter('simplify', false) === true,
		startDay: isUnset(options.startDate)
			? null
			: toCleverTapDay(options.startDate, 'Start Date', timeZone),
		delayHours: numberOrDefault(options.delayHours, DEFAULT_DELAY_HOURS, {
			label: 'Delay (Hours)',
			...DELAY_HOURS,
		}),
		maxDaysPerPoll: numberOrDefault(options.maxDaysPerPoll, DEFAULT_MAX_DAYS_PER_POLL, {
			label: 'Max Days per Poll',
			...MAX_DAYS_PER_POLL,
			wholeNumber: true,
		}),
		maxItemsPerPoll: numberOrDefault(options.maxItemsPerPoll, DEFAULT_MAX_ITEMS_PER_POLL, {
			label: 'Max Items per Poll',
			...MAX_ITEMS_PER_POLL,
			wholeNumber: true,
		}),
		request: {
			endpoint: mode.kind.endpoint,
			eventName,
			batchSize: chooseBatchSize(options.batchSize, undefined),
			flags: exportFlags(options),
		},
		policy: readRetryPolicy(options),
		timeZone,
	};
}
