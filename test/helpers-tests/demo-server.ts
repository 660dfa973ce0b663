/**
 * A tiny HTTP API on 127.0.0.1 for the harness tests; it records every request it gets.
 *
 * - GET /echo?item=N[&fail=STATUS]: 200 `{ item, tenant }`, or STATUS when `fail` is given
 * - GET /me: 200 `{ account: { status } }` for the active or suspended key
 * Any other API key gets 401 on every route.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export const KEYS = {
	active: 'key-active-5f1c',
	suspended: 'key-suspended-77aa',
};

export interface RecordedRequest {
	method: string;
	path: string;
	query: Record<string, string>;
	headers: Record<string, string | string[] | undefined>;
}

export interface DemoServer {
	baseUrl: string;
	requests: RecordedRequest[];
	close(): Promise<void>;
}

export async function startDemoServer(): Promise<DemoServer> {
	const requests: RecordedRequest[] = [];
	const server = createServer((request, response) => {
		const url = new URL(request.url ?? '/', 'http://127.0.0.1');
		const query = Object.fromEntries(url.searchParams);
		requests.push({
			method: request.method ?? '',
			path: url.pathname,
			query,
			headers: request.headers,
		});
		const answer = (status: number, body: object) => {
			response.writeHead(status, { 'content-type': 'application/json' });
			response.end(JSON.stringify(body));
		};

		const apiKey = request.headers['x-api-key'];
		if (apiKey !== KEYS.active && apiKey !== KEYS.suspended) {
			return answer(401, { message: 'Unknown API key' });
		}
		if (url.pathname === '/me') {
			return answer(200, { account: { status: apiKey === KEYS.active ? 'active' : 'suspended' } });
		}
		if (url.pathname === '/echo' && query.fail) {
			return answer(Number(query.fail), { message: `Failing on purpose with ${query.fail}` });
		}
		if (url.pathname === '/echo') {
			return answer(200, { item: Number(query.item), tenant: query.tenant });
		}
		return answer(404, { message: 'Not found' });
	});

	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		baseUrl: `http://127.0.0.1:${port}`,
		requests,
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
