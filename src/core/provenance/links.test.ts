import { describe, expect, it } from 'vitest';
import { logEntryLinks, tilePath } from './links.js';

describe('tilePath', () => {
  it.each([
    [0, '000'],
    [76, '076'],
    [1234, 'x001/234'],
    [19669, 'x019/669'],
    [1234067, 'x001/x234/067'],
  ])('writes tile %i as %s (C2SP tlog-tiles)', (n, path) => {
    expect(tilePath(n)).toBe(path);
  });
});

describe('logEntryLinks', () => {
  it('links a Rekor v1 entry to search.sigstore.dev by its global index', () => {
    const e = logEntryLinks({
      logIndex: '147137139',
      integratedTime: '1730932627',
      kind: 'dsse',
      version: '0.0.1',
      logUrl: 'https://rekor.sigstore.dev',
      hasPromise: true,
    });
    expect(e).toMatchObject({
      logIndex: 147137139,
      entryUrl: 'https://search.sigstore.dev/?logIndex=147137139',
      apiUrl: 'https://rekor.sigstore.dev/api/v1/log/entries?logIndex=147137139',
      integratedTime: '2024-11-06T22:37:07.000Z',
    });
  });
  it("links a Rekor v2 entry to its log's tile API, with no integrated time", () => {
    const e = logEntryLinks({
      logIndex: '5034668',
      integratedTime: '0',
      kind: 'hashedrekord',
      version: '0.0.2',
      logUrl: 'https://log2025-1.rekor.sigstore.dev/',
      hasPromise: false,
    });
    expect(e.entryUrl).toBe('https://log2025-1.rekor.sigstore.dev/api/v2/tile/entries/x019/666');
    expect(e.integratedTime).toBeUndefined();
  });
  it('gives no integrated time without a signed entry timestamp', () => {
    const e = logEntryLinks({
      logIndex: '1',
      integratedTime: '1730932627',
      kind: 'dsse',
      version: '0.0.1',
      logUrl: 'https://rekor.sigstore.dev',
      hasPromise: false,
    });
    expect(e.integratedTime).toBeUndefined();
  });
  it('links an entry of another Rekor v1 log to that log, not to search.sigstore.dev', () => {
    const e = logEntryLinks({
      logIndex: '28175749',
      kind: 'dsse',
      version: '0.0.1',
      logUrl: 'https://rekor.sigstage.dev',
      hasPromise: true,
    });
    expect(e.entryUrl).toBe('https://rekor.sigstage.dev/api/v1/log/entries?logIndex=28175749');
  });
});
