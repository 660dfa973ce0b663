import { InvalidParameterError } from './InvalidParameterError';

export interface NumberRule {
	/** The parameter's name as the user sees it. */
	label: string;
	min: number;
	/** No upper bound when left out. */
	max?: number;
	wholeNumber?: boolean;
	/** What to do about a value outside the rule. */
	hint: string;
}

/** Whether a parameter was left empty (unset option, or an expression that gave nothing). */
export function isUnset(value: unknown): boolean {
	return value === undefined || value === null || value === '';
}

/**
 * A number parameter as typed or as an expression gave it (numeric text is accepted), checked
 * against its rule; otherwise an error that states the allowed range.
 */
export function checkedNumber(
	value: unknown,
	{ label, min, max, wholeNumber, hint }: NumberRule,
): number {
	const number = typeof value === 'string' ? Number(value.trim()) : value;
	const fits =
		typeof number === 'number' &&
		Number.isFinite(number) &&
		number >= min &&
		(max === undefined || number <= max) &&
		(!wholeNumber || Number.isInteger(number));
	if (!fits) {
		const kind = wholeNumber ? 'a whole number' : 'a number';
		const range = max === undefined ? `of ${min} or more` : `from ${min} to ${max}`;
		throw new InvalidParameterError(
			`${label} must be ${kind} ${range}, not "${String(value)}"`,
			hint,
		);
	}
	return number as number;
}

/** An optional number option: its default when left unset, otherwise checked against the rule. */
export function numberOrDefault(
	value: unknown,
	fallback: number,
	rule: Omit<NumberRule, 'hint'>,
): number {
	return isUnset(value)
		? fallback
		: checkedNumber(value, { ...rule, hint: 'Leave it unset to use the default.' });
}
