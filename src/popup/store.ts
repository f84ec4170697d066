/**
 * The popup's data: which release the tab shows, polled from the background while files are
 * being checked, plus the popup's own retries. Framework-free (plain functions and a
 * subscribe/getState pair, see use-store.ts) and given its messaging function, so it is
 * unit-tested without a browser.
 */
import {
  releaseState,
  type FileResult,
  type Identity,
  type ReleaseState,
} from '../shared/domain.js';
import type { Response, SendFn } from '../shared/messages.js';
import { refreshDue, runTrustRefresh } from '../shared/trust-refresh.js';
import type { TabState, TrustInfo } from '../shared/view-model.js';
import {
  createHistoryController,
  type HistoryView,
  type MemoryActionName,
} from './history-store.js';
import { createInstallController, type InstallView } from './install-store.js';
import type { ReleaseView } from './release-view.js';

export type Info = Response<'getInfo'>;

export type PopupState =
  | { status: 'loading'; info?: Info }
  /** The tab is not a PyPI project page (or there is no tab). */
  | { status: 'no-release'; info?: Info }
  | {
      status: 'release';
      info?: Info;
      release: ReleaseView;
      history: HistoryView;
      /** Install text pinned to the verified files (once the release has settled). */
      install: InstallView;
    }
  /** The background did not answer. */
  | { status: 'unavailable'; info?: Info; message: string };

export interface PopupStore {
  getState(): PopupState;
  subscribe(listener: () => void): () => void;
  /** Resolves the tab, then loads (and polls) its state. */
  start(): Promise<void>;
  /** Loads again after the background did not answer. */
  reload(): Promise<void>;
  /** Re-checks one file (`checkFile` with `force`), then polls. */
  retryFile(filename: string): Promise<void>;
  /** Re-checks every file in `error`, or re-lists the release when listing failed. */
  retryRelease(): Promise<void>;
  /** Pin, accept, unpin or forget the project's publisher; then asks for the analysis again. */
  memoryAction(action: MemoryActionName, identity?: Identity): Promise<void>;
  /** The publisher timeline's next page of older releases. */
  loadOlderReleases(): Promise<void>;
  retryTimeline(): Promise<void>;
  retryAnalysis(): Promise<void>;
  dispose(): void;
}

export interface StoreDeps {
  send: SendFn;
  /** The tab to show: the `?tabId=` parameter, else the active tab; undefined when none. */
  resolveTabId: () => Promise<number | undefined>;
  /** @default 400 */
  pollMs?: number;
  /** @default Date.now */
  now?: () => number;
  /** The daily refresh of the trust root, when it is on and due (src/shared/trust-refresh.ts). */
  refresh?: (send: SendFn) => Promise<TrustInfo | undefined>;
}

/** Consecutive failed polls tolerated (a sleeping worker may miss one) before giving up. */
const MAX_POLL_FAILURES = 3;

/** A file result the popup got itself (retry), newer than the background's copy until `at`. */
export interface Override {
  result: FileResult;
  /** Still in flight: always shown. */
  inFlight: boolean;
  /** now() when the result arrived. */
  at: number;
}

export interface LocalListing {
  version: string;
  filenames: readonly string[];
}

/** Merges the background's tab state with the popup's own newer results (pure). */
export function mergeRelease(
  tab: TabState,
  overrides: ReadonlyMap<string, Override>,
  local: { listing?: LocalListing; error?: ReleaseView['error']; listingInFlight: boolean },
): ReleaseView {
  const live = (o: Override | undefined): o is Override =>
    o !== undefined && (o.inFlight || o.at >= tab.updatedAt);
  const base: FileResult[] =
    tab.files.length > 0 || !local.listing
      ? tab.files
      : local.listing.filenames.map((filename) => ({ filename, state: 'pending' }));
  let changed = base !== tab.files;
  const files = base.map((file) => {
    const o = overrides.get(file.filename);
    if (!live(o)) return file;
    changed = true;
    return o.result;
  });
  const error = tab.files.length > 0 ? undefined : (local.error ?? tab.error);
  let state: ReleaseState = tab.state;
  if (local.listingInFlight) state = 'pending';
  else if (changed && files.length > 0) state = releaseState(files);
  else if (files.length === 0 && error) state = 'error';
  const retrying = local.listingInFlight || [...overrides.values()].some((o) => o.inFlight);
  return {
    index: tab.index,
    project: tab.project,
    version: tab.version || local.listing?.version || '',
    state,
    files,
    ...(error && { error }),
    retrying,
  };
}

