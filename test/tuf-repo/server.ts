/**
 * Serves a TestTufRepo over HTTP on loopback (an ephemeral port), for the TUF client's tests:
 * its current files, 404 for anything else, and every requested path recorded.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestTufRepo } from './index.js';

export interface TufServer {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

export async function serveTufRepo(repo: TestTufRepo): Promise<TufServer> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/').replace(/^\//, '');
    requests.push(path);
    const body = repo.files.get(path);
    if (!body) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
