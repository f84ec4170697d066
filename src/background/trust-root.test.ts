/**
 * The trust root in force (trust-root.ts): the bundled root is the floor; a refresh verified
 * over TUF adds keys; a failed or refused refresh, expired, badly signed or rolled back
 * repository never removes any. The bundled root here is test instance A's; the refreshed root
 * adds instance B's keys (as a Sigstore that added a CA and logs since), served by a local TUF
 * repository signed with test keys (test/tuf-repo) through the client the pages run.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestInstance, type AttestRequest } from '../../test/sigstore-instance/index.js';
import { TestTufRepo } from '../../test/tuf-repo/index.js';
import { serveTufRepo, type TufServer } from '../../test/tuf-repo/server.js';
import { verifyProvenance } from '../core/provenance/verify.js';
import { loadTrust, type RootJSON, type Trust } from '../core/sigstore/trust.js';
import { refreshTrustedRoot, type TufRefresh } from '../core/sigstore/tuf-client.js';
import type { TrustInfo } from '../shared/view-model.js';
import { memoryStore } from './cache.js';
import { fetchTufFile, TrustRoot } from './trust-root.js';

const A = createTestInstance({ seed: 'trust-root.test.ts A' });
const B = createTestInstance({ seed: 'trust-root.test.ts B' });
const DAY_MS = 24 * 60 * 60 * 1000;

const INFO: TrustInfo = {
  takenAt: '2026-01-01T00:00:00.000Z',
  source: 'test',
  sha256: 'a'.repeat(64),
  newestKeyDate: '2020-01-01T00:00:00Z',
  tufRootVersion: 1,
  tufRootExpires: null,
  newerRootDueAt: null,
};

const req = (over: Partial<AttestRequest> = {}): AttestRequest => ({
  filename: 'pkg-1.0.tar.gz',
  sha256: 'ab'.repeat(32),
  identity: { kind: 'GitHub', repository: 'example/pkg', workflow: 'release.yml' },
  rekor: 'v1',
  ...over,
});

function check(instance: typeof A, trust: Trust, over: Partial<AttestRequest> = {}) {
  const r = req(over);
  return verifyProvenance({
    filename: r.filename,
    sha256: r.sha256,
    provenance: instance.provenance(r),
    trust,
  });
}

/** The refreshed root: B's keys, and A's Rekor v1 log with a validity that ended (ignored). */
function refreshedRoot(): string {
  const root = structuredClone(B.trustedRoot) as typeof B.trustedRoot & {
    tlogs: { publicKey: { validFor: { start: string; end?: string } } }[];
  };
  const a = structuredClone(A.trustedRoot.tlogs[0]!) as (typeof root.tlogs)[number];
  a.publicKey.validFor.end = '2020-06-01T00:00:00Z';
  root.tlogs.push(a as never);
  return JSON.stringify(root);
}

let store: ReturnType<typeof memoryStore>;
let clock: number;
const bundled = () => ({
  json: A.trustedRoot as unknown as RootJSON,
  trust: loadTrust(A.trustedRoot),
  info: INFO,
});
const newTrustRoot = () => new TrustRoot(store, bundled(), () => clock);

beforeEach(() => {
  store = memoryStore();
  clock = Date.parse('2026-03-01T00:00:00Z');
});

const verifiedRefresh = (trustedRoot = refreshedRoot()): TufRefresh => ({
  trustedRoot,
  metadata: { root: '{}', timestamp: '{}', snapshot: '{}', targets: '{}' },
  rootVersion: 2,
  rootExpires: '2026-09-01T00:00:00Z',
  newerRootDueAt: '2026-07-17T00:00:00.000Z',
});

