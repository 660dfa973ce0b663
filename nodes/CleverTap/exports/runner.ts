/**
 * The export runner: one item's export, whatever the record kind. It reads the item's
 * parameters once, before the first request, then walks the cursor chains of the range's parts
 * side by side and writes the records as items or streams them into one file.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import {
	readExportParameters,
	type ExportOutput,
	type ExportParameters,
} from '../descriptions/exportParameters';
import { exportFlags, readParallelRequests } from '../descriptions/exportOptions';
import { readRetryPolicy } from '../descriptions/requestOptions';
import { chooseBatchSize } from '../helpers/batchSize';
import type { DayRange } from '../helpers/dates';
import { daysIn, splitDayRange } from '../helpers/dayRanges';
import {
	createFileWriter,
	exportFileName,
	FILE_FORMATS,
	type FileWriter,
} from '../helpers/exportFile';
import { mergeAsyncSequences } from '../helpers/mergeAsyncSequences';
import { CONCURRENT_REQUESTS, requireApiGroup } from '../transport/apiLimits';
import type { CleverTapFunctions } from '../transport/context';
import { exportPages, type ExportRecord, type ExportRequest } from '../transport/cursorChain';
import { createSlotGate } from '../transport/limiter';
import { createExportMeter, type ExportMeter } from '../transport/meter';
import type { RequestSettings } from '../transport/request';
import { createByteSource } from './byteSource';
import type { RecordKind, RecordShape } from './recordKind';

export interface ExportPlan {
	request: ExportRequest;
	/** Day ranges exported at the same time; one range walks one cursor chain. */
	parts: DayRange[];
	/** When the parts outnumber it: how many of their requests may be out at once. */
	requestsAtOnce?: number;
	accept: (record: ExportRecord) => boolean;
	settings: RequestSettings;
}

const keepAll = () => true;

/**
 * Parts per Parallel Request for a kind whose parts never share a record (events). Whole days
 * rarely divide evenly: 7 days in 3 parts leave one part 3 of them, and the export waits on it
 * (3/7 of one chain's time at best). Up to 4 parts a request (one a day on short ranges), all
 * sharing the Parallel Requests in turn, end close together and keep every request busy to the
 * end, for one cursor POST per extra part. (With 6 parts for 7 days, the one 2-day part would
 * still be walking, alone, after the others.) Parts of profiles share the people active in
 * both, so each extra part would fetch them again: those get one part per request.
 */
const DISJOINT_PARTS_PER_REQUEST = 4;

/** The most Parallel Requests a kind's export may use: its API's concurrency limit. */
export function maxParallelRequests(kind: RecordKind): number {
	return CONCURRENT_REQUESTS[requireApiGroup(kind.endpoint)];
}

export function planExport(kind: RecordKind, parameters: ExportParameters): ExportPlan {
	const { eventName, range, output, options } = parameters;
	const limit = output.to === 'items' ? output.limit : undefined;
	const parallelRequests = readParallelRequests(
		options.parallelRequests,
		maxParallelRequests(kind),
	);
	// With a Limit one chain is walked, so the first records come in CleverTap's own order.
	const parts =
		limit === undefined && parallelRequests > 1 && daysIn(range) > 1
			? splitDayRange(
					range,
					kind.repeats === undefined
						? parallelRequests * DISJOINT_PARTS_PER_REQUEST
						: parallelRequests,
				)
			: [range];
	// A person who did the event in two parts is in both exports: parts are always de-duplicated.
	const dropRepeats =
		kind.repeats !== undefined && (options[kind.repeats.option] !== false || parts.length > 1);
	return {
		request: {
			endpoint: kind.endpoint,
			eventName,
			range,
			batchSize: chooseBatchSize(options.batchSize, limit),
			flags: exportFlags(options),
			readAhead: limit === undefined,
		},
		parts,
		requestsAtOnce: parts.length > parallelRequests ? parallelRequests : undefined,
		accept: dropRepeats && kind.repeats ? kind.repeats.createFilter() : keepAll,
		settings: { policy: readRetryPolicy(options) },
	};
}

