import { describe, expect, it } from 'vitest';
import { readFixtureText } from '../../../test/fixtures.js';
import { releaseDocument, streamed } from '../../../test/big-listings.js';
import { checkRelease, directPorts } from '../check.js';
import { fetchProvenance, fetchRelease, LATEST_READ_AHEAD } from './client.js';
import type { FetchLike } from './http.js';

const INDEX = 'https://pypi.org';
const SDIST = 'sampleproject-4.0.0.tar.gz';
const SDIST_SHA = '0ace7980f82c5815ede4cd7bf9f6693684cec2ae47b9b7ade9add533b8627c6b';
const PROVENANCE = readFixtureText(
  'pypi-api/integrity/sampleproject-4.0.0.tar.gz.provenance.wire.json',
);
const RELEASE_JSON = readFixtureText('pypi-api/json-api/docs-example.sampleproject-4.0.0.json');

type Route = (url: string) => Response | Promise<Response>;
const calls: string[] = [];
function fakeFetch(route: Route): FetchLike {
  return async (url, init) => {
    calls.push(url);
    if (init.signal.aborted) throw new DOMException('aborted', 'AbortError');
    const res = await Promise.race([
      Promise.resolve(route(url)),
      new Promise<never>((_, reject) =>
        init.signal.addEventListener('abort', () =>
          reject(new DOMException('aborted', 'AbortError')),
        ),
      ),
    ]);
    return res;
  };
}
const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers });
const opts = (route: Route, extra = {}) => ({
  index: 'https://pypi.org',
  fetch: fakeFetch(route),
  sleep: async () => undefined,
  ...extra,
});

