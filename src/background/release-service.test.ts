import { nodeVerifier } from '../../test/node-verifier.js';
import { describe, expect, it } from 'vitest';
import { readFixtureText } from '../../test/fixtures.js';
import type { FetchLike } from '../core/pypi/http.js';
import { batchWrites, memoryStore, TtlCache, type KeyValueStore } from './cache.js';
import { checkKey, ReleaseService } from './release-service.js';
import { SessionListed } from './session-listed.js';
import { TabStates } from './tab-state.js';
import { toolbarLook } from './toolbar.js';

const RELEASE = readFixtureText('pypi-api/json-api/docs-example.sampleproject-4.0.0.json');
const PROVENANCE = readFixtureText(
  'pypi-api/integrity/sampleproject-4.0.0.tar.gz.provenance.wire.json',
);
const SDIST = 'sampleproject-4.0.0.tar.gz';
const WHEEL = 'sampleproject-4.0.0-py3-none-any.whl';
const INDEX = 'https://pypi.org';

function site(overrides: Record<string, () => Response> = {}) {
  const log: string[] = [];
  // Project names in any case, as PyPI answers them (it redirects to the normalized name).
  const fetch: FetchLike = async (asked) => {
    log.push(asked);
    const url = asked.toLowerCase();
    for (const [suffix, make] of Object.entries(overrides)) if (url.endsWith(suffix)) return make();
    if (
      url.endsWith('/pypi/sampleproject/4.0.0/json') ||
      url.endsWith('/pypi/sampleproject/json')
    ) {
      return new Response(RELEASE);
    }
    if (url.endsWith(`/${SDIST}/provenance`)) return new Response(PROVENANCE);
    return new Response('{"message":"No provenance available"}', { status: 404 });
  };
  return { fetch, log };
}

function service(fetch: FetchLike, store = memoryStore(), now = () => 1_000_000) {
  return new ReleaseService({
    fetch,
    store,
    trustKey: 't',
    verifier: nodeVerifier,
    now,
    sleep: async () => undefined,
  });
}

