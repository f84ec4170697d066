import { describe, expect, it } from 'vitest';
import type { FileResult, Identity, TimelineEntry } from '../shared/domain.js';
import { timelineRows } from './timeline-rows.js';

const id = (repo: string, environment = ''): Identity => ({
  kind: 'GitHub',
  repository: `https://github.com/${repo}`,
  workflow: '.github/workflows/release.yml',
  environment,
});
const verified = (filename: string): FileResult => ({
  filename,
  state: 'verified',
  publisher: { kind: 'GitHub' },
  attestations: [],
});
const entry = (version: string, identity?: Identity, result?: FileResult): TimelineEntry => ({
  version,
  filename: `x-${version}.tar.gz`,
  result: result ?? verified(`x-${version}.tar.gz`),
  ...(identity && { identity }),
});

describe('timelineRows', () => {
  it('marks where the verified identity differs from the next older verified one', () => {
    const rows = timelineRows([
      entry('3.0', id('evil/x')),
      entry('2.1', undefined, {
        filename: 'x-2.1.tar.gz',
        state: 'none',
        code: 'NO_PROVENANCE',
        message: 'none',
      }),
      entry('2.0', id('good/x', 'pypi')),
      entry('1.0', id('good/x')),
    ]);
    expect(rows.map((r) => [r.version, r.state, r.changed])).toEqual([
      ['3.0', 'verified', true],
      ['2.1', 'none', false],
      ['2.0', 'verified', false],
      ['1.0', 'verified', false],
    ]);
    expect(rows[0]?.identity).toBe('GitHub · evil/x · release.yml');
    expect(rows[2]?.environment).toBe('pypi');
    expect(rows[1]?.label).toBe('No provenance');
    expect(rows[1]?.code).toBe('');
  });

  it('keeps the reason code of a failed or unchecked release', () => {
    const [row] = timelineRows([
      entry('1.0', undefined, {
        filename: 'x-1.0.tar.gz',
        state: 'failed',
        code: 'SIGNATURE_INVALID',
        message: 'bad',
      }),
    ]);
    expect(row).toMatchObject({ state: 'failed', label: 'FAILED', code: 'SIGNATURE_INVALID' });
  });
});
