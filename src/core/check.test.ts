import { describe, expect, it } from 'vitest';
import { readFixtureText } from '../../test/fixtures.js';
import { checkFile, checkRelease, directPorts } from './check.js';
import { PypiError } from './errors.js';
import type { FetchLike } from './pypi/http.js';

const SDIST = 'sampleproject-4.0.0.tar.gz';
const SDIST_SHA = '0ace7980f82c5815ede4cd7bf9f6693684cec2ae47b9b7ade9add533b8627c6b';
const PROVENANCE = readFixtureText(
  'pypi-api/integrity/sampleproject-4.0.0.tar.gz.provenance.wire.json',
);
const RELEASE_JSON = readFixtureText('pypi-api/json-api/docs-example.sampleproject-4.0.0.json');
const INDEX = 'https://pypi.org';

type Route = (url: string) => Response;
const json = (body: unknown, status = 200) =>
  new Response(typeof body === 'string' ? body : JSON.stringify(body), { status });
const client = (route: Route) => {
  const fetch: FetchLike = async (url) => route(url);
  return { index: INDEX, fetch, sleep: async () => undefined };
};
const sampleproject: Route = (url) => {
  if (url.endsWith('/pypi/sampleproject/4.0.0/json')) return json(RELEASE_JSON);
  if (url.endsWith(`/${SDIST}/provenance`)) return json(PROVENANCE);
  return json({ message: 'No provenance available' }, 404);
};

describe('checkRelease', () => {
  it('verifies the attested file and reports the other as none: partial', async () => {
    const seen: string[] = [];
    const r = await checkRelease(
      directPorts(client(sampleproject)),
      INDEX,
      'sampleproject',
      '4.0.0',
      {
        onFile: (f) => seen.push(f.state),
      },
    );
    expect(r.state).toBe('partial');
    expect(r.files.find((f) => f.filename === SDIST)?.state).toBe('verified');
    expect(r.files.find((f) => f.filename !== SDIST)?.state).toBe('none');
    expect(seen.sort()).toEqual(['none', 'verified']);
  });

  describe('when the release cannot be listed', () => {
    it('is error with the index reason', async () => {
      const r = await checkRelease(directPorts(client(() => json('', 500))), INDEX, 'x', '1');
      expect(r).toMatchObject({ state: 'error', version: '1', error: { code: 'SERVER_ERROR' } });
    });
  });

  describe('when a provenance request fails', () => {
    it('never verifies the file', async () => {
      const route: Route = (url) => (url.includes('/json') ? json(RELEASE_JSON) : json('', 500));
      const r = await checkRelease(directPorts(client(route)), INDEX, 'sampleproject', '4.0.0');
      expect(r.state).toBe('error');
      expect(r.files.every((f) => f.state === 'error')).toBe(true);
    });
  });

  describe('with a repository requirement', () => {
    it('fails a file signed from another repository', async () => {
      const ports = directPorts(client(sampleproject), {
        repository: 'https://github.com/someone/else',
      });
      const r = await checkRelease(ports, INDEX, 'sampleproject', '4.0.0');
      expect(r.files.find((f) => f.filename === SDIST)).toMatchObject({
        state: 'failed',
        code: 'REPOSITORY_MISMATCH',
      });
    });
  });
});

describe('checkFile', () => {
  const file = { filename: SDIST, sha256: SDIST_SHA };

  it('verifies against the digest the index listed', async () => {
    const r = await checkFile(directPorts(client(sampleproject)), 'sampleproject', '4.0.0', file);
    expect(r.state).toBe('verified');
  });

  it('fails when the listed digest is not the signed one', async () => {
    const r = await checkFile(directPorts(client(sampleproject)), 'sampleproject', '4.0.0', {
      filename: SDIST,
      sha256: SDIST_SHA.replace(/^0/, '1'),
    });
    expect(r).toMatchObject({ state: 'failed', code: 'DIGEST_MISMATCH' });
  });

  it('is none when the index has no provenance, error on any other fault', async () => {
    const none = await checkFile(
      {
        fetchProvenance: async () => {
          throw new PypiError('NO_PROVENANCE', 'none here');
        },
        verify: async () => {
          throw new Error('not reached');
        },
      },
      'p',
      '1',
      file,
    );
    expect(none).toMatchObject({ state: 'none', code: 'NO_PROVENANCE', sha256: SDIST_SHA });
    const thrown = await checkFile(
      {
        fetchProvenance: async () => ({ provenance: {}, bodySha256: 'x' }),
        verify: async () => {
          throw new Error('boom');
        },
      },
      'p',
      '1',
      file,
    );
    expect(thrown).toMatchObject({ state: 'error', code: 'INTERNAL_ERROR' });
  });
});
