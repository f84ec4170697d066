import { describe, expect, it } from 'vitest';
import type { FileResult } from '../shared/domain.js';
import {
  isTrustRootStale,
  staleTrustRootText,
  trustRootAgeDays,
  trustRootHint,
} from './freshness.js';

const TAKEN = '2026-01-01T12:00:00.000Z';
const day = (n: number): number => Date.parse(TAKEN) + n * 24 * 60 * 60 * 1000;

describe('trustRootAgeDays', () => {
  it('counts whole days since the root was taken', () => {
    expect(trustRootAgeDays(TAKEN, day(0))).toBe(0);
    expect(trustRootAgeDays(TAKEN, day(180.5))).toBe(180);
  });

  it('is undefined for a missing or unparsable date', () => {
    expect(trustRootAgeDays(undefined, day(1))).toBeUndefined();
    expect(trustRootAgeDays('not a date', day(1))).toBeUndefined();
  });
});

describe('isTrustRootStale', () => {
  it('is false up to 180 days, true after', () => {
    expect(isTrustRootStale(TAKEN, day(180))).toBe(false);
    expect(isTrustRootStale(TAKEN, day(180.99))).toBe(false);
    expect(isTrustRootStale(TAKEN, day(181))).toBe(true);
  });

  it('never claims staleness without a date', () => {
    expect(isTrustRootStale(null, day(1000))).toBe(false);
  });
});

describe('staleTrustRootText', () => {
  it('gives the day and says to update', () => {
    expect(staleTrustRootText(TAKEN)).toBe(
      'This extension’s Sigstore trust root is from 2026-01-01: update the extension to check newer attestations.',
    );
  });
});

describe('trustRootHint', () => {
  const failed = (code: 'UNTRUSTED_CERTIFICATE' | 'TLOG_UNTRUSTED_LOG' | 'SIGNATURE_INVALID') =>
    ({ filename: 'a.whl', state: 'failed', code, message: 'x' }) satisfies FileResult;

  it('says the root may be out of date for an unknown CA or log', () => {
    expect(trustRootHint(failed('UNTRUSTED_CERTIFICATE'), TAKEN)).toBe(
      'The bundled Sigstore trust root (from 2026-01-01) may be out of date: it does not know this certificate authority. An update of the extension may fix this.',
    );
    expect(trustRootHint(failed('TLOG_UNTRUSTED_LOG'), TAKEN)).toMatch(
      /from 2026-01-01\) may be out of date: it does not know this transparency log/,
    );
  });

  it('says nothing for other failures or states', () => {
    expect(trustRootHint(failed('SIGNATURE_INVALID'), TAKEN)).toBeUndefined();
    expect(trustRootHint({ filename: 'a.whl', state: 'pending' }, TAKEN)).toBeUndefined();
  });
});
