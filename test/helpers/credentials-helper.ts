/**
 * The credentials side of the engine: hands credential data to nodes and signs their
 * requests, following n8n's own CredentialsHelper (packages/cli/src/credentials-helper.ts)
 * where a community node can tell the difference, without its database and encryption.
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeParameters,
	INodeProperties,
	IRequestOptionsSimplified,
	Workflow,
} from 'n8n-workflow';
import { ICredentials, ICredentialsHelper, NodeHelpers, isExpression } from 'n8n-workflow';

import type { LoadedPackage } from './package-loader';

/** Credential data per credential type name, e.g. `{ cleverTapApi: { accountId, passcode } }`. */
export type CredentialsByType = Record<string, ICredentialDataDecryptedObject>;

/**
 * Adds the credential type's property defaults and drops unknown keys, as n8n does before a
 * node (or the credential tester) sees the data. Expressions inside credential values are
 * not resolved: tests pass plain values.
 */
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

/** One per run: it keeps its own copy of the data, so token refreshes never leak across runs. */
export class TestCredentialsHelper extends ICredentialsHelper {
	private readonly store: CredentialsByType;

	constructor(
		private readonly loadedPackage: LoadedPackage,
		credentials: CredentialsByType,
	) {
		super();
		this.store = structuredClone(credentials);
	}

	async getDecrypted(
		_additionalData: unknown,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		// A fresh object per call, like decrypting again: n8n-core merges pre-auth data into it.
		return withCredentialDefaults(this.credentialType(type), this.storedData(type));
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = this.credentialType(typeName);
		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions as IHttpRequestOptions);
		}
		if (authenticate === undefined) return requestOptions as IHttpRequestOptions;
		if (workflow === undefined || node === undefined) {
			// Same refusal as n8n: a generic block needs the workflow's expression engine.
			throw new Error('Workflow and node are required for declarative credential authentication');
		}
		// n8n mutates the request options in place; n8n-core's 401 retry then authenticates the
		// same object again, which is harmless because every key is set, never appended.
		const target = requestOptions as unknown as Record<string, Record<string, string>>;
		target.headers ??= {};
		for (const [section, entries] of Object.entries(authenticate.properties)) {
			if (typeof entries !== 'object' || entries === null) {
				throw new Error(
					`authenticate.properties.${section} is not an object: n8n's generic authenticate only merges objects (headers, qs, body, auth)`,
				);
			}
			target[section] ??= {};
			for (const [key, value] of Object.entries(entries as Record<string, string>)) {
				const resolveWith = (text: string) =>
					resolveCredentialExpression(text, credentials, workflow, node);
				target[section][resolveWith(key)] = resolveWith(value);
			}
		}
		return requestOptions as IHttpRequestOptions;
	}

	/** n8n refreshes an "expirable" hidden property (e.g. a session token) via the type's preAuthentication. */
	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		_node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = this.credentialType(typeName);
		const expirable = credentialType.properties.find(
			(property) => property.type === 'hidden' && property.typeOptions?.expirable === true,
		);
		if (expirable === undefined || typeof credentialType.preAuthentication !== 'function') {
			// The common case (API keys): n8n-core's 401 retry then simply resends the request.
			return undefined;
		}
		if (credentials[expirable.name] !== '' && !credentialsExpired) return undefined;

		// preAuthentication is typed to return IDataObject; n8n treats it as credential data too.
		const output = (await credentialType.preAuthentication.call(
			helpers,
			credentials,
		)) as ICredentialDataDecryptedObject;
		if (output[expirable.name] === undefined) return undefined;
		this.store[typeName] = { ...this.storedData(typeName), ...output };
		return Object.assign(credentials, output);
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const { preAuthentication } = this.credentialType(typeName);
		if (typeof preAuthentication !== 'function') return undefined;
		return (await preAuthentication.call(helpers, credentials)) as ICredentialDataDecryptedObject;
	}

	getParentTypes(name: string): string[] {
		const parents = this.findCredentialType(name)?.extends ?? [];
		return parents.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}

	isCredentialUsableByNode(credentialType: string, nodeType: string): boolean {
		const definition = this.findCredentialType(credentialType);
		if (!definition?.restrictToSupportedNodes) return true;
		return this.loadedPackage.supportedNodesOf(credentialType).includes(nodeType);
	}

	async getCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentials> {
		return new InMemoryCredentials(nodeCredentials, type, this.store);
	}

	async updateCredentials(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.store[type] = structuredClone(data);
	}

	async updateCredentialsOauthTokenData(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.store[type] = { ...this.storedData(type), oauthTokenData: data.oauthTokenData };
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.credentialType(type).properties;
	}

	private storedData(type: string): ICredentialDataDecryptedObject {
		const data = this.store[type];
		if (data === undefined) {
			throw new Error(`No "${type}" credentials were given to the test harness`);
		}
		return structuredClone(data);
	}

	private credentialType(name: string): ICredentialType {
		return this.loadedPackage.credentialType(name);
	}

	private findCredentialType(name: string): ICredentialType | undefined {
		return this.loadedPackage.credentialTypeNames.includes(name)
			? this.credentialType(name)
			: undefined;
	}
}

/**
 * Resolves `={{$credentials.apiKey}}` with the workflow's expression engine, as n8n does
 * (`getSimpleParameterValue` with `$credentials` as an additional key); plain text passes
 * through and an empty result becomes ''.
 */
function resolveCredentialExpression(
	text: string,
	credentials: ICredentialDataDecryptedObject,
	workflow: Workflow,
	node: INode,
): string {
	if (!isExpression(text)) return text;
	const resolved = workflow.expression.getSimpleParameterValue(
		node,
		text,
		'internal',
		{ $credentials: credentials },
		undefined,
		'',
	);
	return resolved ? String(resolved) : '';
}

/** `ICredentials` over the helper's in-memory store (n8n's version decrypts from the database). */
class InMemoryCredentials extends ICredentials {
	constructor(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		private readonly store: CredentialsByType,
	) {
		super(nodeCredentials, type);
	}

	async getData(): Promise<ICredentialDataDecryptedObject> {
		return structuredClone(this.store[this.type] ?? {});
	}

	getDataToSave(): never {
		throw new Error('The test harness keeps credentials in memory; there is nothing to encrypt');
	}

	async setData(data: ICredentialDataDecryptedObject): Promise<void> {
		this.store[this.type] = structuredClone(data);
	}

	async updateData(
		toUpdate: Partial<ICredentialDataDecryptedObject>,
		toDelete: string[] = [],
	): Promise<void> {
		const updated = { ...this.store[this.type], ...toUpdate } as ICredentialDataDecryptedObject;
		for (const key of toDelete) delete updated[key];
		this.store[this.type] = updated;
	}
}