describe('ReleaseService', () => {
  it('verifies an attested file and reports an unattested one as none', async () => {
    const s = service(site().fetch);
    expect((await s.checkFile(INDEX, 'sampleproject', '4.0.0', SDIST)).state).toBe('verified');
    expect((await s.checkFile(INDEX, 'sampleproject', '4.0.0', WHEEL)).state).toBe('none');
  });

  it('peeks at cached results without any request', async () => {
    const { fetch, log } = site();
    const s = service(fetch);
    const names = [SDIST, WHEEL];
    expect(await s.peekFiles(INDEX, 'sampleproject', '4.0.0', names)).toEqual([]);
    await s.checkFile(INDEX, 'sampleproject', '4.0.0', SDIST);
    await s.checkFile(INDEX, 'sampleproject', '4.0.0', WHEEL);
    const before = log.length;
    const known = await s.peekFiles(INDEX, 'sampleproject', '4.0.0', [...names, 'other.tar.gz']);
    expect(known.map((r) => [r.filename, r.state])).toEqual([
      [SDIST, 'verified'],
      [WHEEL, 'none'],
    ]);
    expect(log.length).toBe(before);
  });

  it('lists the latest release when no version is given', async () => {
    const s = service(site().fetch);
    const r = await s.listRelease(INDEX, 'sampleproject');
    expect(r.version).toBe('4.0.0');
  });

  describe('when the same release is shown again', () => {
    it('sends no new requests within 10 minutes, across a worker restart', async () => {
      const { fetch, log } = site();
      const store = memoryStore();
      const first = service(fetch, store);
      await first.checkFile(INDEX, 'sampleproject', '4.0.0', SDIST);
      await first.checkFile(INDEX, 'sampleproject', '4.0.0', WHEEL);
      const before = log.length;
      const restarted = service(fetch, store); // a new worker life, same IndexedDB
      expect((await restarted.checkFile(INDEX, 'sampleproject', '4.0.0', SDIST)).state).toBe(
        'verified',
      );
      expect((await restarted.checkFile(INDEX, 'sampleproject', '4.0.0', WHEEL)).state).toBe(
        'none',
      );
      expect(log.length).toBe(before);
      expect(restarted.requests.verifications).toBe(0);
    });

    it('after 10 minutes refetches the provenance but does not re-verify it', async () => {
      const { fetch, log } = site();
      const store = memoryStore();
      let t = 1_000_000;
      const s = service(fetch, store, () => t);
      await s.checkFile(INDEX, 'sampleproject', '4.0.0', SDIST);
      t += 11 * 60_000;
      const before = log.length;
      const again = service(fetch, store, () => t);
      expect((await again.checkFile(INDEX, 'sampleproject', '4.0.0', SDIST)).state).toBe(
        'verified',
      );
      expect(log.slice(before).filter((u) => u.endsWith('/provenance'))).toHaveLength(1);
      expect(again.requests.verifications).toBe(0);
    });
  });

  it('does not cache errors: a retry recovers', async () => {
    let fail = true;
    const { fetch } = site({
      [`/${SDIST}/provenance`]: () =>
        fail ? new Response('', { status: 500 }) : new Response(PROVENANCE),
    });
    const s = service(fetch);
    expect((await s.checkFile(INDEX, 'sampleproject', '4.0.0', SDIST)).state).toBe('error');
    fail = false;
    expect((await s.checkFile(INDEX, 'sampleproject', '4.0.0', SDIST, true)).state).toBe(
      'verified',
    );
  });

  it('refuses a filename that is not in the listing (the page cannot choose what to check)', async () => {
    const s = service(site().fetch);
    const r = await s.checkFile(INDEX, 'sampleproject', '4.0.0', 'evil-1.0.tar.gz');
    expect(r).toMatchObject({ state: 'error', code: 'NOT_FOUND' });
  });

  it('runs concurrent checks of one file once', async () => {
    const { fetch, log } = site();
    const s = service(fetch);
    await Promise.all([1, 2, 3].map(() => s.checkFile(INDEX, 'sampleproject', '4.0.0', SDIST)));
    expect(log.filter((u) => u.endsWith('/provenance'))).toHaveLength(1);
  });

  it('keeps at most `concurrency` requests in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const files = Array.from({ length: 12 }, (_, i) => ({
      filename: `p-1.0-py3-none-any${i}.whl`,
      digests: { sha256: 'a'.repeat(64) },
    }));
    const fetch: FetchLike = async (url) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      if (url.endsWith('/json'))
        return new Response(JSON.stringify({ info: { name: 'p', version: '1.0' }, urls: files }));
      return new Response('{}', { status: 404 });
    };
    const s = new ReleaseService({
      fetch,
      store: memoryStore(),
      trustKey: 't',
      verifier: nodeVerifier,
      concurrency: 3,
    });
    await Promise.all(files.map((f) => s.checkFile(INDEX, 'p', '1.0', f.filename)));
    expect(peak).toBeLessThanOrEqual(3);
  });
});

describe('ReleaseService request order (issue 12)', () => {
  /** A release of `n` files whose provenance requests wait until `release()` is called. */
  function slowProvenance(n: number) {
    const urls = Array.from({ length: n }, (_, i) => ({
      filename: `p-1.0-py3-none-any${i}.whl`,
      digests: { sha256: 'a'.repeat(64) },
    }));
    const log: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const fetch: FetchLike = async (url) => {
      log.push(url);
      if (url.endsWith('/json')) {
        const name = url.split('/').at(-3) ?? 'p';
        return new Response(JSON.stringify({ info: { name, version: '1.0' }, urls }));
      }
      await gate;
      return new Response('{}', { status: 404 });
    };
    return { fetch, log, release: () => release(), urls };
  }

  it('sends every file of a release its request at once, up to the limit', async () => {
    const site = slowProvenance(40);
    const s = new ReleaseService({
      fetch: site.fetch,
      store: memoryStore(),
      trustKey: 't',
      verifier: nodeVerifier,
    });
    const release = await s.listRelease(INDEX, 'p', '1.0');
    s.startChecks(INDEX, 'p', release);
    await expect.poll(() => site.log.filter((u) => u.endsWith('/provenance')).length).toBe(40);
    site.release();
  });

  it('never queues a listing behind provenance requests', async () => {
    const site = slowProvenance(10);
    const s = new ReleaseService({
      fetch: site.fetch,
      store: memoryStore(),
      trustKey: 't',
      verifier: nodeVerifier,
      concurrency: 2,
    });
    const p = await s.listRelease(INDEX, 'p', '1.0');
    s.startChecks(INDEX, 'p', p);
    await expect.poll(() => site.log.filter((u) => u.endsWith('/provenance')).length).toBe(2);
    // Every provenance slot is taken and 8 more wait: another project's listing still goes.
    const q = await s.listRelease(INDEX, 'q', '1.0');
    expect(q.project).toBe('q');
    site.release();
  });
});

