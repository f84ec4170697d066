/**
 * The options page's data: remembered and pinned publishers, their export, import, clearing
 * the caches, and the trust root's date. Framework-free (getState/subscribe) and given its
 * messaging function, so it is unit-tested without a browser.
 */
import type { MemoryKey, ProjectMemory } from '../shared/domain.js';
import { exportTexts } from '../shared/domain-pages.js';
import type { Response, SendFn } from '../shared/messages.js';
import { refreshDue, runTrustRefresh } from '../shared/trust-refresh.js';
import { TUF_ORIGIN, TUF_PERMISSION } from '../shared/tuf-repository.js';
import type { TrustInfo } from '../shared/view-model.js';

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

/** The refresh of the trust root over TUF, as this page runs it. */
export type RefreshStatus =
  { status: 'idle' } | { status: 'working' } | { status: 'error'; message: string };

/** The parts of the `permissions` API the page uses (the optional TUF host permission). */
export interface PermissionsLike {
  request(p: { origins: string[] }): Promise<boolean>;
  remove(p: { origins: string[] }): Promise<boolean>;
}

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
  refresh: RefreshStatus;
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
  /**
   * Turns the daily refresh of the trust root on (asking for the TUF host's permission first:
   * call it from the click) and refreshes at once, or off (the refreshed root is forgotten).
   */
  setTrustRefresh(on: boolean): Promise<void>;
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

export function createOptionsStore(deps: {
  send: SendFn;
  permissions?: PermissionsLike | undefined;
  /** The page's refresh (default: the TUF client over the background, trust-refresh.ts). */
  refresh?: (send: SendFn) => Promise<TrustInfo | undefined>;
  now?: () => number;
}): OptionsStore {
  const { send } = deps;
  const refreshNow = deps.refresh ?? runTrustRefresh;
  const now = deps.now ?? Date.now;
  const listeners = new Set<() => void>();
  let state: OptionsState = {
    memory: { status: 'loading' },
    caches: { status: 'idle' },
    importing: { status: 'idle' },
    refresh: { status: 'idle' },
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
    let entries: [MemoryKey, ProjectMemory][];
    try {
      ({ entries } = await send('listMemory', {}));
    } catch (err) {
      const message = messageOf(err);
      set({ memory: { status: 'error', message } });
      without('exported');
      set({ exportError: message });
      return;
    }
    set({ memory: { status: 'ready', rows: memoryRows(entries) } });
    // The export is worded here, from the same entries (the worker does not carry it).
    without('exportError');
    set({ exported: exportTexts(entries, new Date(now())) });
  }

  function setTrust(trust: TrustInfo | undefined): void {
    if (trust && state.info) set({ info: { ...state.info, trust } });
  }

  async function refreshTrust(): Promise<void> {
    set({ refresh: { status: 'working' } });
    setTrust(await refreshNow(send));
    set({ refresh: { status: 'idle' } });
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
        (info) => {
          set({ info });
          if (refreshDue(info.trust.refresh, now())) void refreshTrust();
        },
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
    async setTrustRefresh(on) {
      if (state.refresh.status === 'working') return;
      const { permissions } = deps;
      if (!permissions) {
        set({ refresh: { status: 'error', message: 'This browser cannot grant permissions.' } });
        return;
      }
      try {
        if (on) {
          // First, while the click still counts as the user's gesture.
          const asked = permissions.request(TUF_PERMISSION);
          set({ refresh: { status: 'working' } });
          if (!(await asked)) {
            set({
              refresh: {
                status: 'error',
                message: `Permission to reach ${new URL(TUF_ORIGIN).host} was not granted: the refresh stays off.`,
              },
            });
            return;
          }
          setTrust(await send('setTrustRefresh', { enabled: true }));
          await refreshTrust();
        } else {
          set({ refresh: { status: 'working' } });
          setTrust(await send('setTrustRefresh', { enabled: false }));
          await permissions.remove(TUF_PERMISSION).catch(() => false);
          set({ refresh: { status: 'idle' } });
        }
      } catch (err) {
        set({ refresh: { status: 'error', message: messageOf(err) } });
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