describe('without a refresh', () => {
  it('is the bundled root, under its own cache key', async () => {
    const t = newTrustRoot();
    // loadTrust keeps one Trust per root object: the very bundled one.
    expect(await t.trust()).toBe(loadTrust(A.trustedRoot));
    expect(t.key()).toBe('a'.repeat(16));
    expect(check(A, await t.trust())).toMatchObject({ state: 'verified' });
    expect((await t.info()).refresh).toBeUndefined();
    expect(await t.refreshState()).toEqual({ enabled: false });
  });
});

describe('a verified refresh', () => {
  it('adds the keys the bundled root lacks, and keeps every bundled key as it was', async () => {
    const t = newTrustRoot();
    await t.update({ enabled: true });
    const info = await t.update({ verified: verifiedRefresh() });
    const trust = await t.trust();
    expect(check(B, trust)).toMatchObject({ state: 'verified' });
    // A's log is in the refreshed root with an ended validity: the bundled entry stays in force.
    expect(check(A, trust)).toMatchObject({ state: 'verified' });
    expect(t.key()).not.toBe('a'.repeat(16));
    expect(info.refresh).toMatchObject({
      enabled: true,
      refreshedAt: '2026-03-01T00:00:00.000Z',
      addedKeys: 5,
      tufRootVersion: 2,
      newerRootDueAt: '2026-07-17T00:00:00.000Z',
    });
    // The root is known current at the refresh: it covers signatures up to then.
    expect(trust.coversUntil).toEqual(new Date(clock));
  });

  it('is kept for the next worker life, and given back to the TUF client', async () => {
    const t = newTrustRoot();
    await t.update({ enabled: true, verified: verifiedRefresh() });
    const later = newTrustRoot();
    expect(check(B, await later.trust())).toMatchObject({ state: 'verified' });
    const state = await later.refreshState();
    expect(state).toMatchObject({ enabled: true, lastAttemptAt: clock });
    expect(state.previous?.trustedRoot).toBe(refreshedRoot());
  });

  it('is refused when it is not a trusted root: the bundled root stays alone', async () => {
    const t = newTrustRoot();
    await t.update({ enabled: true });
    for (const bad of ['not json', '{"mediaType":"text/plain"}', '{"mediaType":1}']) {
      const info = await t.update({ verified: verifiedRefresh(bad) });
      expect(info.refresh?.lastError).toMatch(/^refused: /);
      expect(info.refresh?.refreshedAt).toBeUndefined();
      expect(check(B, await t.trust())).not.toMatchObject({ state: 'verified' });
      expect(check(A, await t.trust())).toMatchObject({ state: 'verified' });
    }
  });

  it('is forgotten when the refresh is turned off', async () => {
    const t = newTrustRoot();
    await t.update({ enabled: true, verified: verifiedRefresh() });
    await t.update({ enabled: false });
    expect(check(B, await t.trust())).not.toMatchObject({ state: 'verified' });
    expect(t.key()).toBe('a'.repeat(16));
    expect(await t.refreshState()).toEqual({ enabled: false });
    // And a verified result handed over while off is not taken.
    await t.update({ verified: verifiedRefresh() });
    expect(check(B, await t.trust())).not.toMatchObject({ state: 'verified' });
  });
});

