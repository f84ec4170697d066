import { describe, expect, it } from 'vitest';
import { formatBytes, progressWords } from '../check/words.js';
import type { FileResult } from './domain.js';
import { verdict } from './verdict.js';
import type { DistributionCheck } from './view-model.js';

const OWN = 'b'.repeat(64);
const OTHER = 'a'.repeat(64);
const check = (result: FileResult, listed: DistributionCheck['listed']): DistributionCheck => ({
  index: 'https://pypi.org',
  project: 'pypi-attestations',
  version: '0.0.19',
  filename: 'pypi_attestations-0.0.19.tar.gz',
  sha256: OWN,
  result,
  listed,
});
const file = { filename: 'pypi_attestations-0.0.19.tar.gz', sha256: OWN };
const verified = {
  ...file,
  state: 'verified',
  publisher: { kind: 'GitHub' },
  attestations: [],
} as FileResult;
const mismatch: FileResult = {
  ...file,
  state: 'failed',
  code: 'DIGEST_MISMATCH',
  message: `expected sha256 ${OWN}, got ${OTHER}`,
};
const none: FileResult = { ...file, state: 'none', code: 'NO_PROVENANCE', message: '' };

describe('verdict', () => {
  it('says the bytes are the signed ones when the provenance verified against them', () => {
    const v = verdict(check(verified, { status: 'same' }));
    expect(v.tone).toBe('verified');
    expect(v.title).toBe('These are the bytes the publisher signed');
    expect(v.lines.join(' ')).toContain('not the index’s');
    expect(v.lines).toContain('pypi.org serves the same file (same SHA-256).');
  });

  describe('when the bytes differ from what was signed', () => {
    it('says so plainly, with both digests', () => {
      const v = verdict(check(mismatch, { status: 'differs', sha256: OTHER }));
      expect(v.tone).toBe('failed');
      expect(v.title).toBe('These bytes are NOT what the publisher signed');
      const text = v.lines.join(' ');
      expect(text).toContain(OWN);
      expect(text).toContain(OTHER);
      expect(text).toContain('Do not install it.');
    });
    it('says so from the statement alone when the listing is unknown', () => {
      const v = verdict(check(mismatch, { status: 'unknown', message: 'offline' }));
      expect(v.title).toBe('These bytes are NOT what the publisher signed');
    });
  });

  it('says when the index serves other bytes even without provenance', () => {
    const v = verdict(check(none, { status: 'differs', sha256: OTHER }));
    expect(v).toMatchObject({
      tone: 'failed',
      title: 'These bytes are NOT the file pypi.org serves',
    });
  });

  it('explains a file the index does not have', () => {
    const v = verdict(check(none, { status: 'absent' }));
    expect(v.tone).toBe('none');
    expect(v.lines[0]).toBe('pypi.org lists no file of this name in pypi-attestations 0.0.19.');
  });

  it('never shows a failed or missing provenance as verified', () => {
    for (const result of [mismatch, none]) {
      for (const listed of [{ status: 'same' }, { status: 'absent' }] as const) {
        expect(verdict(check(result, listed)).tone).not.toBe('verified');
      }
    }
  });
});

describe('formatBytes and progressWords', () => {
  it('uses decimal units', () => {
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(29_882)).toBe('30 kB');
    expect(formatBytes(1_300_000_000)).toBe('1.3 GB');
  });
  it('gives a floor percentage and the sizes', () => {
    expect(progressWords(150_000_000, 300_000_000)).toBe('50% (150 MB of 300 MB)');
    expect(progressWords(0, 0)).toBe('100% (0 B of 0 B)');
  });
});
