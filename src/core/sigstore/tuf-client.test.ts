/**
 * The TUF refresh of the trusted root (tuf-client.ts) against a local TUF repository signed with
 * test keys (test/tuf-repo), over real HTTP on loopback: what verifies is returned, and every
 * repository that is expired, badly signed, rolled back or serves other bytes is refused.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TestTufRepo } from '../../../test/tuf-repo/index.js';
import { serveTufRepo, type TufServer } from '../../../test/tuf-repo/server.js';
import { refreshTrustedRoot, type TufFetch, type TufRefresh } from './tuf-client.js';

const ROOT_V1 = JSON.stringify({
  mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
  tlogs: [],
});
const ROOT_V2 = JSON.stringify({
  mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
  tlogs: [{ x: 2 }],
});
const DAY_MS = 24 * 60 * 60 * 1000;

function httpFetch(base: string): TufFetch {
  return async (path, maxLength) => {
    const response = await fetch(`${base}/${path}`);
    if (response.status === 404 || response.status === 403) return undefined;
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes.length > maxLength) throw new Error(`${path}: too large`);
    return bytes;
  };
}

let repo: TestTufRepo;
let server: TufServer;
let bundled: string;

beforeEach(async () => {
  repo = new TestTufRepo('tuf-client.test.ts');
  repo.publishRoot();
  bundled = repo.rootJson(1);
  repo.publish({ targets: { 'trusted_root.json': ROOT_V1 } });
  server = await serveTufRepo(repo);
});

afterEach(async () => {
  await server.close();
});

const refresh = (previous?: TufRefresh) =>
  refreshTrustedRoot({
    bundledRoot: bundled,
    previous: previous && { metadata: previous.metadata, trustedRoot: previous.trustedRoot },
    fetch: httpFetch(server.url),
  });

describe('a repository that verifies', () => {
  it('gives the trusted root and the metadata to continue from', async () => {
    const result = await refresh();
    expect(result.trustedRoot).toBe(ROOT_V1);
    expect(result.rootVersion).toBe(1);
    // The next root is due at its expiry less its tuf-on-ci signing period (46 days).
    expect(Date.parse(result.rootExpires) - Date.parse(result.newerRootDueAt ?? '')).toBe(
      46 * DAY_MS,
    );
    expect(server.requests).toEqual([
      '2.root.json',
      'timestamp.json',
      '1.snapshot.json',
      '1.targets.json',
      expect.stringMatching(/^targets\/[0-9a-f]{64}\.trusted_root\.json$/),
    ]);
  });

  it('follows root rotations, each signed by the root before', async () => {
    repo.publishRoot({ rotate: ['root', 'timestamp'] });
    repo.publishRoot({ rotate: ['snapshot', 'targets'] });
    repo.publish({ targets: { 'trusted_root.json': ROOT_V2 } });
    const result = await refresh();
    expect(result.rootVersion).toBe(3);
    expect(result.trustedRoot).toBe(ROOT_V2);
    expect(JSON.parse(result.metadata.root).signed.version).toBe(3);
  });

  it('fetches only the timestamp when nothing changed since the last refresh', async () => {
    const first = await refresh();
    server.requests.length = 0;
    const second = await refresh(first);
    expect(second.trustedRoot).toBe(ROOT_V1);
    expect(server.requests).toEqual(['2.root.json', 'timestamp.json']);
  });

  it('fetches what changed, starting from the newer root it verified before', async () => {
    repo.publishRoot({ rotate: ['timestamp'] });
    repo.publish({ targets: { 'trusted_root.json': ROOT_V1 } });
    const first = await refresh();
    repo.publish({ targets: { 'trusted_root.json': ROOT_V2 } });
    server.requests.length = 0;
    const second = await refresh(first);
    expect(second.trustedRoot).toBe(ROOT_V2);
    expect(server.requests[0]).toBe('3.root.json');
  });
});

describe('a repository that must be refused', () => {
  it('expired timestamp, snapshot and targets', async () => {
    repo.publish({ targets: { 'trusted_root.json': ROOT_V2 }, expiresInMs: -DAY_MS });
    await expect(refresh()).rejects.toThrow(/expired/);
  });

  it('an expired root', async () => {
    repo.publishRoot({ expiresInMs: -DAY_MS });
    await expect(refresh()).rejects.toThrow(/root.json is expired/);
  });

  it.each(['timestamp', 'snapshot', 'targets'] as const)(
    '%s signed by a key the root does not name',
    async (role) => {
      repo.publish({ targets: { 'trusted_root.json': ROOT_V2 }, badlySigned: role });
      await expect(refresh()).rejects.toThrow(`${role} was signed by 0/1 keys`);
    },
  );

  it('a new root not signed by the root before', async () => {
    const stranger = new TestTufRepo('someone else');
    stranger.publishRoot();
    stranger.publishRoot();
    repo.files.set('2.root.json', stranger.files.get('2.root.json')!);
    await expect(refresh()).rejects.toThrow('root was signed by 0/1 keys');
  });

  it('a timestamp older than the one trusted before (rollback)', async () => {
    repo.publish({ targets: { 'trusted_root.json': ROOT_V2 } });
    const trusted = await refresh();
    expect(trusted.trustedRoot).toBe(ROOT_V2);
    repo.publish({ targets: { 'trusted_root.json': ROOT_V1 }, versions: { timestamp: 1 } });
    await expect(refresh(trusted)).rejects.toThrow(/version/i);
  });

  it('a snapshot older than the one trusted before (rollback)', async () => {
    repo.publish({ targets: { 'trusted_root.json': ROOT_V2 } });
    const trusted = await refresh();
    repo.publish({
      targets: { 'trusted_root.json': ROOT_V1 },
      versions: { snapshot: 1, targets: 1 },
    });
    await expect(refresh(trusted)).rejects.toThrow(/version/i);
  });

  it('a target whose bytes are not the ones the targets metadata signs', async () => {
    repo.publish({ targets: { 'trusted_root.json': ROOT_V2 }, swapTarget: 'trusted_root.json' });
    await expect(refresh()).rejects.toThrow(/Expected hash/);
  });

  it('targets that name no trusted root', async () => {
    repo.publish({ targets: { 'other.json': ROOT_V2 } });
    await expect(refresh()).rejects.toThrow(/no trusted_root.json/);
  });

  it('a repository that is not there', async () => {
    await expect(
      refreshTrustedRoot({ bundledRoot: bundled, fetch: async () => undefined }),
    ).rejects.toThrow(/no timestamp.json/);
  });

  it('a bundled root that is not a TUF root', async () => {
    await expect(
      refreshTrustedRoot({ bundledRoot: '{"signed":{}}', fetch: httpFetch(server.url) }),
    ).rejects.toThrow();
  });
});
