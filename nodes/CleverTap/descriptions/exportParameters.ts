import type {
	IDataObject,
	IExecuteFunctions,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';

import type { DayRange } from '../helpers/dates';
import { FILE_FORMATS, parsePropertyList, type FileFormat } from '../helpers/exportFile';
import { InvalidParameterError } from '../helpers/InvalidParameterError';
import { checkedNumber } from '../helpers/numbers';
import { dateRangeProperties, readDayRange } from './dateRange';
import { eventNameProperty, readEventName } from './eventName';
import { optionsCollection } from './requestOptions';
import { simplifyProperty } from './simplify';

/** How an export's parameters speak of its records. */
export interface ExportWording {
	/** One record, as the user thinks of it: "profile". */
	one: string;
	/** Capitalised, for option names: "Profile". */
	One: string;
	many: string;
	eventNameDescription: string;
	/** What a CSV row holds. */
	csvDescription: string;
	/** What Simplify gives, when not a profile's fields. */
	simplifyHint?: string;
}

function outputOptions({ one, One, many }: ExportWording): INodePropertyOptions[] {
	return [
		{
			name: `One Item per ${One}`,
			value: 'items',
			description: `Each ${one} becomes an n8n item. Best up to about 100,000 ${many}.`,
		},
		{
			name: 'One File',
			value: 'file',
			description: `All ${many} in one file, written to n8n as they arrive. For large exports: memory stays flat.`,
		},
	];
}

/**
 * The parameters of an export operation: the event, the day range, the output (items, with
 * Return All, Limit and Simplify, or one file), then the operation's own options.
 */
export function exportProperties(
	wording: ExportWording,
	options: INodeProperties[],
): INodeProperties[] {
	const { one, many } = wording;
	return [
		eventNameProperty(wording.eventNameDescription),
		...dateRangeProperties,
		{
			displayName: 'Output',
			name: 'output',
			type: 'options',
			noDataExpression: true,
			options: outputOptions(wording),
			default: 'items',
			hint: `Items are held in memory (roughly 2 KB per ${one}); a file is not. Use One File for exports of more than about 100,000 ${many}.`,
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
		{
			...simplifyProperty,
			...(wording.simplifyHint !== undefined ? { hint: wording.simplifyHint } : {}),
			displayOptions: { show: { output: ['items'] } },
		},
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
				{ name: 'CSV', value: 'csv', description: wording.csvDescription },
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
		optionsCollection(options),
	];
}

/** CSV Custom Properties: which of a record's own properties become CSV columns. */
export function csvPropertiesOption(description: string): INodeProperties {
	return {
		displayName: 'CSV Custom Properties',
		name: 'csvProperties',
		type: 'string',
		default: '',
		placeholder: 'plan, city',
		description,
		displayOptions: { show: { '/output': ['file'], '/fileFormat': ['csv'] } },
	};
}

export type ExportOutput =
	/** `limit` undefined: Return All. */
	| { to: 'items'; limit: number | undefined; simplify: boolean }
	| { to: 'file'; format: FileFormat; binaryPropertyName: string; csvProperties: string[] };

/** An export operation's parameters for one item, read and checked before any request. */
export interface ExportParameters {
	eventName: string;
	range: DayRange;
	output: ExportOutput;
	options: IDataObject;
}

function readFileFormat(value: unknown): FileFormat {
	if (typeof value === 'string' && value in FILE_FORMATS) return value as FileFormat;
	throw new InvalidParameterError(
		`File Format "${String(value)}" does not exist`,
		'Choose JSON Lines or CSV.',
	);
}

function readOutput(
	this: IExecuteFunctions,
	itemIndex: number,
	options: IDataObject,
): ExportOutput {
	if (this.getNodeParameter('output', itemIndex, 'items') !== 'file') {
		const returnAll = this.getNodeParameter('returnAll', itemIndex) as boolean;
		return {
			to: 'items',
			limit: returnAll
				? undefined
				: checkedNumber(this.getNodeParameter('limit', itemIndex), {
						label: 'Limit',
						min: 1,
						wholeNumber: true,
						hint: 'Set a Limit, or turn on Return All.',
					}),
			simplify: this.getNodeParameter('simplify', itemIndex, false) === true,
		};
	}
	const binaryPropertyName = String(this.getNodeParameter('binaryPropertyName', itemIndex)).trim();
	if (binaryPropertyName === '') {
		throw new InvalidParameterError(
			'Put Output File in Field is empty',
			'Enter the name of the binary field for the file, for example data.',
		);
	}
	return {
		to: 'file',
		format: readFileFormat(this.getNodeParameter('fileFormat', itemIndex)),
		binaryPropertyName,
		csvProperties: parsePropertyList(options.csvProperties),
	};
}

export function readExportParameters(this: IExecuteFunctions, itemIndex: number): ExportParameters {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return {
		eventName: readEventName(this.getNodeParameter('eventName', itemIndex)),
		range: readDayRange(this, itemIndex),
		output: readOutput.call(this, itemIndex, options),
		options,
	};
}
