/**
 * What the popup and the options page know of the extension's access to the indexes, and how
 * they ask for it (docs/site-access.md). Framework-free and given the browser's APIs, so it is
 * unit-tested without a browser.
 *
 * What a page can know: `permissions.contains` for each index, at any time. Which site the
 * tab shows only when the browser lets us see the tab's URL: it does for the indexes we may
 * read (host permissions; the extension has no `tabs` or `activeTab` permission), so with
 * access withheld the popup cannot tell whether its tab is on PyPI at all, and says so.
 */
import { accessPatterns, indexHost } from '../shared/host-access.js';
import { INDEXES, parseProjectUrl, type IndexOrigin } from '../shared/project-page.js';
import type { Store } from './use-store.js';

/** A `permissions.onAdded` / `onRemoved` event. */
export interface PermissionsEvent {
  addListener(listener: () => void): void;
  removeListener(listener: () => void): void;
}

/** The part of the browser's `permissions` API used here. */
export interface PermissionsApi {
  contains(permissions: { origins: string[] }): Promise<boolean>;
  /** Must be called while the browser handles the user's click (both browsers insist). */
  request(permissions: { origins: string[] }): Promise<boolean>;
  onAdded?: PermissionsEvent;
  onRemoved?: PermissionsEvent;
}

/** The part of the browser's `tabs` API used here (needs no `tabs` permission). */
export interface TabsApi {
  /** `url` is there only for a page the extension may read. */
  get(tabId: number): Promise<{ url?: string }>;
  reload(tabId: number): Promise<void>;
}

export type AccessRequest =
  | { status: 'idle' }
  /** The browser is asking the user. */
  | { status: 'asking' }
  | { status: 'denied' }
  | { status: 'failed'; message: string };

export interface IndexAccess {
  index: IndexOrigin;
  host: string;
  granted: boolean;
}

export interface HostAccessState {
  /** False until the browser answered. */
  known: boolean;
  indexes: IndexAccess[];
  /** The indexes the extension may not read, in INDEXES order. */
  missing: IndexOrigin[];
  /** Some access was withheld while this page was open, and now none is. */
  regained: boolean;
  /**
   * The tab's page, when the browser lets the extension see its URL (on an index it may read):
   * its index, and whether it is a project page. Undefined: unknown (no tab, or another site,
   * or an index it may not read).
   */
  tab?: { index?: IndexOrigin; projectPage: boolean };
  request: AccessRequest;
  /** The tab was reloaded from here (reloadTab): its page is being checked. */
  reloaded: boolean;
}

export interface HostAccessStore extends Store<HostAccessState> {
  /** Reads the access and the tab, and follows the browser's changes until `dispose`. */
  start(): Promise<void>;
  refresh(): Promise<void>;
  /**
   * Asks the browser for every missing index. Call it from the click handler itself: the
   * request is sent before anything is awaited (a user gesture does not survive an await in
   * Firefox).
   */
  allow(): Promise<void>;
  /** Reloads the tab, so that the content script runs on it. */
  reloadTab(): Promise<void>;
  dispose(): void;
}

export interface HostAccessDeps {
  /** Undefined outside an extension: access is then taken as granted. */
  permissions: PermissionsApi | undefined;
  tabs?: TabsApi;
  /** The tab the page is about (the popup's). */
  tabId?: () => Promise<number | undefined>;
}

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** "pypi.org", "pypi.org and test.pypi.org" (or "pypi.org or test.pypi.org"). */
export function hostsText(indexes: readonly IndexOrigin[], joiner: 'and' | 'or' = 'and'): string {
  const hosts = indexes.map(indexHost);
  return hosts.length <= 1
    ? (hosts[0] ?? '')
    : `${hosts.slice(0, -1).join(', ')} ${joiner} ${hosts[hosts.length - 1]}`;
}

