import type { IExecuteFunctions, IPollFunctions } from 'n8n-workflow';

/** What the transport can run in: a node's execution, or a trigger's poll. */
export type CleverTapFunctions = IExecuteFunctions | IPollFunctions;
