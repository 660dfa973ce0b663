/** What the trigger can emit each complete day: the record kind it exports, and how it speaks of it. */
import { events } from '../exports/events';
import { profiles } from '../exports/profiles';
import type { RecordKind } from '../exports/recordKind';
import { InvalidParameterError } from '../helpers/InvalidParameterError';

export interface TriggerModeSpec {
	kind: RecordKind;
	/** For a day without records: `${nobody} did "Charged" on ...`. */
	nobody: string;
	/** The node's operation with no per-poll limit, for a day too large for the trigger. */
	fullExport: string;
}

export const TRIGGER_MODES: Record<string, TriggerModeSpec> = {
	profilesDidEvent: {
		kind: profiles,
		nobody: 'No profile',
		fullExport: 'the CleverTap node\'s "Get by Event"',
	},
	eachEvent: {
		kind: events,
		nobody: 'Nobody',
		fullExport: 'the CleverTap node\'s Event "Get Many"',
	},
};

export function readTriggerMode(value: unknown): TriggerModeSpec {
	const mode = typeof value === 'string' ? TRIGGER_MODES[value] : undefined;
	if (mode === undefined) {
		throw new InvalidParameterError(
			`Trigger On "${String(value)}" does not exist`,
			'Choose Each Event or Profiles Who Did an Event.',
		);
	}
	return mode;
}