describe('ReleaseService with many tabs (issue 12 §2)', () => {
  /** Releases of several projects whose provenance requests each wait for `answerOne()`. */
  function manyReleases(sizes: Record<string, number>) {
    const log: string[] = [];
    const gates: (() => void)[] = [];
    const fetch: FetchLike = async (url) => {
      if (url.endsWith('/json')) {
        const name = url.split('/').at(-3)!;
        const urls = Array.from({ length: sizes[name] ?? 0 }, (_, i) => ({
          filename: `${name}-1.0-py3-none-any${i}.whl`,
          digests: { sha256: 'a'.repeat(64) },
        }));
        return new Response(JSON.stringify({ info: { name, version: '1.0' }, urls }));
      }
      log.push(url.split('/').at(-4)!);
      await new Promise<void>((r) => gates.push(r));
      return new Response('{}', { status: 404 });
    };
    const answerOne = async () => {
      gates.shift()?.();
      await new Promise((r) => setTimeout(r, 1));
    };
    return { fetch, log, answerOne };
  }

  async function start(s: ReleaseService, project: string) {
    s.startChecks(INDEX, project, await s.listRelease(INDEX, project, '1.0'));
  }

  it('a small release opened after two big ones is not queued behind them', async () => {
    const site = manyReleases({ big1: 60, big2: 60, small: 2 });
    const s = new ReleaseService({
      fetch: site.fetch,
      store: memoryStore(),
      trustKey: 't',
      verifier: nodeVerifier,
      concurrency: 4,
    });
    await start(s, 'big1');
    await start(s, 'big2');
    await expect.poll(() => site.log.length).toBe(4);
    await start(s, 'small');
    // With one first-in-first-out queue, its requests went out after the 116 waiting before
    // them; in turns, within the next two rounds of the three releases.
    for (let i = 0; i < 6; i++) await site.answerOne();
    expect(site.log.filter((p) => p === 'small')).toHaveLength(2);
    expect(site.log.indexOf('small')).toBeLessThan(4 + 3);
    while (site.log.length < 122) await site.answerOne();
    for (let i = 0; i < 8; i++) await site.answerOne();
  });

  it("serves the focused tab's release first", async () => {
    const site = manyReleases({ a: 10, b: 10 });
    const s = new ReleaseService({
      fetch: site.fetch,
      store: memoryStore(),
      trustKey: 't',
      verifier: nodeVerifier,
      concurrency: 1,
    });
    await start(s, 'a');
    await start(s, 'b');
    await expect.poll(() => site.log.length).toBe(1);
    s.focus(INDEX, 'B', '1.0');
    for (let i = 0; i < 10; i++) await site.answerOne();
    // a's first request was out before the focus; then b's ten.
    expect(site.log.slice(0, 11).join(',')).toBe(`a,${Array(10).fill('b').join(',')}`);
    s.focus();
    while (site.log.length < 20) await site.answerOne();
    await site.answerOne();
  });
});

