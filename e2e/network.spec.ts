/**
 * Issue 12 §3, real networks: the fake index speaks HTTP/2 (with HTTP/1.1 fallback) and can
 * answer each request a round trip late, as pypi.org's CDN does. The browser's requests go
 * over HTTP/2, a Node client falls back to HTTP/1.1, and at 100 ms per response a cold
 * 60-file release sends its provenance requests together rather than six at a time.
 */
import { request } from 'node:https';
import { release60 } from '../bench/lib/inputs.js';
import { expect, test } from './fixtures.js';
import { fileStates, openRelease } from './page-readers.js';
import { sampleprojectSite, type SiteSpec } from './site.js';

const SIXTY = 'bench-sixty';
const spec: SiteSpec = {
  'pypi.org': {
    ...sampleprojectSite()['pypi.org'],
    [SIXTY]: { '1.0.0': release60() },
  },
};
test.use({ siteSpec: spec });

test('the browser reaches the index over HTTP/2, a Node client over HTTP/1.1', async ({
  page,
  fakePypi,
}) => {
  expect(await openRelease(page, 'https://pypi.org/project/sampleproject/4.0.0/')).toBe('verified');
  const api = fakePypi.requests.filter((r) => /^\/(pypi|integrity)\//.test(r.path));
  expect(api.length).toBeGreaterThanOrEqual(3);
  expect(new Set(api.map((r) => r.protocol))).toEqual(new Set(['h2']));

  const status = await new Promise<number | undefined>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: fakePypi.port,
        path: '/pypi/sampleproject/4.0.0/json',
        servername: 'pypi.org',
        headers: { host: 'pypi.org' },
        ca: fakePypi.certPem,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      },
    );
    req.on('error', reject);
    req.end();
  });
  expect(status).toBe(200);
  expect(fakePypi.requests.at(-1)).toMatchObject({
    path: '/pypi/sampleproject/4.0.0/json',
    protocol: 'http/1.1',
  });
});

test('at 100 ms per response a cold 60-file release verifies, its provenance asked for together', async ({
  page,
  fakePypi,
}) => {
  const latency = 100;
  fakePypi.network.latencyMs = latency;
  expect(await openRelease(page, `https://pypi.org/project/${SIXTY}/1.0.0/`)).toBe('verified');
  expect(Object.values(await fileStates(page))).toEqual(Array(60).fill('verified'));
  // (The history's requests, after the final badge, ask for other versions.)
  const integrity = fakePypi.requests.filter((r) =>
    r.path.startsWith(`/integrity/${SIXTY}/1.0.0/`),
  );
  expect(integrity).toHaveLength(60);
  // How many were in flight at once: six at most if they were sent six at a time (as before,
  // and as over HTTP/1.1); the limit is 64. (Counted, not timed: the machine may be loaded.)
  const events = integrity.flatMap((r) => [
    [r.at, 1],
    [r.done ?? Infinity, -1],
  ]);
  events.sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
  let inFlight = 0;
  let peak = 0;
  for (const [, delta] of events) peak = Math.max(peak, (inFlight += delta!));
  expect(peak).toBeGreaterThan(12);
});
