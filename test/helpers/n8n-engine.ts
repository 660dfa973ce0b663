/**
 * Test harness: runs real n8n workflows through n8n's own engine (n8n-core 2.40), and the
 * credential's test the way n8n's credential dialog does. The package under test is loaded
 * from its BUILT files: run `npm run build` first.
 */
export { harnessLogger } from './capturing-logger';
export type { LogEntry } from './capturing-logger';
export { CLEVERTAP_NODE_TYPE, REPO_ROOT } from './package-loader';
export { runWorkflow } from './run-workflow';
export type {
	OutputItem,
	RunError,
	RunWorkflowOptions,
	WorkflowNodeSpec,
	WorkflowRunResult,
} from './run-workflow';
export { testCredential } from './test-credential';
