/**
 * The simulator as another machine reaches it: a TCP forwarder on this machine's network address
 * (not loopback) to the simulator on 127.0.0.1. For the plain-http rule, which treats loopback and
 * other hosts differently.
 */
import { createConnection, createServer, type Socket } from 'node:net';
import { networkInterfaces } from 'node:os';

export async function forwardFromNetwork(targetUrl: string) {
	const host = Object.values(networkInterfaces())
		.flat()
		.find((address) => address?.family === 'IPv4' && !address.internal)?.address;
	if (!host) throw new Error('This machine has no non-loopback IPv4 address to test a remote host');
	const target = new URL(targetUrl);
	const sockets = new Set<Socket>();
	const server = createServer((socket) => {
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
