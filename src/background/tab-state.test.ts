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
});
