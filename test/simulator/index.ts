/** The CleverTap simulator: a local stand-in for CleverTap's "Get User Profiles" API, faults included. */
export { DEMO_ACCOUNT, startSimulator } from './server';
export type { CleverTapSimulator, SimulatorOptions } from './server';
export type { FaultKind, FaultSpec } from './faults';
export type { ProfileRecord } from './dataset';
