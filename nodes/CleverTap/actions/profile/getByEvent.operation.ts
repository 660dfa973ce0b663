import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { createByteSource } from '../../helpers/byteSource';
import { chooseBatchSize } from '../../helpers/batchSize';
import { toDayRange, type DayRange } from '../../helpers/dates';
import { daysIn, splitDayRange } from '../../helpers/dayRanges';
import {
	createFileWriter,
	exportFileName,
	FILE_FORMATS,
	parsePropertyList,
	type FileFormat,
} from '../../helpers/exportFile';
import { InvalidParameterError } from '../../helpers/InvalidParameterError';
import { mergeAsyncSequences } from '../../helpers/mergePages';
import { checkedNumber, isUnset } from '../../helpers/numbers';
import { createRepeatFilter, type ProfileRecord } from '../../helpers/records';
import { readRetryPolicy, type RetryPolicy } from '../../helpers/retry';
import { simplifyProfile } from '../../helpers/simplify';
import { CONCURRENT_REQUESTS_PER_ACCOUNT } from '../../helpers/accountSlots';
import {
	createExportMeter,
	exportProfiles,
	type ExportMeter,
	type ExportRequest,
} from '../../transport';
import {
	batchSizeOption,
	eventNameProperty,
	exportFlags,
	includeOptions,
	readEventName,
} from '../exportOptions';
import { requestOptions } from '../requestOptions';
import { simplifyProperty } from '../simplifyProperty';

const properties: INodeProperties[] = [
	eventNameProperty(
		'The event the users did, exactly as CleverTap names it (case matters), for example Charged or App Launched',
	),
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
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'One Item per Profile',
				value: 'items',
				description: 'Each profile becomes an n8n item. Best up to about 100,000 profiles.',
			},
			{
				name: 'One File',
				value: 'file',
				description:
					'All profiles in one file, written to n8n as they arrive. For large exports: memory stays flat.',
			},
		],
		default: 'items',
		hint: 'Items are held in memory (roughly 2 KB per profile); a file is not. Use One File for exports of more than about 100,000 profiles.',
	},
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: { show: { output: ['items'] } },
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { output: ['items'], returnAll: [false] } },
	},
	{ ...simplifyProperty, displayOptions: { show: { output: ['items'] } } },
	{
		displayName: 'File Format',
		name: 'fileFormat',
		type: 'options',
		options: [
			{
				name: 'JSON Lines',
				value: 'jsonl',
				description: 'One full CleverTap record per line',
			},
			{
				name: 'CSV',
				value: 'csv',
				description:
					'One row per profile: CleverTap ID, identity, email, name, phone, platforms, and the event count, first and last time',
			},
		],
		default: 'jsonl',
		displayOptions: { show: { output: ['file'] } },
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the output binary field to put the file in',
		displayOptions: { show: { output: ['file'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			batchSizeOption,
			{
				displayName: 'CSV Custom Properties',
				name: 'csvProperties',
				type: 'string',
				default: '',
				placeholder: 'plan, city',
				description:
					'Custom profile properties (profileData keys) to add as CSV columns, separated by commas',
				displayOptions: { show: { '/output': ['file'], '/fileFormat': ['csv'] } },
			},
			{
				displayName: 'Drop Repeated Profiles',
				name: 'dropRepeatedProfiles',
				type: 'boolean',
				default: true,
				description:
					'Whether to output each person once, matched by CleverTap ID, when CleverTap sends them on more than one page of the export',
			},
			...includeOptions,
			{
				displayName: 'Parallel Requests',
				name: 'parallelRequests',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: CONCURRENT_REQUESTS_PER_ACCOUNT },
				default: 1,
				description:
					"How many parts of the date range to export at once (1 to 3). Uses all of the account's 3 concurrent requests for this API. Helps most for events people do on few days; for daily events each person is in every part, so it gains less. Applies to Return All and to One File; each person is output once.",
			},
			...requestOptions,
		],
	},
];

const displayOptions = { show: { resource: ['profile'], operation: ['getByEvent'] } };

export const description = updateDisplayOptions(displayOptions, properties);

function readLimit(this: IExecuteFunctions, itemIndex: number): number | undefined {
	if (this.getNodeParameter('returnAll', itemIndex) as boolean) return undefined;
	return checkedNumber(this.getNodeParameter('limit', itemIndex), {
		label: 'Limit',
		min: 1,
		wholeNumber: true,
		hint: 'Set a Limit, or turn on Return All.',
	});
}

function readParallelRequests(value: unknown): number {
	return isUnset(value)
		? 1
		: checkedNumber(value, {
				label: 'Parallel Requests',
				min: 1,
				max: CONCURRENT_REQUESTS_PER_ACCOUNT,
				wholeNumber: true,
				hint: 'CleverTap allows 3 concurrent requests per account for this API: use 1, 2 or 3.',
			});
}

function readFileFormat(value: unknown): FileFormat {
	if (typeof value === 'string' && value in FILE_FORMATS) return value as FileFormat;
	throw new InvalidParameterError(
		`File Format "${String(value)}" does not exist`,
		'Choose JSON Lines or CSV.',
	);
}

