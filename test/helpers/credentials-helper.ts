/**
 * What n8n's CredentialsHelper (packages/cli/src/credentials-helper.ts) does for a credential like
 * ours: plain data with defaults, and a generic `authenticate` block. Only the methods n8n-core
 * calls for such a credential are here (no OAuth, no pre-authentication).
 */
import type {
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	IHttpRequestOptions,
	INode,
	INodeParameters,
	Workflow,
} from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import type { LoadedPackage } from './package-loader';

/** Credential data per credential type name, e.g. `{ cleverTapApi: { accountId, passcode } }`. */
export type CredentialsByType = Record<string, ICredentialDataDecryptedObject>;

export class TestCredentialsHelper {
	constructor(
		private readonly loadedPackage: LoadedPackage,
		private readonly credentials: CredentialsByType,
	) {}

	getParentTypes = () => [];
	isCredentialUsableByNode = () => true;
	preAuthentication = async () => undefined;

	async getDecrypted(_additionalData: unknown, _nodeCredentials: unknown, type: string) {
		// A fresh object per call, the type's defaults added and unknown keys dropped, as n8n does.
		const data = structuredClone(this.credentials[type]) as INodeParameters;
		const { properties } = this.loadedPackage.credentialType(type);
		const decrypted = NodeHelpers.getNodeParameters(properties, data, true, false, null, null);
		return decrypted as ICredentialDataDecryptedObject;
	}

	/** Sets (in place, never appending) each key and value of the block, resolved over `$credentials`. */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
		workflow: Workflow,
		node: INode,
	): Promise<IHttpRequestOptions> {
		const { properties } = this.loadedPackage.credentialType(typeName)
			.authenticate as IAuthenticateGeneric;
		const resolve = (text: string) =>
			String(
				workflow.expression.getSimpleParameterValue(node, text, 'internal', {
					$credentials: credentials,
				}) ?? '',
			);
		const target = requestOptions as unknown as Record<string, Record<string, string>>;
		for (const [section, entries] of Object.entries(properties)) {
			target[section] ??= {};
			for (const [key, value] of Object.entries(entries as Record<string, string>)) {
				target[section][resolve(key)] = resolve(value);
			}
		}
		return requestOptions;
	}
}
