/**
 * The options page's data: remembered and pinned publishers, their export, import, clearing
 * the caches, and the trust root's date. Framework-free (getState/subscribe) and given its
 * messaging function, so it is unit-tested without a browser.
 */
import type { MemoryKey, ProjectMemory } from '../shared/domain.js';
import type { Response, SendFn } from '../shared/messages.js';

export type Info = Response<'getInfo'>;

/** One remembered project on one index. */
export interface MemoryRow {
  key: MemoryKey;
  index: string;
  project: string;
  memory: ProjectMemory;
}

export type ImportStatus =
  | { status: 'idle' }
  | { status: 'importing' }
  | { status: 'ok'; imported: number }
  | { status: 'error'; message: string };

export type CachesStatus =
  | { status: 'idle' }
  | { status: 'clearing' }
  | { status: 'cleared' }
  | { status: 'error'; message: string };

export interface OptionsState {
  info?: Info;
  memory:
    | { status: 'loading' }
    | { status: 'ready'; rows: MemoryRow[] }
    | { status: 'error'; message: string };
  exported?: { json: string; commands: string };
  exportError?: string;
  /** The row whose action (remove, unpin) is in flight. */
  busyKey?: MemoryKey;
  /** Why the last remove/unpin failed. */
  rowError?: string;
  caches: CachesStatus;
  importing: ImportStatus;
}

export interface OptionsStore {
  getState(): OptionsState;
  subscribe(listener: () => void): () => void;
  /** Loads the info, the remembered projects and their export. */
  load(): Promise<void>;
  remove(row: MemoryRow): Promise<void>;
  unpin(row: MemoryRow): Promise<void>;
  clearCaches(): Promise<void>;
  /** Imports an exported JSON document; the background changes nothing if it is invalid. */
  importText(text: string): Promise<void>;
}

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** Rows from `listMemory`'s entries, by project name then index. */
export function memoryRows(entries: readonly [MemoryKey, ProjectMemory][]): MemoryRow[] {
  return entries
    .map(([key, memory]) => {
      const bar = key.indexOf('|');
      return { key, index: key.slice(0, bar), project: key.slice(bar + 1), memory };
    })
    .sort((a, b) => a.project.localeCompare(b.project) || a.index.localeCompare(b.index));
}

export function createOptionsStore(deps: { send: SendFn }): OptionsStore {
  const { send } = deps;
  const listeners = new Set<() => void>();
  let state: OptionsState = {
    memory: { status: 'loading' },
    caches: { status: 'idle' },
    importing: { status: 'idle' },
  };

  function set(patch: Partial<OptionsState>): void {
    state = { ...state, ...patch };
    for (const listener of listeners) listener();
  }

  function without<K extends keyof OptionsState>(key: K): void {
    const { [key]: _dropped, ...rest } = state;
    state = rest as OptionsState;
  }

  async function refresh(): Promise<void> {
    const [list, exported] = await Promise.allSettled([
      send('listMemory', {}),
      send('exportMemory', {}),
    ]);
    if (list.status === 'fulfilled') {
      set({ memory: { status: 'ready', rows: memoryRows(list.value.entries) } });
    } else {
      set({ memory: { status: 'error', message: messageOf(list.reason) } });
    }
    if (exported.status === 'fulfilled') {
      without('exportError');
      set({ exported: exported.value });
    } else {
      without('exported');
      set({ exportError: messageOf(exported.reason) });
    }
  }

  async function rowAction(row: MemoryRow, action: 'forget' | 'unpin'): Promise<void> {
    if (state.busyKey !== undefined) return;
    without('rowError');
    set({ busyKey: row.key });
    try {
      await send('memoryAction', { action, index: row.index, project: row.project });
    } catch (err) {
      without('busyKey');
      set({ rowError: messageOf(err) });
      return;
    }
    await refresh();
    without('busyKey');
    set({});
  }

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async load() {
      send('getInfo', {}).then(
        (info) => set({ info }),
        () => undefined, // the page works without it; the footer omits the trust date
      );
      await refresh();
    },
    remove: (row) => rowAction(row, 'forget'),
    unpin: (row) => rowAction(row, 'unpin'),
    async clearCaches() {
      if (state.caches.status === 'clearing') return;
      set({ caches: { status: 'clearing' } });
      try {
        await send('clearCaches', {});
        set({ caches: { status: 'cleared' } });
      } catch (err) {
        set({ caches: { status: 'error', message: messageOf(err) } });
      }
    },
    async importText(text) {
      if (state.importing.status === 'importing') return;
      set({ importing: { status: 'importing' } });
      let imported: number;
      try {
        ({ imported } = await send('importMemory', { text }));
      } catch (err) {
        set({ importing: { status: 'error', message: messageOf(err) } });
        return;
      }
      set({ importing: { status: 'ok', imported } });
      await refresh();
    },
  };
}
