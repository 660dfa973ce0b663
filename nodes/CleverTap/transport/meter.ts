import type { CleverTapFunctions } from './context';

/** Counts of one export's work (all its parts together), for its summary and its progress lines. */
export interface ExportMeter {
	requests: number;
	pages: number;
	records: number;
	/** Counts a request that ended, answered or not. */
	requestEnded(): void;
	/** Counts a page and, at most once per PROGRESS_INTERVAL_MS, logs how far the export is. */
	pageArrived(records: number): void;
}

const PROGRESS_INTERVAL_MS = 10_000;

/**
 * A meter for one export. Its progress lines go to n8n's log at info level as pages arrive;
 * there are no timers, so a line comes with a page or not at all. `recordNoun` names what is
 * counted ("profiles", "events").
 */
export function createExportMeter(
	this: CleverTapFunctions,
	eventName: string,
	recordNoun: string,
): ExportMeter {
	const startedAt = Date.now();
	let loggedAt = startedAt;
	const meter: ExportMeter = {
		requests: 0,
		pages: 0,
		records: 0,
		requestEnded: () => void meter.requests++,
		pageArrived: (records) => {
			meter.pages++;
			meter.records += records;
			const now = Date.now();
			if (now - loggedAt < PROGRESS_INTERVAL_MS) return;
			loggedAt = now;
			const elapsedSeconds = Math.round((now - startedAt) / 1000);
			this.logger.info(
				`CleverTap export of "${eventName}": ${meter.pages} pages, ${meter.records} ${recordNoun} so far, ${elapsedSeconds} s`,
				{ pages: meter.pages, records: meter.records, elapsedSeconds },
			);
		},
	};
	return meter;
}