describe('fetchProvenance', () => {
  it('returns the provenance and the body digest on 200', async () => {
    const r = await fetchProvenance(
      'sampleproject',
      '4.0.0',
      SDIST,
      opts(() => json(PROVENANCE)),
    );
    expect(r.bodySha256).toMatch(/^[0-9a-f]{64}$/);
    expect(r.provenance).toMatchObject({ version: 1 });
  });
  it('asks the Integrity API with its media type at the right URL', async () => {
    let accept = '';
    let seen = '';
    const f: FetchLike = async (url, init) => {
      seen = url;
      accept = init.headers.Accept ?? '';
      return json(PROVENANCE);
    };
    await fetchProvenance('sampleproject', '4.0.0', SDIST, {
      index: 'https://pypi.org/',
      fetch: f,
    });
    expect(seen).toBe(`https://pypi.org/integrity/sampleproject/4.0.0/${SDIST}/provenance`);
    expect(accept).toBe('application/vnd.pypi.integrity.v1+json');
  });
  it.each([
    [404, { message: 'No provenance available for x' }, 'NO_PROVENANCE'],
    [403, { message: 'Attestations temporarily disabled' }, 'ATTESTATIONS_DISABLED'],
    [406, { message: 'Request not acceptable' }, 'NOT_ACCEPTABLE'],
    [500, 'oops', 'SERVER_ERROR'],
    [502, '', 'SERVER_ERROR'],
    [418, '', 'HTTP_ERROR'],
    [429, '', 'RATE_LIMITED'],
  ])('maps status %i to %s', async (status, body, code) => {
    await expect(
      fetchProvenance(
        'p',
        '1',
        'p-1.tar.gz',
        opts(() => json(body, status as number)),
      ),
    ).rejects.toMatchObject({ code });
  });
  it.each([
    [
      'an HTML page (project, version or file gone)',
      '<!DOCTYPE html>\n<html lang="en"><head><title>Page Not Found (404) · PyPI</title></head><body><h1>We looked everywhere but couldn\'t find this page</h1></body></html>\n',
      'text/html; charset=UTF-8',
    ],
    ['an empty body', '', 'text/plain'],
    ['a JSON error', '{"message":"No provenance available for p-1.tar.gz"}', 'application/json'],
  ])('maps a 404 with %s to NO_PROVENANCE, whatever the body', async (_label, body, type) => {
    await expect(
      fetchProvenance(
        'p',
        '1',
        'p-1.tar.gz',
        opts(() => json(body, 404, { 'content-type': type })),
      ),
    ).rejects.toMatchObject({ code: 'NO_PROVENANCE' });
  });
  it('maps a 403 with an HTML body to ATTESTATIONS_DISABLED', async () => {
    await expect(
      fetchProvenance(
        'p',
        '1',
        'p-1.tar.gz',
        opts(() => json('<html>403</html>', 403)),
      ),
    ).rejects.toMatchObject({ code: 'ATTESTATIONS_DISABLED' });
  });
  it('reads a release whose file is gone (HTML 404) as that file having no provenance', async () => {
    const route = (url: string) =>
      url.endsWith('/json')
        ? json(RELEASE_JSON)
        : json('<!DOCTYPE html><html><title>404</title></html>', 404);
    const r = await checkRelease(directPorts(opts(route)), INDEX, 'sampleproject', '4.0.0');
    expect(r.files.map((f) => f.state)).toEqual(['none', 'none']);
    expect(r.state).toBe('none');
  });
  it('fails on a body that is not JSON', async () => {
    await expect(
      fetchProvenance(
        'p',
        '1',
        'p-1.tar.gz',
        opts(() => json('<html>hi</html>')),
      ),
    ).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
  });
  it('fails on JSON of the wrong shape', async () => {
    await expect(
      fetchProvenance(
        'p',
        '1',
        'p-1.tar.gz',
        opts(() => json({ version: '1', bundles: [] })),
      ),
    ).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
  });
  it('refuses a body over the size cap (declared)', async () => {
    const big = 'x'.repeat(2000);
    await expect(
      fetchProvenance(
        'p',
        '1',
        'p-1.tar.gz',
        opts(() => json(big, 200, { 'content-length': '2000' }), { maxBytes: 1000 }),
      ),
    ).rejects.toMatchObject({ code: 'RESPONSE_TOO_LARGE' });
  });
  it('refuses a body over the size cap (streamed, no length)', async () => {
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        c.enqueue(new Uint8Array(600));
      },
    });
    await expect(
      fetchProvenance(
        'p',
        '1',
        'p-1.tar.gz',
        opts(() => new Response(stream), { maxBytes: 1000 }),
      ),
    ).rejects.toMatchObject({ code: 'RESPONSE_TOO_LARGE' });
  });
  it('times out when the index never answers', async () => {
    await expect(
      fetchProvenance(
        'p',
        '1',
        'p-1.tar.gz',
        opts(() => new Promise<Response>(() => undefined), { timeoutMs: 50 }),
      ),
    ).rejects.toMatchObject({ code: 'TIMEOUT' });
  });
  it('reports a network fault', async () => {
    await expect(
      fetchProvenance('p', '1', 'p-1.tar.gz', {
        index: 'https://pypi.org',
        fetch: async () => {
          throw new TypeError('fetch failed');
        },
      }),
    ).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
  });
  it('retries 429 honouring Retry-After, then succeeds', async () => {
    const waits: number[] = [];
    let n = 0;
    const r = await fetchProvenance('p', '1', SDIST, {
      index: 'https://pypi.org',
      fetch: fakeFetch(() =>
        n++ === 0 ? json('', 429, { 'retry-after': '2' }) : json(PROVENANCE),
      ),
      retries: 2,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    expect(r.provenance).toBeTruthy();
    expect(waits).toEqual([2000]);
  });
  it('gives up after the allowed retries', async () => {
    let n = 0;
    await expect(
      fetchProvenance(
        'p',
        '1',
        SDIST,
        opts(() => (n++, json('', 503)), { retries: 2 }),
      ),
    ).rejects.toMatchObject({ code: 'SERVER_ERROR' });
    expect(n).toBe(3);
  });
  it('does not retry a 404', async () => {
    let n = 0;
    await expect(
      fetchProvenance(
        'p',
        '1',
        SDIST,
        opts(() => (n++, json({}, 404)), { retries: 3 }),
      ),
    ).rejects.toMatchObject({ code: 'NO_PROVENANCE' });
    expect(n).toBe(1);
  });
});

