import { describe, expect, it } from 'vitest';
import { readFixtureText } from '../../../test/fixtures.js';
import { fetchSimpleProject, SIMPLE_ACCEPT } from './simple.js';
import { listing, streamed } from '../../../test/big-listings.js';
import type { FetchLike } from './http.js';

const SIMPLE = readFixtureText('pypi-api/simple-api/SYNTHETIC.sampleproject.simple.v1.json');

describe('fetchSimpleProject', () => {
  it('lists files with digest, version and same-origin provenance URL', async () => {
    let accept = '';
    let url = '';
    const fetch: FetchLike = async (u, init) => {
      url = u;
      accept = init.headers.Accept ?? '';
      return new Response(SIMPLE);
    };
    const p = await fetchSimpleProject('sampleproject', { index: 'https://pypi.org', fetch });
    expect(url).toBe('https://pypi.org/simple/sampleproject/');
    expect(accept).toBe(SIMPLE_ACCEPT);
    // One file per release: its sdist (listed after the wheel).
    expect(p.files.map((f) => [f.filename, f.version, f.kind])).toEqual([
      ['sampleproject-4.0.0.tar.gz', '4.0.0', 'sdist'],
    ]);
    expect(p).toMatchObject({ name: 'sampleproject', versions: ['4.0.0'], releases: 1 });
    expect(p.truncated).toBeUndefined();
    expect(p.files[0]?.provenanceUrl).toBe(
      'https://pypi.org/integrity/sampleproject/4.0.0/sampleproject-4.0.0.tar.gz/provenance',
    );
  });
  it('never follows a provenance URL to another origin', async () => {
    const evil = SIMPLE.replaceAll('https://pypi.org/integrity', 'https://evil.example/integrity');
    const fetch: FetchLike = async () => new Response(evil);
    const p = await fetchSimpleProject('sampleproject', { index: 'https://pypi.org', fetch });
    expect(p.files.every((f) => f.provenanceUrl === null)).toBe(true);
  });
  it('rejects a response of the wrong shape', async () => {
    const fetch: FetchLike = async () => new Response('{"files": 3}');
    await expect(
      fetchSimpleProject('x', { index: 'https://pypi.org', fetch }),
    ).rejects.toMatchObject({
      code: 'BAD_RESPONSE',
    });
  });

  it('keeps the newest releases of a long listing, one file each, and counts them all', async () => {
    // 3,000 releases of 3 files (two wheels, then the sdist), oldest first as PyPI lists them.
    const body = listing('big', 3000, 3);
    let pulled = 0;
    const fetch: FetchLike = async () => new Response(streamed(body, 16 * 1024, () => pulled++));
    const p = await fetchSimpleProject('big', {
      index: 'https://pypi.org',
      fetch,
      maxReleases: 100,
    });
    expect(p.releases).toBe(3000);
    expect(p.truncated).toBe(true);
    expect(p.files).toHaveLength(100);
    expect(p.versions[0]).toBe('2900');
    expect(p.versions.at(-1)).toBe('2999');
    expect(p.files.every((f) => f.kind === 'sdist')).toBe(true);
    expect(pulled).toBeGreaterThan(10);
  });
  it('keeps the first wheel of a release without an sdist', async () => {
    const body = JSON.stringify({
      files: ['p-1-py3-none-any.whl', 'p-1-cp312-abi3-any.whl'].map((filename) => ({
        filename,
        hashes: { sha256: 'a'.repeat(64) },
      })),
      name: 'p',
    });
    const p = await fetchSimpleProject('p', {
      index: 'https://pypi.org',
      fetch: async () => new Response(body),
    });
    expect(p.files.map((f) => f.filename)).toEqual(['p-1-py3-none-any.whl']);
  });
  it.each([
    ['a file of the wrong shape', '{"files":[{"filename":3,"hashes":{}}],"name":"x"}'],
    ['no name', '{"files":[]}'],
    ['no files', '{"name":"x"}'],
    ['a truncated document', '{"name":"x","files":[{"filename":"x-1.tar.gz"'],
  ])('rejects %s', async (_what, body) => {
    await expect(
      fetchSimpleProject('x', {
        index: 'https://pypi.org',
        fetch: async () => new Response(body),
      }),
    ).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
  });
});
