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

export const LOAD_EVENT = 'App Launched';
/** Pages of about 1,000: some six requests per export. */
export const LOAD_BATCH_SIZE = 1000;

export interface LoadCase {
	eventName: string;
	/** YYYY-MM-DD, as the node's From Date / To Date take them. */
	fromDate: string;
	toDate: string;
	/** YYYYMMDD, as the simulator's ground truth takes them. */
	from: number;
	to: number;
}

export function loadCases(): LoadCase[] {
	const cases: LoadCase[] = [];
	for (const year of [2024, 2025]) {
		for (let month = 1; month <= 12; month++) {
			const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
			const mm = String(month).padStart(2, '0');
			cases.push({
				eventName: LOAD_EVENT,
				fromDate: `${year}-${mm}-01`,
				toDate: `${year}-${mm}-${lastDay}`,
				from: Number(`${year}${mm}01`),
				to: Number(`${year}${mm}${lastDay}`),
			});
		}
	}
	return cases;
}

/** The Get by Event parameters of one case (the event summary off: smaller items, same people); the fields may be expressions. */
export function loadNodeParameters(loadCase: Pick<LoadCase, 'eventName' | 'fromDate' | 'toDate'>) {
	return {
		resource: 'profile',
		operation: 'getByEvent',
		eventName: loadCase.eventName,
		fromDate: loadCase.fromDate,
		toDate: loadCase.toDate,
		returnAll: true,
		options: { batchSize: LOAD_BATCH_SIZE, includeEventSummary: false },
	};
}

/** The CleverTap IDs the simulator holds for a case, sorted. */
export function expectedIds(simulator: CleverTapSimulator, loadCase: LoadCase): string[] {
	return simulator.dataset
		.profilesFor(loadCase.eventName, loadCase.from, loadCase.to)
		.map((profile) => profile.platformInfo[0].objectId)
		.sort();
}

export interface LoadFigures {
	executions: number;
	profiles: number;
	requests: number;
	/** Answers the simulator sent with HTTP 429 (CleverTap's concurrency limit). */
	tooManyRequests: number;
	/** n8n warn lines of the node: busy waits (429, code 2) and retries. */
	busyWaits: number;
	retries: number;
	seconds: number;
}

export function describeFigures(where: string, figures: LoadFigures): string {
	return (
		`[load] ${where}: ${figures.executions} executions, ${figures.profiles} profiles, ` +
		`${figures.requests} requests, ${figures.tooManyRequests} answered 429, ` +
		`${figures.busyWaits} busy waits and ${figures.retries} retries logged, ${figures.seconds.toFixed(1)} s\n`
	);
}

/** Counts the node's warn lines (as n8n logs them) in log text: busy waits, and retries. */
export function countWarnings(lines: string[]): { busyWaits: number; retries: number } {
	const busyWaits = lines.filter((line) => /CleverTap .*; waiting \d+ ms \(busy for/.test(line));
	const retries = lines.filter((line) => /CleverTap .*; retry \d+ of \d+ in \d+ ms/.test(line));
	return { busyWaits: busyWaits.length, retries: retries.length };
}