describe('over a local TUF repository (the client the pages run)', () => {
  let repo: TestTufRepo;
  let server: TufServer;

  beforeEach(async () => {
    repo = new TestTufRepo('trust-root.test.ts');
    repo.publishRoot();
    repo.publish({ targets: { 'trusted_root.json': refreshedRoot() } });
    server = await serveTufRepo(repo);
  });
  afterEach(() => server.close());

  /** What a page does: refresh from the state the worker keeps, hand over the outcome. */
  async function pageRefresh(t: TrustRoot): Promise<TrustInfo> {
    const state = await t.refreshState();
    try {
      const verified = await refreshTrustedRoot({
        bundledRoot: repo.rootJson(1),
        previous: state.previous,
        fetch: async (path, maxLength) => {
          const r = await fetchTufFile(
            { fetch, permitted: async () => true, origin: server.url },
            path,
            maxLength,
          );
          return r.found ? new TextEncoder().encode(r.body) : undefined;
        },
      });
      return await t.update({ verified });
    } catch (err) {
      return t.update({ failure: String(err) });
    }
  }

  it('a repository that verifies: its root is in force', async () => {
    const t = newTrustRoot();
    await t.update({ enabled: true });
    const info = await pageRefresh(t);
    expect(info.refresh?.lastError).toBeUndefined();
    expect(check(B, await t.trust())).toMatchObject({ state: 'verified' });
  });

  const failing: [string, () => void, RegExp][] = [
    [
      'expired',
      () => repo.publish({ targets: { 'trusted_root.json': '{}' }, expiresInMs: -DAY_MS }),
      /expired/,
    ],
    [
      'badly signed',
      () => repo.publish({ targets: { 'trusted_root.json': '{}' }, badlySigned: 'targets' }),
      /signed by 0\/1 keys/,
    ],
  ];
  // A rollback is only one against what a refresh trusted before (the repository is at
  // timestamp 2 when it was trusted, then serves 1).
  const later: [string, () => void, RegExp][] = [
    ...failing,
    [
      'rolled back',
      () => repo.publish({ targets: { 'trusted_root.json': '{}' }, versions: { timestamp: 1 } }),
      /version/,
    ],
  ];

  it.each(failing)('%s, the first time: the bundled root alone', async (_name, spoil, why) => {
    spoil();
    const t = newTrustRoot();
    await t.update({ enabled: true });
    const info = await pageRefresh(t);
    expect(info.refresh?.lastError).toMatch(why);
    expect(check(B, await t.trust())).not.toMatchObject({ state: 'verified' });
    expect(check(A, await t.trust())).toMatchObject({ state: 'verified' });
    expect(t.key()).toBe('a'.repeat(16));
  });

  it.each(later)('%s, later: the roots in force stay', async (_name, spoil, why) => {
    repo.publish({ targets: { 'trusted_root.json': refreshedRoot() } });
    const t = newTrustRoot();
    await t.update({ enabled: true });
    await pageRefresh(t);
    const key = t.key();
    clock += DAY_MS;
    spoil();
    const info = await pageRefresh(t);
    expect(info.refresh?.lastError).toMatch(why);
    expect(info.refresh?.refreshedAt).toBe('2026-03-01T00:00:00.000Z');
    expect(check(B, await t.trust())).toMatchObject({ state: 'verified' });
    expect(check(A, await t.trust())).toMatchObject({ state: 'verified' });
    expect(t.key()).toBe(key);
  });
});

describe('fetchTufFile', () => {
  const ok = (body: string, status = 200) =>
    (async () => new Response(body, { status })) as typeof fetch;
  const deps = (f: typeof fetch, permitted = true) => ({
    fetch: f,
    permitted: async () => permitted,
    origin: 'https://tuf.test',
  });

  it('needs the permission the user granted', async () => {
    await expect(fetchTufFile(deps(ok('x'), false), 'timestamp.json', 10)).rejects.toThrow(
      /no permission to reach https:\/\/tuf.test/,
    );
  });

  it('answers found: false for 403 and 404, the body otherwise', async () => {
    expect(await fetchTufFile(deps(ok('', 404)), '2.root.json', 10)).toEqual({ found: false });
    expect(await fetchTufFile(deps(ok('', 403)), '2.root.json', 10)).toEqual({ found: false });
    expect(await fetchTufFile(deps(ok('{"a":1}')), 'timestamp.json', 10)).toEqual({
      found: true,
      body: '{"a":1}',
    });
  });

  it('refuses other statuses and files larger than asked', async () => {
    await expect(fetchTufFile(deps(ok('', 500)), 'timestamp.json', 10)).rejects.toThrow(/500/);
    await expect(fetchTufFile(deps(ok('x'.repeat(11))), 'timestamp.json', 10)).rejects.toThrow(
      /larger than 10 bytes/,
    );
  });
});
