import { describe, expect, it } from 'vitest';
import type { FileResult } from '../shared/domain.js';
import type { TrustInfo } from '../shared/view-model.js';
import {
  isTrustRootStale,
  newerRootDueAt,
  rootNewestKey,
  staleTrustRootText,
  trustRootHint,
} from './freshness.js';

const BUNDLED: TrustInfo = {
  takenAt: '2026-12-07T00:00:00.000Z',
  source: 'x',
  sha256: 'x',
  newestKeyDate: '2025-09-23T00:00:00Z',
  tufRootVersion: 16,
  tufRootExpires: '2027-04-22T19:27:31Z',
  newerRootDueAt: '2027-03-07T19:27:31.000Z',
};
const at = (iso: string): number => Date.parse(iso);

describe('isTrustRootStale', () => {
  it('turns true once Sigstore publishes a newer root (not with the build date)', () => {
    // Built a year after its newest key, still the root Sigstore serves: no notice.
    expect(isTrustRootStale(BUNDLED, at('2026-12-07T00:00:00Z'))).toBe(false);
    expect(isTrustRootStale(BUNDLED, at('2027-03-07T19:27:30Z'))).toBe(false);
    expect(isTrustRootStale(BUNDLED, at('2027-03-07T19:27:31Z'))).toBe(true);
  });

  it('moves on with a verified refresh, and not with a failed one', () => {
    const refreshed: TrustInfo = {
      ...BUNDLED,
      refresh: {
        enabled: true,
        refreshedAt: '2027-03-10T00:00:00.000Z',
        newerRootDueAt: '2027-09-01T00:00:00.000Z',
        newestKeyDate: '2027-01-01T00:00:00Z',
        addedKeys: 1,
      },
    };
    expect(isTrustRootStale(refreshed, at('2027-04-01T00:00:00Z'))).toBe(false);
    expect(isTrustRootStale(refreshed, at('2027-09-02T00:00:00Z'))).toBe(true);
    expect(rootNewestKey(refreshed)).toBe('2027-01-01T00:00:00Z');
    const failed: TrustInfo = {
      ...BUNDLED,
      refresh: { enabled: true, lastAttemptAt: '2027-03-10T00:00:00.000Z', lastError: 'x' },
    };
    expect(isTrustRootStale(failed, at('2027-04-01T00:00:00Z'))).toBe(true);
    expect(rootNewestKey(failed)).toBe('2025-09-23T00:00:00Z');
  });

  it('falls back to 180 days after the bundle without any TUF date', () => {
    const undated: TrustInfo = { ...BUNDLED, newerRootDueAt: null };
    expect(newerRootDueAt(undated)).toBe('2027-06-05T00:00:00.000Z');
    expect(isTrustRootStale(undated, at('2027-06-04T00:00:00Z'))).toBe(false);
    expect(isTrustRootStale(undated, at('2027-06-05T00:00:00Z'))).toBe(true);
    expect(isTrustRootStale({ ...undated, takenAt: 'garbage' }, at('2030-01-01'))).toBe(false);
  });
});

describe('staleTrustRootText', () => {
  it('gives the dates and says to update', () => {
    expect(staleTrustRootText(BUNDLED)).toBe(
      'Sigstore has published a newer trust root since 2027-03-07; this extension’s has keys up to 2025-09-23: update the extension to check newer attestations.',
    );
  });
});

describe('trustRootHint', () => {
  const failed = (code: 'UNTRUSTED_CERTIFICATE' | 'TLOG_UNTRUSTED_LOG' | 'SIGNATURE_INVALID') =>
    ({ filename: 'a.whl', state: 'failed', code, message: 'x' }) satisfies FileResult;

  it('says to update for a file the root is too old for', () => {
    const file: FileResult = {
      filename: 'a.whl',
      state: 'unsupported',
      code: 'TRUST_ROOT_OUTDATED',
      message: 'x',
    };
    expect(trustRootHint(file, BUNDLED)).toBe(
      "It was signed through a Sigstore authority newer than this extension's trust root: update the extension to check it. Turning on the daily refresh of the trust root (options page) may also help.",
    );
    const on = { ...BUNDLED, refresh: { enabled: true } };
    expect(trustRootHint(file, on)).toBe(
      "It was signed through a Sigstore authority newer than this extension's trust root: update the extension to check it.",
    );
  });

  it('says an outdated root does not explain an unknown CA or log that failed', () => {
    expect(trustRootHint(failed('UNTRUSTED_CERTIFICATE'), BUNDLED)).toBe(
      'The Sigstore trust root (keys up to 2025-09-23) does not know this certificate authority, and an outdated root does not explain it (the signature is older than the root, or another check failed too): this provenance may come from another Sigstore instance, or be forged.',
    );
    expect(trustRootHint(failed('TLOG_UNTRUSTED_LOG'), undefined)).toMatch(
      /^The Sigstore trust root does not know this transparency log/,
    );
  });

  it('says nothing for other failures or states', () => {
    expect(trustRootHint(failed('SIGNATURE_INVALID'), BUNDLED)).toBeUndefined();
    expect(trustRootHint({ filename: 'a.whl', state: 'pending' }, BUNDLED)).toBeUndefined();
    const other: FileResult = {
      filename: 'a.whl',
      state: 'unsupported',
      code: 'UNSUPPORTED_PUBLISHER',
      message: 'x',
    };
    expect(trustRootHint(other, BUNDLED)).toBeUndefined();
  });
});
