/**
 * Reads a write operation's parameters for many items cheaply: a parameter typed as a value is
 * read once, and only an expression (raw text starting with "=") is evaluated per item. Calling
 * getNodeParameter for every parameter of every item cost 11 times the request floor at 100k
 * rows. The properties fixedCollection is read entry by entry, as typed, because reading it whole
 * turns every DateTime an expression gives into an ISO string (n8n-core's cleanupParameterData).
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { workflowTimeZone } from '../descriptions/dateRange';
import { plainJsonField } from '../helpers/expressions';
import { InvalidParameterError } from '../helpers/InvalidParameterError';

const isExpression = (value: unknown): boolean =>
	typeof value === 'string' && value.startsWith('=');

/** The parameter as typed in the node, at a dotted path. */
function typedAt(parameters: unknown, path: string): unknown {
	let current = parameters;
	for (const name of path.split('.')) {
		if (current === null || typeof current !== 'object') return undefined;
		current = (current as Record<string, unknown>)[name];
	}
	return current;
}

const splitList = (text: unknown): string[] =>
	String(text ?? '')
		.split(',')
		.map((name) => name.trim())
		.filter((name) => name !== '');

export type DataMode = 'autoMapInputData' | 'defineBelow' | 'json';

export interface ItemReader {
	timeZone: string;
	/** A parameter (a dotted path such as `options.timestamp`) for one item. */
	value(path: string, itemIndex: number, fallback?: unknown): unknown;
	/** A comma-separated list parameter, for one item. */
	list(path: string, itemIndex: number): Set<string>;
	/** The properties to send for one item, as the Data Mode says. */
	properties(item: INodeExecutionData, itemIndex: number): Record<string, unknown>;
}

const JSON_HINT = 'Give one object, such as {"Plan": "Plus"}.';

function parseJsonObject(value: unknown): Record<string, unknown> {
	let parsed: unknown = value;
	if (typeof value === 'string') {
		try {
			parsed = JSON.parse(value === '' ? '{}' : value);
		} catch {
			parsed = undefined;
		}
		if (parsed === undefined) throw new InvalidParameterError('JSON is not valid JSON', JSON_HINT);
	}
	if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw new InvalidParameterError('JSON must be one object', JSON_HINT);
	}
	return parsed as Record<string, unknown>;
}

export function itemReader(context: IExecuteFunctions, items: INodeExecutionData[]): ItemReader {
	const raw = context.getNode().parameters;
	const once = new Map<string, unknown>();
	const value = (path: string, itemIndex: number, fallback?: unknown): unknown => {
		const typed = typedAt(raw, path);
		const field = plainJsonField(typed);
		if (field !== undefined) return items[itemIndex].json[field];
		if (isExpression(typed)) return context.getNodeParameter(path, itemIndex, fallback);
		if (!once.has(path)) once.set(path, context.getNodeParameter(path, 0, fallback));
		return once.get(path);
	};
	const list = (path: string, itemIndex: number) => new Set(splitList(value(path, itemIndex, '')));

	const dataMode = value('dataMode', 0, 'defineBelow') as DataMode;
	const entries = (typedAt(raw, 'properties.property') ?? []) as Array<{
		key?: unknown;
		value?: unknown;
	}>;
	const entryPart = (index: number, part: 'key' | 'value', itemIndex: number) => {
		const typed = entries[index][part];
		return isExpression(typed)
			? context.getNodeParameter(`properties.property[${index}].${part}`, itemIndex)
			: typed;
	};

	const properties = (item: INodeExecutionData, itemIndex: number): Record<string, unknown> => {
		if (dataMode === 'autoMapInputData') {
			const ignored = list('fieldsToIgnore', itemIndex);
			if (ignored.size === 0) return item.json;
			const kept: IDataObject = {};
			for (const key in item.json) if (!ignored.has(key)) kept[key] = item.json[key];
			return kept;
		}
		if (dataMode === 'json') return parseJsonObject(value('jsonData', itemIndex, '{}'));
		const defined: IDataObject = {};
		for (let index = 0; index < entries.length; index++) {
			const key = String(entryPart(index, 'key', itemIndex) ?? '').trim();
			if (key === '') continue;
			defined[key] = entryPart(index, 'value', itemIndex) as IDataObject[string];
		}
		return defined;
	};
	return { timeZone: workflowTimeZone(context), value, list, properties };
}
