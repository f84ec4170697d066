import { beforeAll, describe, expect, it } from 'vitest';
import { readFixtureText } from '../../test/fixtures.js';
import { nodeVerifier } from '../../test/node-verifier.js';
import type { FetchLike } from '../core/pypi/http.js';
import type { FileResult } from '../core/result.js';
import { batchWrites, memoryStore, TtlCache } from './cache.js';
import { BUDGET_KEY, CACHE_BOUND_BYTES, CacheBudget } from './cache-budget.js';
import { HistoryService } from './history-service.js';
import { MemoryStore } from './memory-store.js';
import { ReleaseService } from './release-service.js';

const INDEX = 'https://pypi.org';
const RELEASE = readFixtureText('pypi-api/json-api/docs-example.sampleproject-4.0.0.json');
const PROVENANCE = readFixtureText(
  'pypi-api/integrity/sampleproject-4.0.0.tar.gz.provenance.wire.json',
);
const SDIST = 'sampleproject-4.0.0.tar.gz';

/** Bytes a store holds, counted as the budget does (keys and values as JSON). */
const sizeOf = (map: Map<string, unknown>) =>
  [...map].reduce((n, [k, v]) => n + k.length + JSON.stringify(v).length, 0);

/** An IndexedDB that refuses writes past `quotaBytes` (QuotaExceededError), or every write. */
function quotaStore(quotaBytes: number) {
  const store = memoryStore();
  const refuse = () => {
    const e = new Error('The quota has been exceeded.');
    e.name = 'QuotaExceededError';
    return e;
  };
  const setMany = async (entries: [string, unknown][]) => {
    const before = new Map(store.map);
    entries.forEach(([k, v]) => store.map.set(k, v));
    if (sizeOf(store.map) > quotaBytes) {
      store.map.clear();
      before.forEach((v, k) => store.map.set(k, v));
      throw refuse();
    }
  };
  return { ...store, set: (k: string, v: unknown) => setMany([[k, v]]), setMany };
}

/** sampleproject 4.0.0 (its sdist attested), under any project name and version. */
function anyRelease(): FetchLike {
  return async (url) => {
    if (url.endsWith(`/${SDIST}/provenance`)) return new Response(PROVENANCE);
    if (url.endsWith('/json')) return new Response(RELEASE);
    return new Response('{"message":"Not Found"}', { status: 404 });
  };
}

