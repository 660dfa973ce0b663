/** What the benchmark's processes tell each other (over Node's IPC channel). */
import type { ContenderName, ExportQuery } from './contenders';

/** Which population the simulator serves (see SimulatorOptions.oneActiveDayIn). */
export type PopulationKind = 'realistic' | 'one-day';

export interface SimulatorJob {
	kind: PopulationKind;
	/** Profiles the export must hold: the population is sized so the range has exactly this many. */
	profiles: number;
	event: string;
	from: number;
	to: number;
}

export type SimulatorRequest =
	| { type: 'setLatency'; latencyMs: number }
	/** Requests received since the last count; resets the count. */
	| { type: 'countRequests' };

export type SimulatorMessage =
	| { type: 'ready'; url: string; population: number; query: ExportQuery; warmUp: ExportQuery }
	/** For countRequests: the requests, and the simulator's CPU time over the same span. */
	| { type: 'done'; requests?: number; cpuMs?: number };

export interface ContenderJob {
	contender: ContenderName;
	url: string;
	query: ExportQuery;
	/** A small export run first, not timed. */
	warmUp?: ExportQuery;
	/** Write a V8 CPU profile of the timed export here. */
	cpuProfileDir?: string;
}

export interface ContenderResult {
	wallMs: number;
	baselineRss: number;
	/** Peak RSS during the export minus the baseline. */
	peakRssGrowth: number;
	/** Sampled peaks over the baseline: V8's heap (heapTotal), and memory outside it (Buffers). */
	heapGrowth: number;
	externalGrowth: number;
	profiles: number;
	/** The profile count equals the simulator's. */
	complete: boolean;
	note?: string;
}

export type ContenderMessage =
	| { type: 'ready' }
	| { type: 'result'; result: ContenderResult }
	| { type: 'failed'; message: string };