describe('ReleaseService listings with many tabs (issue 12 §2)', () => {
  it("asks for 24 listings at once, the front tab's first", async () => {
    const asked: string[] = [];
    const gates: (() => void)[] = [];
    const fetch: FetchLike = async (url) => {
      const name = url.split('/').at(-3)!;
      asked.push(name);
      await new Promise<void>((r) => gates.push(r));
      return new Response(JSON.stringify({ info: { name, version: '1.0' }, urls: [] }));
    };
    const s = new ReleaseService({
      fetch,
      store: memoryStore(),
      trustKey: 't',
      verifier: nodeVerifier,
    });
    const names = Array.from({ length: 30 }, (_, i) => `p${i}`);
    const listings = names.map((n) => s.listRelease(INDEX, n, '1.0'));
    await expect.poll(() => asked.length).toBe(24);
    // The tab the user turns to shows the last one: it is next, before p24..p28.
    s.focus(INDEX, 'p29', '1.0');
    gates.shift()?.();
    await expect.poll(() => asked.length).toBe(25);
    expect(asked.at(-1)).toBe('p29');
    while (gates.length > 0 || asked.length < 30) {
      gates.shift()?.();
      await new Promise((r) => setTimeout(r, 1));
    }
    expect((await Promise.all(listings)).map((r) => r.project)).toEqual(names);
  });
});

describe('ReleaseService listing cache, when the store is slow (issue 12 §2)', () => {
  const listingOf = (name: string) => ({ info: { name, version: '1.0' }, urls: [] });
  function counting() {
    const asked: string[] = [];
    const fetch: FetchLike = async (url) => {
      asked.push(url);
      return new Response(JSON.stringify(listingOf(new URL(url).pathname.split('/')[2] ?? '')));
    };
    return { asked, fetch };
  }
  /**
   * A store that opens in `openMs` (the database of a worker just woken: every read waits for
   * it) and then answers each read in `readMs` (IndexedDB behind other tabs' writes).
   */
  function slowStore(store = memoryStore(), openMs = 0) {
    let opened: Promise<unknown> | undefined;
    const slow = {
      ...store,
      readMs: 0,
      get: async (key: string) => {
        opened ??= new Promise((r) => setTimeout(r, openMs));
        await opened;
        await new Promise((r) => setTimeout(r, slow.readMs));
        return store.get(key);
      },
    };
    return slow;
  }

  /** The browser session's storage.session, shared by the worker's lives. */
  const session = () => new SessionListed(memoryStore());
  /** A worker's service on this store, asking `net`. */
  const service = (net: ReturnType<typeof counting>, store: KeyValueStore, listed = session()) =>
    new ReleaseService({ fetch: net.fetch, store, listed, trustKey: 't', verifier: nodeVerifier });
  /** A store in which a first worker life listed these projects' 1.0 (written behind). */
  async function listedBefore(
    net: ReturnType<typeof counting>,
    listed: SessionListed,
    ...projects: string[]
  ) {
    const store = memoryStore();
    const first = service(net, store, listed);
    for (const p of projects) await first.listRelease(INDEX, p, '1.0');
    await new Promise((r) => setTimeout(r, 80));
    return store;
  }

  it('a cached listing read at once is used: the index is not asked', async () => {
    const net = counting();
    const again = service(net, await listedBefore(net, session(), 'p'));
    expect((await again.listRelease(INDEX, 'p', '1.0')).project).toBe('p');
    expect(net.asked).toHaveLength(1);
  });

  it('a store slower than 30 ms once open: the index is asked too, and the first answer is taken', async () => {
    const net = counting();
    const store = slowStore();
    const s = service(net, store);
    await s.listRelease(INDEX, 'q', '1.0'); // the store's first answer (not cached: fetched)
    net.asked.length = 0;
    store.readMs = 400;
    const started = Date.now();
    expect((await s.listRelease(INDEX, 'p', '1.0')).project).toBe('p');
    expect(Date.now() - started).toBeLessThan(300);
    expect(net.asked).toHaveLength(1);
  });

  it('a worker just woken waits for its store to open for a listing stored this session: a revisit asks nothing again', async () => {
    const net = counting();
    const listed = session();
    // The next worker life's database takes 100 ms to open (more than 30 ms).
    const store = slowStore(await listedBefore(net, listed, 'p', 'q'), 100);
    const woken = service(net, store, listed);
    expect((await woken.listRelease(INDEX, 'p', '1.0')).project).toBe('p');
    expect(net.asked).toHaveLength(2); // the first life's only
    // Open now: a read that waits 400 ms is one behind other writes, and the index is asked.
    store.readMs = 400;
    expect((await woken.listRelease(INDEX, 'q', '1.0')).project).toBe('q');
    expect(net.asked).toHaveLength(3);
  });

  it('a first visit is not held up by a store still opening: the index is asked after 30 ms', async () => {
    const net = counting();
    const woken = service(net, slowStore(memoryStore(), 400));
    const started = Date.now();
    expect((await woken.listRelease(INDEX, 'p', '1.0')).project).toBe('p');
    expect(Date.now() - started).toBeLessThan(300);
    expect(net.asked).toHaveLength(1);
  });
});

