/**
 * The load both load tests run (in one process: test/nodes/CleverTap/transport/accountLimit.test.ts;
 * across queue-mode workers: test/queue/queueMode.queue.ts): 24 different Get by Event exports of
 * about 5,000 profiles each, one per month of 2024 and 2025, against one CleverTap account on a
 * simulator that enforces CleverTap's 3 concurrent requests (the 4th gets 429).
 */
import type { CleverTapSimulator, SimulatorOptions } from '../simulator';

/** A population whose App Launched months hold 5,100 to 6,500 people each. */
export const LOAD_SIMULATOR: SimulatorOptions = {
	population: 12_000,
	maxConcurrentRequests: 3,
	latencyMs: 40,
};

/** Dates as the node's From Date / To Date take them: YYYY-MM-DD. */
export type LoadCase = { eventName: string; fromDate: string; toDate: string };

export function loadCases(): LoadCase[] {
	return [2024, 2025].flatMap((year) =>
		Array.from({ length: 12 }, (_, index) => {
			const month = `${year}-${String(index + 1).padStart(2, '0')}`;
			const lastDay = new Date(Date.UTC(year, index + 1, 0)).getUTCDate();
			return { eventName: 'App Launched', fromDate: `${month}-01`, toDate: `${month}-${lastDay}` };
		}),
	);
}

// A case's Get by Event parameters (maybe expressions): pages of about 1,000 (some six per
// export), the event summary off (smaller items, same people).
export function loadNodeParameters({ eventName, fromDate, toDate }: LoadCase) {
	return {
		resource: 'profile',
		operation: 'getByEvent',
		eventName,
		fromDate,
		toDate,
		returnAll: true,
		options: { batchSize: 1000, includeEventSummary: false },
	};
}

/** The CleverTap IDs the simulator holds for a case, sorted. */
export function expectedIds(simulator: CleverTapSimulator, loadCase: LoadCase): string[] {
	const day = (date: string) => Number(date.replaceAll('-', ''));
	return simulator.dataset
		.objectIdsFor(loadCase.eventName, day(loadCase.fromDate), day(loadCase.toDate))
		.sort();
}

export function describeFigures(where: string, figures: Record<string, number>): string {
	return (
		`[load] ${where}: ${figures.executions} executions, ${figures.profiles} profiles, ` +
		`${figures.requests} requests, ${figures.tooManyRequests} answered 429, ` +
		`${figures.busyWaits} busy waits and ${figures.retries} retries logged, ${figures.seconds.toFixed(1)} s\n`
	);
}

/** Counts the node's warn lines (as n8n logs them) in log text: busy waits (429), and retries. */
export function countWarnings(lines: string[]): { busyWaits: number; retries: number } {
	const busyWaits = lines.filter((line) => /CleverTap .*; waiting \d+ ms \(busy for/.test(line));
	const retries = lines.filter((line) => /CleverTap .*; retry \d+ of \d+ in \d+ ms/.test(line));
	return { busyWaits: busyWaits.length, retries: retries.length };
}
