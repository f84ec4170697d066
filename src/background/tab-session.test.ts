import { beforeAll, describe, expect, it } from 'vitest';
import { readFixtureText } from '../../test/fixtures.js';
import { nodeVerifier } from '../../test/node-verifier.js';
import type { FetchLike } from '../core/pypi/http.js';
import type { FileResult } from '../core/result.js';
import type { TabState } from '../shared/view-model.js';
import { memoryStore, type KeyValueStore } from './cache.js';
import { ReleaseService } from './release-service.js';
import { packTabState, TabSession, unpackTabState } from './tab-session.js';
import { TabStates } from './tab-state.js';

const INDEX = 'https://pypi.org';
const SDIST = 'sampleproject-4.0.0.tar.gz';

/** A real verified result (sampleproject 4.0.0's sdist, its real attestation). */
let real: FileResult;
beforeAll(async () => {
  const release = readFixtureText('pypi-api/json-api/docs-example.sampleproject-4.0.0.json');
  const provenance = readFixtureText(
    'pypi-api/integrity/sampleproject-4.0.0.tar.gz.provenance.wire.json',
  );
  const fetch: FetchLike = async (url) =>
    new Response(url.endsWith('/provenance') ? provenance : release);
  const s = new ReleaseService({
    fetch,
    store: memoryStore(),
    trustKey: 't',
    verifier: nodeVerifier,
  });
  real = await s.checkFile(INDEX, 'sampleproject', '4.0.0', SDIST);
  expect(real.state).toBe('verified');
});

/** A tab showing a 60-file release, every file verified as the real one (same signer). */
function bigTab(n: number, updatedAt = n): TabState {
  const files = Array.from({ length: 60 }, (_, i) => {
    const r = structuredClone(real) as Extract<FileResult, { state: 'verified' }>;
    r.filename = `p${n}-1.0-py3-none-any${i}.whl`;
    r.attestations[0]!.tlogEntries[0]!.logIndex += i;
    return r as FileResult;
  });
  return {
    index: INDEX,
    project: `p${n}`,
    version: '1.0',
    state: 'verified',
    files,
    updatedAt,
    pageUrl: `${INDEX}/project/p${n}/1.0/`,
  };
}

/** storage.session as Chrome keeps it: a quota on the JSON of everything stored. */
function quotaStore(
  quotaBytes: number,
): KeyValueStore & { map: Map<string, unknown>; bytes(): number } {
  const store = memoryStore();
  const bytes = () =>
    [...store.map].reduce((n, [k, v]) => n + k.length + JSON.stringify(v).length, 0);
  return {
    ...store,
    bytes,
    set: async (key, value) => {
      const before = store.map.get(key);
      store.map.set(key, value);
      if (bytes() > quotaBytes) {
        if (before === undefined) store.map.delete(key);
        else store.map.set(key, before);
        throw new Error('Resource::kQuotaBytes quota exceeded');
      }
    },
  };
}

describe('the session copy of a tab (issue 12 §2)', () => {
  it('is stored compactly and read back whole', () => {
    const tab = bigTab(1);
    const packed = packTabState(tab);
    expect(unpackTabState(JSON.parse(JSON.stringify(packed)))).toEqual(tab);
    const plain = JSON.stringify(tab).length;
    const compact = JSON.stringify(packed).length;
    expect(compact).toBeLessThan(plain / 2);
    // A state stored plainly by an earlier version still reads.
    expect(unpackTabState(JSON.parse(JSON.stringify(tab)))).toEqual(tab);
  });

  it('keeps 50 open 60-file tabs within the budget, the most recent ones stored', async () => {
    const area = quotaStore(10_000_000);
    const budget = 1_000_000;
    const tabs = new TabStates(area, () => undefined, Date.now, 0, { budgetBytes: budget });
    for (let n = 1; n <= 50; n++) {
      const t = bigTab(n);
      await tabs.begin(
        n,
        INDEX,
        t.project,
        '1.0',
        t.files.map((f) => f.filename),
        t.pageUrl,
      );
      await tabs.updateMany(n, INDEX, t.project, '1.0', t.files);
      await new Promise((r) => setTimeout(r, 1));
    }
    await tabs.session.write(50, (await tabs.get(50))!); // the last write done
    expect(area.bytes()).toBeLessThanOrEqual(budget);
    expect(await tabs.session.storedBytes()).toBeLessThanOrEqual(budget);
    // Every tab is still known in memory; the newest is on disk for a restarted worker.
    for (let n = 1; n <= 50; n++) expect((await tabs.get(n))?.state).toBe('verified');
    const restarted = new TabStates(area, () => undefined, Date.now, 0, { budgetBytes: budget });
    expect((await restarted.get(50))?.files).toHaveLength(60);
    expect(area.map.has('tab:1')).toBe(false);
  });

  it('reports a failed write, keeps the state in memory and recovers by making room', async () => {
    // A quota the other tabs nearly fill (as if our budget were wrong, or others used it).
    const area = quotaStore(100_000);
    const warnings: string[] = [];
    const session = new TabSession(area, {
      budgetBytes: 10_000_000,
      warn: (m) => warnings.push(m),
    });
    for (let n = 1; n <= 5; n++) await session.write(n, bigTab(n));
    expect(session.failures).toBeGreaterThan(0);
    expect(warnings[0]).toMatch(/could not be saved .*quota/);
    // The newest tab is stored (older copies made room), within the quota.
    expect(await session.read(5)).toEqual(bigTab(5));
    expect(area.bytes()).toBeLessThanOrEqual(100_000);
  });

  it('keeps working in memory when the session area refuses every write, and tries again later', async () => {
    let refuse = true;
    const store = memoryStore();
    const area: KeyValueStore = {
      ...store,
      set: async (k, v) => {
        if (refuse) throw new Error('storage unavailable');
        await store.set(k, v);
      },
    };
    const warnings: string[] = [];
    const tabs = new TabStates(area, () => undefined, Date.now, 0, {
      warn: (m) => warnings.push(m),
      retryMs: 20,
    });
    const t = bigTab(3);
    await tabs.begin(
      3,
      INDEX,
      t.project,
      '1.0',
      t.files.map((f) => f.filename),
      t.pageUrl,
    );
    await tabs.updateMany(3, INDEX, t.project, '1.0', t.files);
    expect((await tabs.get(3))?.state).toBe('verified');
    await expect.poll(() => warnings.length).toBeGreaterThanOrEqual(2);
    expect(warnings.join('\n')).toMatch(/still could not be saved.*trying again/);
    refuse = false;
    await expect
      .poll(async () => (await tabs.session.read(3))?.state, { timeout: 2000 })
      .toBe('verified');
  });
});