describe('fetchRelease', () => {
  it('lists the files and digests of a release (real JSON API example)', async () => {
    const r = await fetchRelease(
      'sampleproject',
      '4.0.0',
      opts(() => json(RELEASE_JSON)),
    );
    expect(r.version).toBe('4.0.0');
    expect(r.files.map((f) => f.filename).sort()).toEqual([
      'sampleproject-4.0.0-py3-none-any.whl',
      SDIST,
    ]);
    expect(r.files.find((f) => f.filename === SDIST)?.sha256).toBe(SDIST_SHA);
    // Where the index serves it (the install text's pylock entry names it).
    expect(r.files.find((f) => f.filename === SDIST)?.url).toMatch(
      /^https:\/\/files\.pythonhosted\.org\/packages\/.+\/sampleproject-4\.0\.0\.tar\.gz$/,
    );
  });
  it('is NOT_FOUND for an unknown release', async () => {
    await expect(
      fetchRelease(
        'nope',
        '1',
        opts(() => json({ message: 'Not Found' }, 404)),
      ),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
  it('rejects a digest that is not hex', async () => {
    const bad = {
      info: { name: 'p', version: '1' },
      urls: [{ filename: 'p-1.tar.gz', digests: { sha256: 'zz' } }],
    };
    await expect(
      fetchRelease(
        'p',
        '1',
        opts(() => json(bad)),
      ),
    ).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
  });
  it('rejects a filename with a path separator', async () => {
    const bad = {
      info: { name: 'p', version: '1' },
      urls: [{ filename: '../p-1.tar.gz', digests: { sha256: SDIST_SHA } }],
    };
    await expect(
      fetchRelease(
        'p',
        '1',
        opts(() => json(bad)),
      ),
    ).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
  });
  it.each([
    ['not JSON', '<html>'],
    ['no info', '{"urls":[]}'],
    ['urls not a list', '{"info":{"name":"p","version":"1"},"urls":{}}'],
    ['cut short', '{"info":{"name":"p","version":"1"},"urls":[{"filename":"p-1.tar.gz"'],
  ])('rejects a release document that is %s', async (_what, body) => {
    await expect(
      fetchRelease(
        'p',
        '1',
        opts(() => json(body)),
      ),
    ).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
  });
});

describe('fetchRelease on big projects (issue 12)', () => {
  const MB = 1024 * 1024;
  /** Serves the all-releases and per-release documents of `big`, counting what is read. */
  function bigProject(releases: number, descriptionBytes: number) {
    const urls: string[] = [];
    let chunksRead = 0;
    const all = releaseDocument('big', releases, 20, { all: true, descriptionBytes });
    const one = releaseDocument('big', releases, 20, { all: false, descriptionBytes });
    const fetch: FetchLike = async (url) => {
      urls.push(url);
      const body = url.endsWith('/pypi/big/json') ? all : one;
      return new Response(streamed(body, 64 * 1024, () => chunksRead++));
    };
    return { fetch, urls, allBytes: all.length, chunksRead: () => chunksRead };
  }

  it('reads the latest release of a small project from the all-releases document alone', async () => {
    const p = bigProject(3, 1000);
    const r = await fetchRelease('big', undefined, { index: 'https://pypi.org', fetch: p.fetch });
    expect(r).toMatchObject({ project: 'big', version: '2' });
    expect(r.files).toHaveLength(20);
    expect(p.urls).toEqual(['https://pypi.org/pypi/big/json']);
  });

  it('learns the latest version of a big project early, then lists that release alone', async () => {
    // 2,000 releases of 20 files: the all-releases document is ~15 MB.
    const p = bigProject(2000, 1 * MB);
    const r = await fetchRelease('big', undefined, { index: 'https://pypi.org', fetch: p.fetch });
    expect(r).toMatchObject({ project: 'big', version: '1999' });
    expect(r.files.map((f) => f.filename)).toContain('big-1999.tar.gz');
    expect(p.urls).toEqual([
      'https://pypi.org/pypi/big/json',
      'https://pypi.org/pypi/big/1999/json',
    ]);
    expect(p.allBytes).toBeGreaterThan(10 * MB);
    // The description (1 MB) and the read-ahead, then the release's own document (~1 MB).
    expect(p.chunksRead() * 64 * 1024).toBeLessThan(3 * MB + 2 * LATEST_READ_AHEAD);
  });

  it('lists a release whose description is larger than the 5 MiB body cap', async () => {
    const p = bigProject(2, 8 * MB);
    const r = await fetchRelease('big', '1', { index: 'https://pypi.org', fetch: p.fetch });
    expect(r.files).toHaveLength(20);
  });

  it('still refuses a release listing more than 5,000 files', async () => {
    const urls = Array.from({ length: 5001 }, (_, i) => ({
      filename: `p-1-${i}-py3-none-any.whl`,
      digests: { sha256: SDIST_SHA },
    }));
    await expect(
      fetchRelease(
        'p',
        '1',
        opts(() => json({ info: { name: 'p', version: '1' }, urls })),
      ),
    ).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
  });
});