describe('SessionListed', () => {
  it('remembers the newest releases listed, across worker lives, and ignores a bad copy', async () => {
    const area = memoryStore();
    const first = new SessionListed(area, 2);
    for (const k of ['a', 'b', 'b', 'c']) first.add(k);
    await new Promise((r) => setTimeout(r, 5));
    const next = new SessionListed(area, 2);
    expect([await next.has('a'), await next.has('b'), await next.has('c')]).toEqual([
      false,
      true,
      true,
    ]);
    await area.set('listed-releases', 'not a list');
    expect(await new SessionListed(area).has('b')).toBe(false);
  });
});

describe('TabStates', () => {
  it('moves a tab from pending to its release state and reports each change', async () => {
    const changes: string[] = [];
    const tabs = new TabStates(memoryStore(), (_id, s) => changes.push(s.state));
    await tabs.begin(7, INDEX, 'sampleproject', '4.0.0', [SDIST, WHEEL]);
    await tabs.update(7, INDEX, 'sampleproject', '4.0.0', {
      filename: SDIST,
      state: 'verified',
      publisher: { kind: 'GitHub' },
      attestations: [],
    });
    await tabs.update(7, INDEX, 'sampleproject', '4.0.0', {
      filename: WHEEL,
      state: 'none',
      code: 'NO_PROVENANCE',
      message: 'x',
    });
    expect(changes).toEqual(['pending', 'pending', 'partial']);
    expect((await tabs.get(7))?.files.map((f) => f.state)).toEqual(['verified', 'none']);
  });
  it("matches the JSON API's project name and the URL's by PEP 503 normalization", async () => {
    const tabs = new TabStates(memoryStore(), () => undefined);
    await tabs.begin(9, INDEX, 'Foo.Bar', '1', ['Foo.Bar-1.tar.gz']);
    await tabs.update(9, INDEX, 'foo-bar', '1', {
      filename: 'Foo.Bar-1.tar.gz',
      state: 'none',
      code: 'NO_PROVENANCE',
      message: '',
    });
    expect((await tabs.get(9))?.state).toBe('none');
  });
  it('ignores results for a release the tab no longer shows', async () => {
    const tabs = new TabStates(memoryStore(), () => undefined);
    await tabs.begin(1, INDEX, 'a', '1', ['a-1.tar.gz']);
    await tabs.update(1, INDEX, 'a', '2', {
      filename: 'a-1.tar.gz',
      state: 'verified',
      publisher: { kind: 'GitHub' },
      attestations: [],
    });
    expect((await tabs.get(1))?.state).toBe('pending');
  });
  it('survives a worker restart through the session store', async () => {
    const session = memoryStore();
    await new TabStates(session, () => undefined, Date.now, 0).begin(3, INDEX, 'a', '1', []);
    await new Promise((r) => setTimeout(r, 5)); // the session copy is written just after
    expect(await new TabStates(session, () => undefined).get(3)).toMatchObject({
      project: 'a',
      state: 'none',
    });
  });
});

describe('toolbarLook', () => {
  it('uses the state icon and a short badge', () => {
    const base = { index: INDEX, project: 'p', version: '1', updatedAt: 0, error: undefined };
    expect(toolbarLook({ ...base, state: 'verified', files: [] })).toMatchObject({
      text: '✓',
      path: { '16': 'icons/verified-16.png' },
    });
    const partial = toolbarLook({
      ...base,
      state: 'partial',
      files: [
        { filename: 'a', state: 'verified', publisher: { kind: 'GitHub' }, attestations: [] },
        { filename: 'b', state: 'none', code: 'NO_PROVENANCE', message: '' },
      ],
    });
    expect(partial.text).toBe('1/2');
    expect(toolbarLook({ ...base, state: 'failed', files: [] }).title).toContain('FAILED');
  });
});

