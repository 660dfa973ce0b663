/**
 * A host that is not CleverTap, on another loopback address (127.0.0.2): where a redirect points
 * in the tests. It records the headers of every request that reaches it, and answers success.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export function useForeignHost() {
	const received: IncomingHttpHeaders[] = [];
	const server = createServer((request, response) => {
		received.push(request.headers);
		response.end('{"status":"success","cursor":"x","record":{}}');
	});
	const host = { url: '', received };
	beforeAll(async () => {
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.2', resolve));
		host.url = `http://127.0.0.2:${(server.address() as AddressInfo).port}`;
	});
	afterAll(() => new Promise((resolve) => server.close(resolve)));
	beforeEach(() => void received.splice(0));
	return host;
}
