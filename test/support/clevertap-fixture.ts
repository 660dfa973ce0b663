/**
 * What every workflow test of the CleverTap node needs: a simulator on loopback for the test
 * file, credentials pointing at it, and a one-call way to run the node in a real workflow.
 */
import type { ICredentialDataDecryptedObject, IDataObject, INode } from 'n8n-workflow';

import {
	CLEVERTAP_NODE_TYPE,
	runWorkflow,
	type RunWorkflowOptions,
	type WorkflowRunResult,
} from '../helpers/n8n-engine';
import { startSimulator, type CleverTapSimulator, type SimulatorOptions } from '../simulator';

export { simulatorCredentials } from './simulator-credentials';

export const NODE_NAME = 'CleverTap';

/** Starts a simulator before the file's tests and stops it after; clears its requests and faults per test. */
export function useSimulator(options: SimulatorOptions = {}) {
	const holder = {} as { current: CleverTapSimulator };
	beforeAll(async () => {
		holder.current = await startSimulator(options);
	});
	beforeEach(() => {
		holder.current.clearRequests();
		holder.current.setFaults([]);
	});
	afterAll(async () => {
		await holder.current?.close();
	});
	return holder;
}

export type RunCleverTapOptions = Pick<RunWorkflowOptions, 'inputItems' | 'onStarted'> & {
	credentials: ICredentialDataDecryptedObject;
	/** Node settings such as `continueOnFail: true` or `onError`. */
	settings?: Partial<INode>;
	/** The workflow's time zone (workflow Settings > Timezone), e.g. 'Pacific/Auckland'. */
	timezone?: string;
};

/** Runs a one-node workflow: the CleverTap node with these parameters, fed `inputItems`. */
export async function runCleverTap(
	parameters: IDataObject,
	{ credentials, settings, timezone, ...options }: RunCleverTapOptions,
): Promise<WorkflowRunResult> {
	return await runWorkflow({
		...options,
		nodes: [
			{
				name: NODE_NAME,
				type: CLEVERTAP_NODE_TYPE,
				parameters: parameters as INode['parameters'],
				...settings,
			},
		],
		credentials: { cleverTapApi: credentials },
		settings: timezone === undefined ? undefined : { timezone },
	});
}

/** The CleverTap IDs of output items, in order. */
export function objectIdsOf(items: Array<{ json: IDataObject }>): string[] {
	return items.map(({ json }) => {
		const platforms = (json.platformInfo ?? []) as Array<{ objectId?: string }>;
		return platforms[0]?.objectId ?? '(none)';
	});
}

/** Fails if a secret occurs anywhere in these: Error fields (not enumerable) included, cycles cut. */
export function expectNoSecret(secret: string, ...things: unknown[]): void {
	const seen = new WeakSet<object>();
	const text = JSON.stringify(things, (_key, value: unknown) => {
		if (typeof value !== 'object' || value === null) return value;
		if (seen.has(value)) return '[Circular]';
		seen.add(value);
		if (!(value instanceof Error)) return value;
		const { name, message, stack, cause } = value;
		return { ...value, name, message, stack, cause };
	});
	expect(text.includes(secret) ? text.replaceAll(secret, '<secret>') : 'no secret').toBe(
		'no secret',
	);
}
