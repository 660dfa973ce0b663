/** Reading requests from and writing replies to the wire, faults that break the wire included. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Reply } from './replies';

export function write(request: IncomingMessage, response: ServerResponse, reply: Reply): void {
	if (reply.kind === 'noAnswer') return;
	if (reply.kind === 'dropConnection') {
		request.socket.destroy();
		return;
	}
	const text = reply.kind === 'json' ? JSON.stringify(reply.body) : reply.text;
	// No Retry-After, ever: CleverTap's 429 has none [doc/seen].
	response.writeHead(reply.status, {
		'Content-Type': 'application/json',
		'Content-Length': Buffer.byteLength(text),
	});
	response.end(text);
}

export function readBody(request: IncomingMessage): Promise<string> {
	return new Promise((resolve) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		// A client that gives up mid-body: carry on with what came; the answer will go nowhere anyway.
		request.on('error', () => resolve(''));
	});
}

export function parseIfJson(text: string): unknown {
	if (text === '') return undefined;
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

export function headerText(request: IncomingMessage, name: string): string | undefined {
	const value = request.headers[name];
	return Array.isArray(value) ? value.join(', ') : value;
}

export function flattenHeaders(request: IncomingMessage): Record<string, string | undefined> {
	return Object.fromEntries(
		Object.keys(request.headers).map((name) => [name, headerText(request, name)]),
	);
}
