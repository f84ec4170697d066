import { describe, expect, it } from 'vitest';
import { readFixtureText } from '../../../test/fixtures.js';
import { fetchSimpleProject, SIMPLE_ACCEPT } from './simple.js';
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
    expect(p.files.map((f) => [f.filename, f.version, f.kind])).toEqual([
      ['sampleproject-4.0.0-py3-none-any.whl', '4.0.0', 'wheel'],
      ['sampleproject-4.0.0.tar.gz', '4.0.0', 'sdist'],
    ]);
    expect(p.files[1]?.provenanceUrl).toBe(
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
});