describe('TabStates.navigated', () => {
  it('keeps the release on a fragment change or reload of the same page, forgets it otherwise', async () => {
    const tabs = new TabStates(memoryStore(), () => undefined);
    const page = 'https://pypi.org/project/a/1/';
    await tabs.begin(1, INDEX, 'a', '1', [], page);
    await tabs.navigated(1, `${page}#files`);
    await tabs.navigated(1, page);
    expect(await tabs.get(1)).not.toBeNull();
    await tabs.navigated(1, 'https://pypi.org/search/?q=a');
    expect(await tabs.get(1)).toBeNull();
    await tabs.begin(2, INDEX, 'a', '1', [], page);
    await tabs.navigated(2, undefined); // another site: we may not see its URL
    expect(await tabs.get(2)).toBeNull();
  });
});

describe('TtlCache', () => {
  it('serves recent entries from memory and still expires them', async () => {
    const store = memoryStore();
    let t = 0;
    const cache = new TtlCache<string>(store, 'x:', 1000, () => t);
    await cache.set('a', 'A');
    store.map.clear(); // the memory copy answers without the store
    expect(await cache.get('a')).toBe('A');
    t = 1001;
    expect(await cache.get('a')).toBeUndefined();
    await cache.set('b', 'B');
    cache.forgetMemory();
    expect(await cache.get('b')).toBe('B'); // back from the store
  });
});

describe('TtlCache writes behind', () => {
  it('answers from memory at once while the store is still writing, and survives a failed write', async () => {
    let finish: () => void = () => undefined;
    const slow = {
      ...memoryStore(),
      set: () => new Promise<void>((resolve) => (finish = resolve)),
    };
    const cache = new TtlCache<string>(slow, 'k:', 60_000);
    const written = cache.set('a', 'value');
    expect(await cache.get('a')).toBe('value');
    finish();
    await written;
    const broken = { ...memoryStore(), set: () => Promise.reject(new Error('quota')) };
    const c2 = new TtlCache<string>(broken, 'k:', 60_000);
    await expect(c2.set('a', 'v')).resolves.toBeUndefined();
    expect(await c2.get('a')).toBe('v');
  });
});

describe('TtlCache reads', () => {
  it('reads the keys it lacks in one store request, and asks no more for keys found missing', async () => {
    const base = memoryStore();
    const calls: string[][] = [];
    const store = {
      ...base,
      get: async (key: string) => {
        calls.push([key]);
        return base.get(key);
      },
      getMany: async (keys: string[]) => {
        calls.push(keys);
        return base.getMany!(keys);
      },
    };
    const writer = new TtlCache<string>(base, 'k:', 60_000);
    await writer.set('a', 'A');
    const cache = new TtlCache<string>(store, 'k:', 60_000); // a new worker life
    expect(await cache.getMany(['a', 'b', 'c'])).toEqual(['A', undefined, undefined]);
    expect(calls).toEqual([['k:a', 'k:b', 'k:c']]);
    // Found, and found missing: no store request either time.
    expect(await cache.getMany(['a', 'b'])).toEqual(['A', undefined]);
    expect(await cache.get('c')).toBeUndefined();
    expect(calls).toHaveLength(1);
    // Set here: present again.
    await cache.set('b', 'B');
    expect(await cache.get('b')).toBe('B');
    // Cleared (options page): asked again.
    cache.forgetMemory();
    await cache.get('c');
    expect(calls).toHaveLength(2);
  });
});

describe('batchWrites', () => {
  it('sends the writes of a burst as one setMany, and reads see them before it', async () => {
    const base = memoryStore();
    const batches: number[] = [];
    const store = batchWrites(
      {
        ...base,
        setMany: async (entries) => {
          batches.push(entries.length);
          await base.setMany!(entries);
        },
      },
      10,
    );
    const writes = ['a', 'b', 'c'].map((k) => store.set(k, k.toUpperCase()));
    expect(await store.get('b')).toBe('B');
    expect(await store.getMany!(['a', 'x'])).toEqual(['A', undefined]);
    expect(base.map.size).toBe(0);
    await Promise.all(writes);
    expect(batches).toEqual([3]);
    expect(base.map.get('c')).toBe('C');
    await store.set('d', 'D');
    expect(batches).toEqual([3, 1]);
  });
});