interface ExportPlan {
	request: ExportRequest;
	/** Stop once this many profiles are output (items only); undefined for the whole export. */
	limit: number | undefined;
	/** Day ranges exported at the same time; one range walks one cursor chain. */
	parts: DayRange[];
	accept: (record: ProfileRecord) => boolean;
	policy: RetryPolicy;
}

/** Reads and checks the item's parameters, before any request is sent. */
function planExport(this: IExecuteFunctions, itemIndex: number, toFile: boolean): ExportPlan {
	const eventName = readEventName(this.getNodeParameter('eventName', itemIndex));
	const range = toDayRange(
		this.getNodeParameter('fromDate', itemIndex),
		this.getNodeParameter('toDate', itemIndex),
		new Date(),
		this.getTimezone(),
	);
	const limit = toFile ? undefined : readLimit.call(this, itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const parallelRequests = readParallelRequests(options.parallelRequests);
	// With a Limit one chain is walked, so the first profiles come in CleverTap's own order.
	const parts =
		limit === undefined && parallelRequests > 1 && daysIn(range) > 1
			? splitDayRange(range, parallelRequests)
			: [range];
	// A person who did the event in two parts is in both exports: parts are always de-duplicated.
	const dropRepeats = options.dropRepeatedProfiles !== false || parts.length > 1;
	return {
		request: {
			eventName,
			range,
			batchSize: chooseBatchSize(options.batchSize, limit),
			flags: exportFlags(options),
		},
		limit,
		parts,
		accept: dropRepeats ? createRepeatFilter() : () => true,
		policy: readRetryPolicy(options),
	};
}

/** The pages of the plan's export: one chain, or one chain per part read side by side. */
function pagesOf(
	this: IExecuteFunctions,
	plan: ExportPlan,
	meter: ExportMeter,
): AsyncGenerator<ProfileRecord[]> {
	const chains = plan.parts.map((range) =>
		exportProfiles.call(this, { ...plan.request, range }, plan.policy, meter),
	);
	return chains.length === 1 ? chains[0] : mergeAsyncSequences(chains);
}

async function exportToItems(
	this: IExecuteFunctions,
	plan: ExportPlan,
	meter: ExportMeter,
	simplify: boolean,
): Promise<INodeExecutionData[]> {
	const items: INodeExecutionData[] = [];
	for await (const page of pagesOf.call(this, plan, meter)) {
		for (const record of page) {
			if (!plan.accept(record)) continue;
			const json = simplify ? simplifyProfile(record, plan.request.eventName) : record;
			items.push({ json: json as IDataObject });
			if (plan.limit !== undefined && items.length >= plan.limit) return items;
		}
	}
	return items;
}

/**
 * The whole export as one file in n8n's binary data, written page by page as pages arrive (see
 * byteSource.ts): in n8n's filesystem mode no more than a page or two is in memory at any time.
 * A failure anywhere fails the item; n8n's store drops what it had written.
 */
async function exportToFile(
	this: IExecuteFunctions,
	itemIndex: number,
	plan: ExportPlan,
	meter: ExportMeter,
): Promise<INodeExecutionData[]> {
	const format = readFileFormat(this.getNodeParameter('fileFormat', itemIndex));
	const binaryPropertyName = String(this.getNodeParameter('binaryPropertyName', itemIndex)).trim();
	if (binaryPropertyName === '') {
		throw new InvalidParameterError(
			'Put Output File in Field is empty',
			'Enter the name of the binary field for the file, for example data.',
		);
	}
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const { eventName, range } = plan.request;
	const writer = createFileWriter(format, eventName, parsePropertyList(options.csvProperties));
	let profiles = 0;
	const pages = pagesOf.call(this, plan, meter);

	async function* fileText(): AsyncGenerator<string> {
		if (writer.header !== '') yield writer.header;
		for await (const page of pages) {
			let text = '';
			for (const record of page) {
				if (!plan.accept(record)) continue;
				text += writer.line(record);
				profiles++;
			}
			if (text !== '') yield text;
		}
	}

	const source = createByteSource(fileText);
	meter.onActivity = () => source.keepAlive();
	const binaryData = await this.helpers.prepareBinaryData(
		source as unknown as Buffer,
		exportFileName(eventName, range, format),
		FILE_FORMATS[format].mimeType,
	);
	return [
		{
			json: {
				event: eventName,
				from: range.from,
				to: range.to,
				profiles,
				pages: meter.pages,
				requests: meter.requests,
				bytes: source.bytes,
			},
			binary: { [binaryPropertyName]: binaryData },
		},
	];
}

/**
 * Profiles of the users who did an event in a day range: one POST for an export cursor, then
 * the cursor chain to its end (or until the limit is met), each person once unless asked
 * otherwise. As items, or as one file streamed into n8n's binary data.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const toFile = this.getNodeParameter('output', itemIndex, 'items') === 'file';
	const plan = planExport.call(this, itemIndex, toFile);
	const meter = createExportMeter.call(this, plan.request.eventName);
	const simplify = this.getNodeParameter('simplify', itemIndex, false) === true;
	return toFile
		? await exportToFile.call(this, itemIndex, plan, meter)
		: await exportToItems.call(this, plan, meter, simplify);
}
