/**
 * Test harness: runs real n8n workflows through n8n's own engine (n8n-core 2.40).
 *
 *   const result = await runWorkflow({
 *     nodes: [{ name: 'CleverTap', type: CLEVERTAP_NODE_TYPE, parameters: { ... } }],
 *     inputItems: [{ email: 'a@example.com' }],
 *     credentials: { cleverTapApi: { ... } },
 *   });
 *   expect(result.status).toBe('success');
 *   expect(result.outputOf('CleverTap')).toHaveLength(1);
 *
 * The package under test is loaded from its BUILT files: run `npm run build` first.
 */
export { CapturingLogger, harnessLogger } from './capturing-logger';
export type { LogEntry, LogLevel } from './capturing-logger';
export { TestCredentialsHelper, withCredentialDefaults } from './credentials-helper';
export type { CredentialsByType } from './credentials-helper';
export { CLEVERTAP_NODE_TYPE, REPO_ROOT, fullNodeTypeName, loadPackage } from './package-loader';
export type { LoadedPackage } from './package-loader';
export { runWorkflow, summarizeError } from './run-workflow';
export type {
	OutputItem,
	RunError,
	RunWorkflowOptions,
	WorkflowNodeSpec,
	WorkflowRunResult,
} from './run-workflow';
export { testCredential } from './test-credential';
