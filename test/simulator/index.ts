/** The CleverTap simulator: a local stand-in for CleverTap's APIs (clevertap-api.md), faults included. */
export { DEMO_ACCOUNT, startSimulator } from './server';
export type { CleverTapSimulator, SimulatorOptions } from './server';
export type { FaultKind, FaultSpec } from './faults';
export type { EventOccurrence, EventRecord, ProfileRecord } from './dataset';
export type { StoredEvent, StoredProfile } from './upload';