describe('batchWrites deletes', () => {
  it('sends a delete in the same setMany as the writes, and reads see it before', async () => {
    const base = memoryStore();
    await base.set('old', 'O');
    const batches: [number, number][] = [];
    const store = batchWrites(
      {
        ...base,
        setMany: async (entries, deletes = []) => {
          batches.push([entries.length, deletes.length]);
          await base.setMany!(entries, deletes);
        },
      },
      10,
    );
    const writes = [store.set('a', 'A'), store.set('b', 'B'), store.delete('old')];
    void store.delete('a'); // written and deleted within one batch: neither is written
    expect(await store.get('old')).toBeUndefined();
    expect(await store.getMany!(['a', 'b'])).toEqual([undefined, 'B']);
    await Promise.all(writes);
    expect(batches).toEqual([[1, 2]]);
    expect([...base.map]).toEqual([['b', 'B']]);
  });
});

describe('a worker stopped in the middle of a check (issue 12 §4)', () => {
  /** A verifier that never answers: the worker is stopped while it verifies. */
  const stopped = { verify: () => new Promise<never>(() => undefined), warmUp: async () => {} };

  it('verifies the provenance it fetched before it stopped without asking for it again', async () => {
    const { fetch, log } = site();
    const store = memoryStore();
    const first = new ReleaseService({ fetch, store, trustKey: 't', verifier: stopped });
    void first.checkFile(INDEX, 'sampleproject', '4.0.0', SDIST);
    await expect.poll(() => first.requests.verifications).toBe(1);
    expect(log.filter((u) => u.endsWith('/provenance'))).toHaveLength(1);
    const before = log.length;

    const restarted = service(fetch, store); // a new worker life, same IndexedDB
    expect((await restarted.checkFile(INDEX, 'sampleproject', '4.0.0', SDIST)).state).toBe(
      'verified',
    );
    expect(log.slice(before)).toEqual([]); // neither the listing nor the provenance again
    expect(restarted.requests.verifications).toBe(1);
    // Verified: the response is forgotten, the result kept.
    expect([...store.map.keys()].filter((k) => k.startsWith('unverified:'))).toEqual([]);
    expect([...store.map.keys()].filter((k) => k.startsWith('result:'))).toHaveLength(1);
  });

  it('keeps no response once it is verified, and never one of another body', async () => {
    const { fetch, log } = site();
    const done = memoryStore();
    await service(fetch, done).checkFile(INDEX, 'sampleproject', '4.0.0', SDIST);
    expect([...done.map.keys()].filter((k) => k.startsWith('unverified:'))).toEqual([]);

    const store = memoryStore();
    const first = new ReleaseService({ fetch, store, trustKey: 't', verifier: stopped });
    void first.checkFile(INDEX, 'sampleproject', '4.0.0', SDIST);
    await expect.poll(() => first.requests.verifications).toBe(1);
    const [key] = [...store.map.keys()].filter((k) => k.startsWith('unverified:'));
    const entry = store.map.get(key!) as { value: { bodySha256: string } };
    entry.value.bodySha256 = 'f'.repeat(64); // not the body the provenance mark names
    const before = log.filter((u) => u.endsWith('/provenance')).length;
    const restarted = service(fetch, store);
    expect((await restarted.checkFile(INDEX, 'sampleproject', '4.0.0', SDIST)).state).toBe(
      'verified',
    );
    expect(log.filter((u) => u.endsWith('/provenance')).length).toBe(before + 1);
  });
});

describe('ReleaseService.warm', () => {
  it("lists a loading page's release and checks its files before anyone asks", async () => {
    const { fetch, log } = site();
    const s = service(fetch);
    await s.warm(INDEX, 'sampleproject', '4.0.0');
    await new Promise((r) => setTimeout(r, 50));
    expect(log.filter((u) => u.endsWith('/provenance'))).toHaveLength(2);
    const before = log.length;
    expect((await s.checkFile(INDEX, 'sampleproject', '4.0.0', SDIST)).state).toBe('verified');
    expect(log.length).toBe(before);
  });

  it('never throws, and caches no error', async () => {
    const { fetch, log } = site({ '/json': () => new Response('oops', { status: 503 }) });
    const s = service(fetch);
    await expect(s.warm(INDEX, 'sampleproject', '4.0.0')).resolves.toBeUndefined();
    const before = log.length;
    await expect(s.listRelease(INDEX, 'sampleproject', '4.0.0')).rejects.toThrow();
    expect(log.length).toBeGreaterThan(before);
  });
});

