/** The CleverTap simulator: a local stand-in for CleverTap's "Get User Profiles" API, faults included. */
export { REGIONS, DEMO_ACCOUNT } from './accounts';
export type { Region, SimulatorAccount } from './accounts';
export { startSimulator } from './server';
export type { SimulatorOptions, RecordedRequest, CleverTapSimulator } from './server';
export type { FaultKind, FaultSpec } from './faults';
export { shapeForExport, FULL_EXPORT_SHAPE } from './dataset';
export type {
	Dataset,
	ProfileRecord,
	ExportedRecord,
	ExportShape,
	EventSummary,
	PlatformInfo,
	Platform,
	IdentifierType,
	ProfileValue,
} from './dataset';
export { CLEVERTAP_CURSOR_LIFETIME } from './cursors';
export type { CursorLifetime } from './cursors';