export function needsPolling(release: ReleaseView): boolean {
  return release.state === 'pending' || release.files.some((f) => f.state === 'pending');
}

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export function createPopupStore(deps: StoreDeps): PopupStore {
  const pollMs = deps.pollMs ?? 400;
  const now = deps.now ?? Date.now;
  const listeners = new Set<() => void>();
  const overrides = new Map<string, Override>();
  const local: { listing?: LocalListing; error?: ReleaseView['error']; listingInFlight: boolean } =
    { listingInFlight: false };
  let info: Info | undefined;
  let tabId: number | undefined;
  /** undefined: not loaded yet; null: not a project page. */
  let tab: TabState | null | undefined;
  let unavailable: string | undefined;
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let polling: Promise<void> | undefined;
  let disposed = false;
  let state: PopupState = { status: 'loading' };
  const history = createHistoryController({
    send: deps.send,
    onChange: () => emit(),
  });
  const install = createInstallController({ send: deps.send, onChange: () => emit() });

  function compute(): PopupState {
    const extra = info ? { info } : {};
    if (unavailable !== undefined) return { status: 'unavailable', message: unavailable, ...extra };
    if (tab === undefined) return { status: 'loading', ...extra };
    if (tab === null) return { status: 'no-release', ...extra };
    const release = mergeRelease(tab, overrides, local);
    history.sync(release, tab.analysis, tabId);
    install.sync(release);
    return {
      status: 'release',
      release,
      history: history.view(),
      install: install.view(release),
      ...extra,
    };
  }

  function emit(): void {
    if (disposed) return;
    state = compute();
    for (const listener of listeners) listener();
  }

  function schedule(): void {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      void poll();
    }, pollMs);
  }

  async function fetchTab(id: number): Promise<void> {
    try {
      tab = await deps.send('getTabState', { tabId: id });
      failures = 0;
      unavailable = undefined;
    } catch (err) {
      failures += 1;
      if (tab === undefined || failures >= MAX_POLL_FAILURES) {
        unavailable = `The extension’s background did not answer: ${messageOf(err)}`;
      }
    }
    // Results the background has since replaced are dropped for good.
    if (tab) {
      for (const [name, o] of overrides) {
        if (!o.inFlight && o.at < tab.updatedAt) overrides.delete(name);
      }
    }
    emit();
    if (disposed || unavailable !== undefined) return;
    const current = state;
    if (current.status === 'release' && needsPolling(current.release)) schedule();
    else if (failures > 0) schedule();
  }

  /** One getTabState round trip at a time; a request during one joins it. */
  function poll(): Promise<void> {
    if (disposed || tabId === undefined) return Promise.resolve();
    polling ??= fetchTab(tabId).finally(() => {
      polling = undefined;
    });
    return polling;
  }

  async function retryFile(filename: string): Promise<void> {
    if (!tab || tabId === undefined) return;
    const release = mergeRelease(tab, overrides, local);
    overrides.set(filename, { result: { filename, state: 'pending' }, inFlight: true, at: now() });
    emit();
    let result: FileResult;
    try {
      result = await deps.send('checkFile', {
        index: release.index,
        project: release.project,
        version: release.version,
        filename,
        force: true,
        tabId,
      });
    } catch (err) {
      result = { filename, state: 'error', code: 'INTERNAL_ERROR', message: messageOf(err) };
    }
    overrides.set(filename, { result, inFlight: false, at: now() });
    emit();
    await poll();
  }

  async function relist(release: ReleaseView): Promise<void> {
    local.listingInFlight = true;
    emit();
    try {
      const listing = await deps.send('listRelease', {
        index: release.index,
        project: release.project,
        ...(release.version && { version: release.version }),
        force: true,
        ...(tabId !== undefined && { tabId }),
      });
      local.listing = { version: listing.version, filenames: listing.files.map((f) => f.filename) };
      local.error = undefined;
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      local.error = {
        code: typeof code === 'string' ? code : 'INTERNAL_ERROR',
        message: messageOf(err),
      };
    }
    local.listingInFlight = false;
    emit();
    const filenames = local.error ? [] : (local.listing?.filenames ?? []);
    await Promise.all(filenames.map((name) => retryFile(name)));
  }

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async start() {
      deps.send('getInfo', {}).then(
        (value) => {
          info = value;
          emit();
          // The refresh of the trust root runs here too when it is on and a day has passed.
          if (refreshDue(value.trust.refresh, now())) {
            void (deps.refresh ?? runTrustRefresh)(deps.send).then((trust) => {
              if (trust && info && !disposed) {
                info = { ...info, trust };
                emit();
              }
            });
          }
        },
        () => undefined, // The popup works without it; the footer just omits the trust date.
      );
      try {
        tabId = await deps.resolveTabId();
      } catch (err) {
        unavailable = `Could not find the current tab: ${messageOf(err)}`;
        emit();
        return;
      }
      if (tabId === undefined) {
        tab = null;
        emit();
        return;
      }
      await poll();
    },
    async reload() {
      unavailable = undefined;
      failures = 0;
      emit();
      await poll();
    },
    retryFile,
    async retryRelease() {
      if (!tab) return;
      const release = mergeRelease(tab, overrides, local);
      if (release.files.length === 0) return relist(release);
      const errors = release.files.filter((f) => f.state === 'error');
      await Promise.all(errors.map((f) => retryFile(f.filename)));
    },
    memoryAction: (action, identity) => history.memoryAction(action, identity),
    loadOlderReleases: () => history.loadMore(),
    retryTimeline: () => history.retryTimeline(),
    retryAnalysis: () => history.retryAnalysis(),
    dispose() {
      disposed = true;
      history.dispose();
      install.dispose();
      if (timer !== undefined) clearTimeout(timer);
      listeners.clear();
    },
  };
}
