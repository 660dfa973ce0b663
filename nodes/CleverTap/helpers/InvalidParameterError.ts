/**
 * A parameter value the user must fix before any request is sent.
 * Pure helpers throw it; the router turns it into n8n's NodeOperationError for the item.
 */
export class InvalidParameterError extends Error {
	constructor(
		message: string,
		readonly hint?: string,
	) {
		super(message);
		this.name = 'InvalidParameterError';
	}
}
