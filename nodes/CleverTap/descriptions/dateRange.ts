import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { getGlobalState } from 'n8n-workflow';

import { toDayRange, type DayRange } from '../helpers/dates';
import type { CleverTapFunctions } from '../transport/context';

export const dateRangeProperties: INodeProperties[] = [
	{
		displayName: 'From Date',
		name: 'fromDate',
		type: 'dateTime',
		required: true,
		default: '',
		description:
			"First day of the range, included. CleverTap counts days in your account's time zone. A date typed as text keeps its day; a moment from an expression ($now, $today) counts as its day in the workflow's time zone.",
	},
	{
		displayName: 'To Date',
		name: 'toDate',
		type: 'dateTime',
		required: true,
		default: '',
		description:
			'Last day of the range, included. Cannot be later than today. Also accepts YYYY-MM-DD or YYYYMMDD.',
	},
];

/**
 * The IANA zone a workflow's days are counted in. A workflow left on n8n's default says
 * "DEFAULT"; n8n then uses its instance zone (GENERIC_TIMEZONE), which it keeps as
 * n8n-workflow's default time zone.
 */
export function workflowTimeZone(context: CleverTapFunctions): string {
	const zone = context.getTimezone();
	return zone === undefined || zone === '' || zone === 'DEFAULT'
		? getGlobalState().defaultTimezone
		: zone;
}

export function readDayRange(context: IExecuteFunctions, itemIndex: number): DayRange {
	return toDayRange(
		context.getNodeParameter('fromDate', itemIndex),
		context.getNodeParameter('toDate', itemIndex),
		new Date(),
		workflowTimeZone(context),
	);
}