let verified: FileResult;
beforeAll(async () => {
  const s = new ReleaseService({
    fetch: anyRelease(),
    store: memoryStore(),
    trustKey: 't',
    verifier: nodeVerifier,
  });
  verified = await s.checkFile(INDEX, 'sampleproject', '4.0.0', SDIST);
  expect(verified.state).toBe('verified');
});

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('CacheBudget (issue 12 §5)', () => {
  it('keeps 1,000 distinct releases of 12 verified files under 20 MB with the defaults', async () => {
    const store = memoryStore();
    let t = 1_000_000;
    const now = () => t;
    const budget = new CacheBudget(store, { now });
    const results = new TtlCache<FileResult>(store, 'result:', 7 * 86_400_000, now, budget);
    const marks = new TtlCache<unknown>(store, 'provenance:', 600_000, now, budget);
    let peak = 0;
    for (let r = 0; r < 1000; r++) {
      t += 60_000; // a release a minute: older listings and marks expire on the way
      for (let f = 0; f < 12; f++) {
        const name = `project${r}-1.${f}.tar.gz`;
        await marks.set(`${INDEX}|project${r}|1.0|${name}`, {
          kind: 'ok',
          bodySha256: 'b'.repeat(64),
        });
        await results.set(`t:${INDEX}|${name}|${'a'.repeat(64)}|${'b'.repeat(64)}`, {
          ...verified,
          filename: name,
        });
      }
      await settle();
      if (r % 50 === 49) peak = Math.max(peak, sizeOf(store.map));
    }
    await budget.sweep();
    expect(peak).toBeLessThan(CACHE_BOUND_BYTES);
    expect(sizeOf(store.map)).toBeLessThan(CACHE_BOUND_BYTES);
    // Least recently used went first: the newest release is all there, the first is gone.
    expect(
      store.map.has(`result:t:${INDEX}|project999-1.11.tar.gz|${'a'.repeat(64)}|${'b'.repeat(64)}`),
    ).toBe(true);
    expect(
      store.map.has(`result:t:${INDEX}|project0-1.0.tar.gz|${'a'.repeat(64)}|${'b'.repeat(64)}`),
    ).toBe(false);
  }, 60_000);

  it('removes expired entries and then the least recently used over the bound', async () => {
    const store = memoryStore();
    let t = 0;
    const budget = new CacheBudget(store, { maxBytes: 1100, targetBytes: 500, now: () => t });
    const cache = new TtlCache<string>(store, 'x:', 100, () => t, budget);
    await cache.set('old', 'o'.repeat(300));
    t = 50;
    await cache.set('a', 'a'.repeat(300));
    t = 60;
    await cache.set('b', 'b'.repeat(300));
    t = 120; // 'old' expired
    expect(await budget.sweep()).toMatchObject({ removed: 1 });
    expect([...store.map.keys()].sort()).toEqual([BUDGET_KEY, 'x:a', 'x:b']);
    await cache.set('c', 'c'.repeat(300));
    await cache.set('d', 'd'.repeat(300));
    await budget.sweep();
    // Over 1100 bytes: down to 500, the least recently used first.
    expect([...store.map.keys()].sort()).toEqual([BUDGET_KEY, 'x:d']);
  });

  it('counts what is written across worker lives and sweeps after sweepEveryBytes', async () => {
    const store = memoryStore();
    let t = 0;
    const options = { maxBytes: 2_000, targetBytes: 1_000, sweepEveryBytes: 1_000, now: () => t };
    for (let life = 0; life < 10; life++) {
      // A new worker life: its own budget and cache over the same store.
      const budget = new CacheBudget(store, options);
      const cache = new TtlCache<string>(store, 'x:', 1e9, () => t, budget);
      for (let i = 0; i < 3; i++) {
        t++;
        await cache.set(`${life}-${i}`, 'v'.repeat(200));
        await settle();
        await settle();
      }
      expect(sizeOf(store.map)).toBeLessThanOrEqual(2_000 + 1_000);
    }
    expect(store.map.size).toBeLessThan(20);
  });

  it('a release verifies, uncached and with no error, when every cache write fails', async () => {
    const store = quotaStore(0);
    const warnings: string[] = [];
    const s = new ReleaseService({
      fetch: anyRelease(),
      store: batchWrites(store, 0),
      trustKey: 't',
      verifier: nodeVerifier,
      budget: { warn: (m) => warnings.push(m) },
    });
    const result = await s.checkFile(INDEX, 'sampleproject', '4.0.0', SDIST);
    expect(result.state).toBe('verified');
    await expect.poll(() => s.budget.failures).toBeGreaterThan(0);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/cache write failed .*quota.*uncached/);
    expect(store.map.size).toBe(0);
    // The analysis (memory, history) goes on too, even with the memory unwritable.
    const history = new HistoryService(s, new MemoryStore(quotaStore(0)));
    const analysis = await history.analyse(INDEX, 'sampleproject', '4.0.0', [result]);
    expect(analysis.alerts).toEqual([]);
    expect(analysis.memory?.seen).toHaveLength(1);
  });

  it('a quota error makes room: later writes are cached again', async () => {
    const store = quotaStore(6_000);
    let t = 0;
    const budget = new CacheBudget(store, {
      now: () => t,
      maxBytes: 1_000_000,
      targetBytes: 8_000,
      warn: () => undefined,
    });
    const cache = new TtlCache<string>(store, 'x:', 1e9, () => t, budget);
    for (let i = 0; i < 10; i++) {
      t += 61_000;
      await cache.set(`k${i}`, 'v'.repeat(900));
      await settle();
    }
    expect(budget.failures).toBeGreaterThan(0);
    // Each refusal (that entry uncached) made room, the least recently used out: the entries
    // written after it are stored.
    expect(store.map.has('x:k8')).toBe(true);
    expect(store.map.has('x:k0')).toBe(false);
    expect(sizeOf(store.map)).toBeLessThanOrEqual(6_000);
    await cache.set('later', 'w'.repeat(900));
    expect(store.map.has('x:later')).toBe(true);
  });
});
