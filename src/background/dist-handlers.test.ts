import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readFixture, readFixtureText } from '../../test/fixtures.js';
import { nodeVerifier } from '../../test/node-verifier.js';
import { memoryStore } from './cache.js';
import { createDistHandlers } from './dist-handlers.js';
import { parseEnvelope } from '../shared/requests.js';
import { authorize } from './policy.js';
import { ReleaseService } from './release-service.js';

const SDIST = 'pypi_attestations-0.0.19.tar.gz';
const DIR = 'attestations/pypi-attestations-0.0.19';
const REAL = createHash('sha256')
  .update(readFixture(`${DIR}/${SDIST}`))
  .digest('hex');
const TAMPERED = createHash('sha256')
  .update(readFixture(`attestations/negative/tampered-dist/${SDIST}`))
  .digest('hex');
const PROVENANCE = readFixtureText(`${DIR}/${SDIST}.provenance`);
const INDEX = 'https://pypi.org';
/** The check page (an extension page). */
const PAGE = { context: 'extension' } as const;

/** The fake index: pypi-attestations 0.0.19 with its real sdist digest and provenance. */
function setup(listing: (url: string) => Response | undefined = () => undefined) {
  const log: string[] = [];
  const fetch = (async (input: RequestInfo | URL) => {
    const url = String(input);
    log.push(url);
    const override = listing(url);
    if (override) return override;
    if (url === `${INDEX}/pypi/pypi-attestations/0.0.19/json`) {
      return Response.json({
        info: { name: 'pypi-attestations', version: '0.0.19' },
        urls: [
          {
            filename: SDIST,
            digests: { sha256: REAL },
            url: `https://files.pythonhosted.org/packages/aa/bb/cc/${SDIST}`,
            size: 29882,
            upload_time_iso_8601: '2024-12-04T18:33:09.123456Z',
          },
        ],
      });
    }
    if (url === `${INDEX}/integrity/pypi-attestations/0.0.19/${SDIST}/provenance`) {
      return new Response(PROVENANCE);
    }
    return Response.json({ message: 'Not Found' }, { status: 404 });
  }) as typeof globalThis.fetch;
  const service = new ReleaseService({
    fetch,
    store: memoryStore(),
    trustKey: 't',
    verifier: nodeVerifier,
    sleep: async () => undefined,
  });
  return { handlers: createDistHandlers(service), log };
}

describe('checkDistribution', () => {
  describe('when the file is the one the publisher signed', () => {
    it('verifies its provenance against its own digest, which the index lists too', async () => {
      const { handlers, log } = setup();
      const check = await handlers.checkDistribution(
        { index: INDEX, filename: SDIST, sha256: REAL.toUpperCase() },
        PAGE,
      );
      expect(check).toMatchObject({
        project: 'pypi-attestations',
        version: '0.0.19',
        filename: SDIST,
        sha256: REAL,
        listed: { status: 'same' },
        result: { state: 'verified', sha256: REAL, publisher: { kind: 'GitHub' } },
      });
      // The listing and the provenance, nothing else (the file itself is never sent).
      expect(log).toEqual([
        `${INDEX}/pypi/pypi-attestations/0.0.19/json`,
        `${INDEX}/integrity/pypi-attestations/0.0.19/${SDIST}/provenance`,
      ]);
    });
  });

  describe('when the bytes differ from what was signed (tampered sdist)', () => {
    it('fails on the digest and says what the index lists instead', async () => {
      const { handlers } = setup();
      const check = await handlers.checkDistribution(
        { index: INDEX, filename: SDIST, sha256: TAMPERED },
        PAGE,
      );
      expect(check.listed).toEqual({ status: 'differs', sha256: REAL });
      expect(check.result).toMatchObject({ state: 'failed', code: 'DIGEST_MISMATCH' });
      expect(check.result.state === 'failed' && check.result.message).toContain(REAL);
    });
  });

  describe('when the index does not have the file', () => {
    it('has no provenance, and says the index does not list it', async () => {
      const { handlers } = setup();
      const check = await handlers.checkDistribution(
        { index: INDEX, filename: 'pypi_attestations-0.0.20.tar.gz', sha256: REAL },
        PAGE,
      );
      expect(check.listed).toEqual({ status: 'absent' });
      expect(check.result).toMatchObject({ state: 'none', code: 'NO_PROVENANCE' });
    });
  });

  describe('when the listing fails', () => {
    it('still verifies against the file’s own digest, and says the listing is unknown', async () => {
      const { handlers } = setup((url) =>
        url.endsWith('/json') ? new Response('', { status: 503 }) : undefined,
      );
      const check = await handlers.checkDistribution(
        { index: INDEX, filename: SDIST, sha256: REAL },
        PAGE,
      );
      expect(check.listed.status).toBe('unknown');
      expect(check.result.state).toBe('verified');
    });
  });

  describe('when the name is not a distribution’s', () => {
    it('refuses the request and sends nothing to the index', async () => {
      const { handlers, log } = setup();
      await expect(
        handlers.checkDistribution({ index: INDEX, filename: 'notes.txt', sha256: REAL }, PAGE),
      ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: /unknown distribution format/ });
      expect(log).toEqual([]);
    });
  });
});

describe('releaseDownloads', () => {
  it('gives each listed file’s digest, URL, size and upload time', async () => {
    const { handlers } = setup();
    const { files } = await handlers.releaseDownloads(
      { index: INDEX, project: 'pypi-attestations', version: '0.0.19' },
      PAGE,
    );
    expect(files).toEqual([
      {
        filename: SDIST,
        sha256: REAL,
        url: `https://files.pythonhosted.org/packages/aa/bb/cc/${SDIST}`,
        size: 29882,
        uploadTime: '2024-12-04T18:33:09.123456Z',
      },
    ]);
  });
});

describe('who may ask', () => {
  it('is the extension’s own pages only, never a content script', () => {
    const page = {
      context: 'content',
      tabId: 1,
      url: 'https://pypi.org/project/pypi-attestations/',
    } as const;
    for (const [type, payload] of [
      ['checkDistribution', { index: INDEX, filename: SDIST, sha256: REAL }],
      ['releaseDownloads', { index: INDEX, project: 'pypi-attestations', version: '0.0.19' }],
    ] as const) {
      expect(() => authorize(type, payload, page)).toThrow(/not available to pages/);
      expect(() => authorize(type, payload, PAGE)).not.toThrow();
    }
  });
});

describe('the checkDistribution schema', () => {
  it('accepts a sha256 hex digest and refuses anything else before a handler runs', () => {
    const request = (sha256: unknown, index = INDEX) => ({
      type: 'checkDistribution',
      payload: { index, filename: SDIST, sha256 },
    });
    expect(parseEnvelope(request(REAL))).toMatchObject({ ok: true });
    expect(parseEnvelope(request('abc'))).toMatchObject({
      ok: false,
      message: 'expected a sha256 hex digest',
    });
    expect(parseEnvelope(request(REAL, 'https://example.com'))).toMatchObject({ ok: false });
  });
});