export function createHostAccessStore(deps: HostAccessDeps): HostAccessStore {
  const listeners = new Set<() => void>();
  let state: HostAccessState = {
    known: false,
    indexes: INDEXES.map((index) => ({ index, host: indexHost(index), granted: true })),
    missing: [],
    regained: false,
    request: { status: 'idle' },
    reloaded: false,
  };
  let everMissing = false;
  let tabId: number | undefined;
  let disposed = false;
  /** Refreshes in order: the last one started is the one that lands. */
  let generation = 0;

  function replace(next: HostAccessState): void {
    if (disposed) return;
    state = next;
    for (const listener of listeners) listener();
  }
  const set = (change: Partial<HostAccessState>): void => replace({ ...state, ...change });

  async function readTab(): Promise<HostAccessState['tab']> {
    if (tabId === undefined || !deps.tabs) return undefined;
    try {
      const { url } = await deps.tabs.get(tabId);
      if (url === undefined) return undefined;
      let origin: string;
      try {
        origin = new URL(url).origin;
      } catch {
        return undefined;
      }
      const index = INDEXES.find((i) => i === origin);
      return { ...(index && { index }), projectPage: parseProjectUrl(url) !== undefined };
    } catch {
      return undefined;
    }
  }

  async function refresh(): Promise<void> {
    const mine = ++generation;
    const permissions = deps.permissions;
    const granted = await Promise.all(
      INDEXES.map((index) =>
        permissions
          ? permissions.contains({ origins: accessPatterns(index) }).catch(() => true)
          : Promise.resolve(true),
      ),
    );
    const tab = await readTab();
    if (mine !== generation) return;
    const indexes = INDEXES.map((index, i) => ({
      index,
      host: indexHost(index),
      granted: granted[i] ?? true,
    }));
    const missing = indexes.filter((a) => !a.granted).map((a) => a.index);
    if (missing.length > 0) everMissing = true;
    replace({
      known: true,
      indexes,
      missing,
      regained: everMissing && missing.length === 0,
      // Granted, maybe some other way while the browser asked (its settings): nothing to
      // wait for any more.
      request: missing.length === 0 ? { status: 'idle' } : state.request,
      reloaded: state.reloaded,
      ...(tab && { tab }),
    });
  }

  const onChange = (): void => void refresh();

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async start() {
      deps.permissions?.onAdded?.addListener(onChange);
      deps.permissions?.onRemoved?.addListener(onChange);
      try {
        tabId = await deps.tabId?.();
      } catch {
        tabId = undefined;
      }
      await refresh();
    },
    refresh,
    allow() {
      const permissions = deps.permissions;
      // The content script's patterns too: Chrome grants those apart (accessPatterns).
      const origins = state.missing.flatMap(accessPatterns);
      if (!permissions || origins.length === 0) return Promise.resolve();
      let asked: Promise<boolean>;
      try {
        asked = permissions.request({ origins });
      } catch (err) {
        asked = Promise.reject(err instanceof Error ? err : new Error(String(err)));
      }
      set({ request: { status: 'asking' } });
      return asked.then(
        async (granted) => {
          set({ request: granted ? { status: 'idle' } : { status: 'denied' } });
          await refresh();
        },
        (err: unknown) => {
          set({ request: { status: 'failed', message: messageOf(err) } });
        },
      );
    },
    async reloadTab() {
      if (tabId === undefined || !deps.tabs) return;
      try {
        await deps.tabs.reload(tabId);
        set({ reloaded: true });
      } catch {
        // The tab is gone: nothing to reload.
      }
    },
    dispose() {
      disposed = true;
      deps.permissions?.onAdded?.removeListener(onChange);
      deps.permissions?.onRemoved?.removeListener(onChange);
      listeners.clear();
    },
  };
}

/** A store that never learns anything (no browser API): the pages render as if access were granted. */
export function unknownAccessStore(): HostAccessStore {
  const state: HostAccessState = {
    known: false,
    indexes: INDEXES.map((index) => ({ index, host: indexHost(index), granted: true })),
    missing: [],
    regained: false,
    request: { status: 'idle' },
    reloaded: false,
  };
  return {
    getState: () => state,
    subscribe: () => () => undefined,
    start: async () => undefined,
    refresh: async () => undefined,
    allow: async () => undefined,
    reloadTab: async () => undefined,
    dispose: () => undefined,
  };
}
