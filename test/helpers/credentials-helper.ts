/**
 * The credentials side of the engine: hands credential data to nodes and signs their requests
 * the way n8n's CredentialsHelper (packages/cli/src/credentials-helper.ts) does for a credential
 * like ours: plain data with defaults, and a generic `authenticate` block. What our credential
 * does not use (OAuth, pre-authentication, stored updates) says so if a node reaches for it.
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestOptions,
	INode,
	INodeParameters,
	INodeProperties,
	IRequestOptionsSimplified,
	Workflow,
} from 'n8n-workflow';
import { ICredentialsHelper, NodeHelpers, isExpression } from 'n8n-workflow';

import type { LoadedPackage } from './package-loader';

/** Credential data per credential type name, e.g. `{ cleverTapApi: { accountId, passcode } }`. */
export type CredentialsByType = Record<string, ICredentialDataDecryptedObject>;

/** The credential type's property defaults added, unknown keys dropped, as n8n does. */
export function withCredentialDefaults(
	credentialType: ICredentialType,
	data: ICredentialDataDecryptedObject,
): ICredentialDataDecryptedObject {
	const withDefaults = NodeHelpers.getNodeParameters(
		credentialType.properties,
		data as INodeParameters,
		true,
		false,
		null,
		null,
	);
	return (withDefaults ?? {}) as ICredentialDataDecryptedObject;
}

function notUsedByOurCredential(feature: string): never {
	throw new Error(
		`${feature} is not supported by the test harness: our credential does not use it`,
	);
}

export class TestCredentialsHelper extends ICredentialsHelper {
	constructor(
		private readonly loadedPackage: LoadedPackage,
		private readonly credentials: CredentialsByType,
	) {
		super();
	}

	async getDecrypted(
		_additionalData: unknown,
		_nodeCredentials: unknown,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.credentials[type];
		if (data === undefined) throw new Error(`No "${type}" credentials were given to the harness`);
		// A fresh object per call, like decrypting again.
		return withCredentialDefaults(this.credentialType(type), structuredClone(data));
	}

	/** n8n's generic authenticate: each entry resolved as an expression over `$credentials`, then set. */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = this.credentialType(typeName);
		if (authenticate === undefined) return requestOptions as IHttpRequestOptions;
		if (typeof authenticate === 'function') notUsedByOurCredential('A function authenticate');
		if (workflow === undefined || node === undefined) {
			// Same refusal as n8n: a generic block needs the workflow's expression engine.
			throw new Error('Workflow and node are required for declarative credential authentication');
		}
		// n8n mutates the request options in place, setting (never appending) every key.
		const target = requestOptions as unknown as Record<string, Record<string, string>>;
		for (const [section, entries] of Object.entries(authenticate.properties)) {
			target[section] ??= {};
			for (const [key, value] of Object.entries(entries as Record<string, string>)) {
				const resolve = (text: string) =>
					isExpression(text)
						? String(
								workflow.expression.getSimpleParameterValue(
									node,
									text,
									'internal',
									{ $credentials: credentials },
									undefined,
									'',
								) ?? '',
							)
						: text;
				target[section][resolve(key)] = resolve(value);
			}
		}
		return requestOptions as IHttpRequestOptions;
	}

	/** Nothing to refresh: n8n returns undefined too for a credential without an expirable field. */
	async preAuthentication(): Promise<undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<never> {
		notUsedByOurCredential('preAuthentication');
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async getCredentials(): Promise<never> {
		notUsedByOurCredential('Stored credentials (OAuth)');
	}

	async updateCredentials(): Promise<never> {
		notUsedByOurCredential('Updating credentials');
	}

	async updateCredentialsOauthTokenData(): Promise<never> {
		notUsedByOurCredential('OAuth tokens');
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.credentialType(type).properties;
	}

	private credentialType(name: string): ICredentialType {
		return this.loadedPackage.credentialType(name);
	}
}
