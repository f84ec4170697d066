import { describe, expect, it } from 'vitest';
import type { FileResult } from '../core/result.js';
import { memoryStore, type KeyValueStore } from './cache.js';
import { TabStates } from './tab-state.js';

const INDEX = 'https://pypi.org';
const SDIST = 'a-1.tar.gz';
const WHEEL = 'a-1-py3-none-any.whl';
const verified = (filename: string): FileResult => ({
  filename,
  state: 'verified',
  publisher: { kind: 'GitHub' },
  attestations: [],
});

/** A session store whose reads each take `ms` (as storage.session does, across a process hop). */
function slowReads(ms: number): KeyValueStore & { map: Map<string, unknown> } {
  const store = memoryStore();
  const get = store.get;
  return {
    ...store,
    get: async (key) => {
      const value = await get(key);
      await new Promise((r) => setTimeout(r, ms));
      return value;
    },
  };
}

describe('TabStates with results arriving together (found by the Firefox suite)', () => {
  it('keeps both results when two arrive together while the state is read back', async () => {
    const session = slowReads(5);
    await new TabStates(session, () => undefined, Date.now, 0).begin(4, INDEX, 'a', '1', [
      SDIST,
      WHEEL,
    ]);
    await new Promise((r) => setTimeout(r, 5)); // the session copy is written just after

    // A restarted background: both pages' re-sent checks answer at once.
    const shown: string[] = [];
    const tabs = new TabStates(session, (_id, s) => shown.push(s.state));
    await Promise.all([
      tabs.update(4, INDEX, 'a', '1', verified(SDIST)),
      new Promise((r) => setTimeout(r, 1)).then(() =>
        tabs.update(4, INDEX, 'a', '1', verified(WHEEL)),
      ),
    ]);
    expect((await tabs.get(4))?.files.map((f) => f.state)).toEqual(['verified', 'verified']);
    expect(shown.at(-1)).toBe('verified');
  });

  it('keeps both results when they land in the same turn', async () => {
    const tabs = new TabStates(memoryStore(), () => undefined);
    await tabs.begin(5, INDEX, 'a', '1', [SDIST, WHEEL]);
    await Promise.all([
      tabs.update(5, INDEX, 'a', '1', verified(SDIST)),
      tabs.update(5, INDEX, 'a', '1', verified(WHEEL)),
      tabs.annotate(5, INDEX, 'a', '1', { warnings: [], alerts: [] } as never),
    ]);
    const state = await tabs.get(5);
    expect(state?.files.map((f) => f.state)).toEqual(['verified', 'verified']);
    expect(state?.state).toBe('verified');
    expect(state?.analysis).toBeDefined();
  });

  it("applies a navigation seen before a page's listing first: the listing is kept", async () => {
    // A page back from Firefox's back/forward cache: the tab's `loading` event still names
    // the page it leaves, and the restored page lists its release at once.
    const tabs = new TabStates(slowReads(5), () => undefined);
    const page = 'https://pypi.org/project/a/1/';
    await Promise.all([
      tabs.navigated(6, 'https://pypi.org/search/?q=a'),
      tabs.begin(6, INDEX, 'a', '1', [SDIST], page),
    ]);
    expect(await tabs.get(6)).toMatchObject({ pageUrl: page, state: 'pending' });
  });

  it('a reader loading the session copy never puts it over a newer state', async () => {
    const session = slowReads(5);
    await new TabStates(session, () => undefined, Date.now, 0).begin(8, INDEX, 'a', '1', [SDIST]);
    await new Promise((r) => setTimeout(r, 5));
    const tabs = new TabStates(session, () => undefined);
    // The popup asks for the tab's state just after a result came in: its read of the session
    // copy ends after the result was stored.
    const updating = tabs.update(8, INDEX, 'a', '1', verified(SDIST));
    await new Promise((r) => setTimeout(r, 1));
    const reading = tabs.get(8);
    await Promise.all([updating, reading]);
    expect((await tabs.get(8))?.state).toBe('verified');
  });
});

describe('TabStates session copy', () => {
  it('writes a state no longer pending at once: a worker stopped just after leaves no stale copy', async () => {
    const session = memoryStore();
    // A long delay for bursts, so that only the immediate write can be seen here.
    const tabs = new TabStates(session, () => undefined, Date.now, 60_000);
    await tabs.begin(9, INDEX, 'a', '1', [SDIST, WHEEL]);
    await tabs.update(9, INDEX, 'a', '1', verified(SDIST));
    const read = () => new TabStates(session, () => undefined).get(9);
    // Still pending: its copy waits for the burst's end, but the release itself was written
    // at once (a worker stopped now leaves the next one the tab's release).
    await new Promise((r) => setTimeout(r, 5));
    expect((await read())?.files.map((f) => f.state)).toEqual(['pending', 'pending']);
    await tabs.update(9, INDEX, 'a', '1', verified(WHEEL));
    await new Promise((r) => setTimeout(r, 5));
    // Final: a restarted worker (a new TabStates) reads it as it is.
    expect((await read())?.files.map((f) => f.state)).toEqual(['verified', 'verified']);
  });
});
