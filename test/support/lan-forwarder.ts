/**
 * The simulator as another machine would be reached: a TCP forwarder on this machine's network
 * address (not loopback) to the simulator on 127.0.0.1. For tests of the plain-http rule, which
 * treats loopback and other hosts differently.
 */
import { createConnection, createServer, type Server } from 'node:net';
import { networkInterfaces } from 'node:os';

export interface LanForwarder {
	/** http://<network address>:<port> */
	url: string;
	close(): Promise<void>;
}

function networkAddress(): string {
	for (const addresses of Object.values(networkInterfaces())) {
		const found = addresses?.find((address) => address.family === 'IPv4' && !address.internal);
		if (found) return found.address;
	}
	throw new Error('This machine has no non-loopback IPv4 address to test a remote host with');
}

export async function forwardFromNetwork(targetUrl: string): Promise<LanForwarder> {
	const target = new URL(targetUrl);
	const host = networkAddress();
	const sockets = new Set<{ destroy(): void }>();
	const server: Server = createServer((socket) => {
		const upstream = createConnection(Number(target.port), target.hostname);
		sockets.add(socket).add(upstream);
		socket.pipe(upstream).pipe(socket);
		socket.on('error', () => upstream.destroy());
		upstream.on('error', () => socket.destroy());
	});
	await new Promise<void>((resolve) => server.listen(0, host, resolve));
	const { port } = server.address() as { port: number };
	return {
		url: `http://${host}:${port}`,
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				for (const socket of sockets) socket.destroy();
			}),
	};
}