describe('one check per file, whoever starts it', () => {
  it('warm, a listing and checkFile (with other spellings) share one fetch and one verification per file', async () => {
    const { fetch, log } = site();
    let verifications = 0;
    const s = new ReleaseService({
      fetch,
      store: memoryStore(),
      trustKey: 't',
      sleep: async () => undefined,
      verifier: {
        verify: (input) => {
          verifications++;
          return nodeVerifier.verify(input);
        },
        warmUp: async () => undefined,
      },
    });
    // A loading tab (no version in its URL), its content script's listing, and the page's and
    // the popup's checks, all at once; the project spelled as the URL, the page and PyPI do.
    const release = await s.listRelease(INDEX, 'SampleProject', '4.0.0');
    const started = [
      s.warm(INDEX, 'sampleproject'),
      s.warm(INDEX, 'sampleproject', '4.0.0'),
      Promise.resolve(s.startChecks(INDEX, 'SampleProject', release)),
      s.checkFile(INDEX, 'sampleproject', '4.0.0', SDIST),
      s.checkFile(INDEX, 'SAMPLEPROJECT', '4.0.0', WHEEL),
      s.checkFile(INDEX, 'sampleproject', '4.0.0', SDIST),
    ];
    await Promise.all(started);
    const results = await Promise.all([
      s.checkFile(INDEX, 'sampleproject', '4.0.0', SDIST),
      s.checkFile(INDEX, 'sampleproject', '4.0.0', WHEEL),
    ]);
    expect(results.map((r) => r.state)).toEqual(['verified', 'none']);
    const provenance = log.filter((u) => u.endsWith('/provenance'));
    expect(provenance.filter((u) => u.includes(SDIST))).toHaveLength(1);
    expect(provenance.filter((u) => u.includes(WHEEL))).toHaveLength(1);
    expect(verifications).toBe(1);
    expect(s.requests).toMatchObject({ provenance: 2, verifications: 1 });
  });

  it('names a check by index, PEP 503 project, listed version, file and digest', () => {
    const file = { filename: SDIST, sha256: 'a'.repeat(64) };
    const key = checkKey(INDEX, 'Sample.Project', { version: '4.0.0' }, file);
    expect(checkKey(INDEX, 'sample_project', { version: '4.0.0' }, file)).toBe(key);
    expect(checkKey('https://test.pypi.org', 'sampleproject', { version: '4.0.0' }, file)).not.toBe(
      key,
    );
    expect(
      checkKey(INDEX, 'sampleproject', { version: '4.0.0' }, { ...file, sha256: 'b'.repeat(64) }),
    ).not.toBe(key);
    expect(checkKey(INDEX, 'sampleproject', { version: '4.0.0' }, file, true)).not.toBe(key);
  });
});

describe('ReleaseService.quiet (work that can wait yields to the checks)', () => {
  it('answers at once with nothing checked, once the checks end, or after its longest wait', async () => {
    let release = () => undefined as void;
    const held = new Promise<void>((r) => (release = r));
    const s = service(site().fetch);
    const start = Date.now();
    await s.quiet(5_000, 10);
    expect(Date.now() - start).toBeLessThan(50);

    // A listing that does not answer yet: busy until it does.
    const slow = service(async () => {
      await held;
      return new Response(RELEASE);
    });
    const listing = slow.listRelease(INDEX, 'sampleproject', '4.0.0');
    expect(slow.busy).toBe(true);
    const t0 = Date.now();
    await slow.quiet(150, 10); // never quiet within it: the longest wait
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    let quiet = false;
    const waiting = slow.quiet(5_000, 10).then(() => (quiet = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(quiet).toBe(false);
    release();
    await listing;
    await waiting;
    expect(slow.busy).toBe(false);
  });
});