/**
 * The plan's records, page by page, repeats dropped. When the reader stops (a limit met) or
 * one part fails, every part stops: no further request, slot wait or busy wait, and an answer
 * still on its way is ignored.
 */
export async function* exportRecords(
	this: CleverTapFunctions,
	plan: ExportPlan,
	meter?: ExportMeter,
	onActivity?: () => void,
): AsyncGenerator<ExportRecord[]> {
	const stop = new AbortController();
	const settings: RequestSettings = {
		...plan.settings,
		signal: stop.signal,
		slots: plan.requestsAtOnce === undefined ? undefined : createSlotGate(plan.requestsAtOnce),
		onAttempt: () => {
			meter?.requestEnded();
			onActivity?.();
		},
	};
	const chains = plan.parts.map((range) =>
		exportPages.call(this, { ...plan.request, range }, settings, meter),
	);
	try {
		for await (const page of chains.length === 1 ? chains[0] : mergeAsyncSequences(chains)) {
			yield plan.accept === keepAll ? page : page.filter(plan.accept);
		}
	} finally {
		stop.abort(new Error('The export ended'));
	}
}

async function exportToItems(
	this: IExecuteFunctions,
	shape: RecordShape,
	plan: ExportPlan,
	output: Extract<ExportOutput, { to: 'items' }>,
	meter: ExportMeter,
): Promise<INodeExecutionData[]> {
	const items: INodeExecutionData[] = [];
	for await (const page of exportRecords.call(this, plan, meter)) {
		for (const record of page) {
			items.push({ json: output.simplify ? shape.simplify(record) : (record as IDataObject) });
			if (output.limit !== undefined && items.length >= output.limit) return items;
		}
	}
	return items;
}

/** The file's text, page by page: each chunk is made when the file's reader asks for it. */
async function* fileText(
	this: IExecuteFunctions,
	plan: ExportPlan,
	writer: FileWriter,
	counter: { written: number },
	meter: ExportMeter,
	onActivity: () => void,
): AsyncGenerator<string> {
	if (writer.header !== '') yield writer.header;
	for await (const page of exportRecords.call(this, plan, meter, onActivity)) {
		let text = '';
		for (const record of page) text += writer.line(record);
		counter.written += page.length;
		if (text !== '') yield text;
	}
}

/**
 * The whole export as one file in n8n's binary data, written page by page as pages arrive (see
 * byteSource.ts): in n8n's filesystem mode no more than a page or two is in memory at any time.
 * A failure anywhere fails the item; n8n's store drops what it had written.
 */
async function exportToFile(
	this: IExecuteFunctions,
	kind: RecordKind,
	shape: RecordShape,
	plan: ExportPlan,
	output: Extract<ExportOutput, { to: 'file' }>,
	meter: ExportMeter,
): Promise<INodeExecutionData[]> {
	const { eventName, range } = plan.request;
	const writer = createFileWriter(output.format, shape.csvTable(output.csvProperties));
	const counter = { written: 0 };
	const source = createByteSource(() =>
		fileText.call(this, plan, writer, counter, meter, () => source.keepAlive()),
	);
	const binaryData = await this.helpers.prepareBinaryData(
		source as unknown as Buffer,
		exportFileName(kind.fileNamePrefix, eventName, range, output.format),
		FILE_FORMATS[output.format].mimeType,
	);
	return [
		{
			json: {
				event: eventName,
				from: range.from,
				to: range.to,
				[kind.noun]: counter.written,
				pages: meter.pages,
				requests: meter.requests,
				bytes: source.bytes,
			},
			binary: { [output.binaryPropertyName]: binaryData },
		},
	];
}

/** One item's export of `kind`: its parameters read and checked first, then the export. */
export async function runExport(
	this: IExecuteFunctions,
	kind: RecordKind,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const parameters = readExportParameters.call(this, itemIndex);
	const plan = planExport(kind, parameters);
	const shape = kind.shapeFor(parameters.eventName, parameters.options);
	const meter = createExportMeter.call(this, parameters.eventName, kind.noun);
	const { output } = parameters;
	return output.to === 'file'
		? await exportToFile.call(this, kind, shape, plan, output, meter)
		: await exportToItems.call(this, shape, plan, output, meter);
}
