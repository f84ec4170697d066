/**
 * A local HTTP CONNECT proxy for the Firefox suite: Firefox has no host-resolver rules, so it
 * reaches the fake pypi.org (e2e/fake-pypi/server.js) through this proxy (prefs
 * `network.proxy.*`, see session.ts). Only `CONNECT pypi.org:443` and `CONNECT
 * test.pypi.org:443` are tunnelled, to the fake server on 127.0.0.1; every other request
 * (another host or port, plain HTTP through the proxy) gets 403 and is recorded in `refused`,
 * so nothing leaves the machine. TLS stays end to end between Firefox and the fake server.
 */
import { createServer, type IncomingMessage } from 'node:http';
import { connect, type Socket } from 'node:net';
import { FAKE_HOSTS } from '../fixtures.js';

export interface FakeProxy {
  port: number;
  /** `host:port` (or the URL of a plain request) of every request answered 403, in order. */
  refused: string[];
  close(): Promise<void>;
}

const ALLOWED = new Set<string>(FAKE_HOSTS.map((host) => `${host}:443`));

export async function startProxy(targetPort: number): Promise<FakeProxy> {
  const refused: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    refused.push(req.url ?? '');
    res.writeHead(403, { 'content-type': 'text/plain', connection: 'close' });
    res.end('the e2e proxy only tunnels to pypi.org:443 and test.pypi.org:443\n');
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    const target = (req.url ?? '').toLowerCase();
    if (!ALLOWED.has(target)) {
      refused.push(target);
      client.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    const upstream = connect(targetPort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    const drop = () => {
      client.destroy();
      upstream.destroy();
    };
    upstream.on('error', drop);
    client.on('error', drop);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no port');
  let closed: Promise<void> | undefined;
  return {
    port: address.port,
    refused,
    close() {
      closed ??= new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      });
      return closed;
    },
  };
}
