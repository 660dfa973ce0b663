/**
 * Test harness: real n8n workflows through n8n's own engine (n8n-core 2.41), and the credential's
 * test as n8n's credential dialog runs it, on the BUILT package: run `npm run build` first.
 */
export { harnessLogger } from './n8n-internals';
export { CLEVERTAP_NODE_TYPE, REPO_ROOT } from './package-loader';
export { runWorkflow } from './run-workflow';
export type { RunWorkflowOptions, WorkflowRunResult } from './run-workflow';
export { testCredential } from './test-credential';
