/**
 * The release state per browser tab, for the popup and the toolbar icon. Kept in memory and
 * mirrored to a session store so a restarted worker still knows what each tab shows.
 */
import { canonicalizeName } from '../core/filename.js';
import { releaseState, type FileResult } from '../core/result.js';
import type { TabState } from '../shared/view-model.js';
import type { KeyValueStore } from './cache.js';
import { TabSession, type TabSessionOptions } from './tab-session.js';

export class TabStates {
  private readonly tabs = new Map<number, TabState>();
  /** The session copy, compact and within a budget (tab-session.ts). */
  readonly session: TabSession;

  constructor(
    session: KeyValueStore,
    private readonly onChange: (tabId: number, state: TabState) => void,
    private readonly now: () => number = Date.now,
    private readonly writeDelayMs = 250,
    sessionOptions: TabSessionOptions = {},
  ) {
    this.session = new TabSession(session, sessionOptions);
  }

  async get(tabId: number): Promise<TabState | null> {
    const mem = this.tabs.get(tabId);
    if (mem) return mem;
    try {
      const stored = await this.session.read(tabId);
      // Another call may have loaded or changed the state while this one read it (messages
      // arriving together at a restarted worker): that copy is the newer one.
      const meanwhile = this.tabs.get(tabId);
      if (meanwhile) return meanwhile;
      if (stored) this.tabs.set(tabId, stored);
      return stored ?? null;
    } catch {
      return null;
    }
  }

  private readonly pendingWrites = new Map<number, ReturnType<typeof setTimeout>>();

  /** Each tab's changes still running, chained (see inOrder). */
  private readonly queues = new Map<number, Promise<unknown>>();

  /**
   * Runs a change of a tab's state after the changes asked before it, so that they apply in
   * the order the background received them, whatever their awaits (reading the session copy
   * back after a restart takes a while). Without it, two results arriving together after a
   * restart each wrote over the other's, and a navigation event seen before a page's listing
   * (Firefox, a page back from the back/forward cache) could forget that newer listing.
   */
  private inOrder<T>(tabId: number, change: () => Promise<T>): Promise<T> {
    const done = (this.queues.get(tabId) ?? Promise.resolve()).then(change, change);
    const tail = done.catch(() => undefined);
    this.queues.set(tabId, tail);
    void tail.then(() => {
      if (this.queues.get(tabId) === tail) this.queues.delete(tabId);
    });
    return done;
  }

  private async put(tabId: number, state: TabState): Promise<void> {
    const before = this.tabs.get(tabId);
    this.tabs.set(tabId, state);
    this.onChange(tabId, state);
    // The in-memory state is what everyone reads; the session copy only survives a worker
    // restart, so a burst of file results (60 files) becomes one write, not 60 growing ones.
    // Written at once: a state no longer pending, and a tab's new release. A worker stopped
    // in the next moments (Chrome may stop it any time) must not leave the popup a copy with
    // files pending, nor leave the next worker without the tab's release, whose results it
    // would then not apply (the toolbar stuck on "…" while the page showed verified).
    const release = (s: TabState | undefined) => s && [s.index, s.project, s.version].join(' ');
    if (state.state !== 'pending' || release(before) !== release(state)) {
      clearTimeout(this.pendingWrites.get(tabId));
      this.pendingWrites.delete(tabId);
      void this.session.write(tabId, state);
      return;
    }
    if (this.pendingWrites.has(tabId)) return;
    this.pendingWrites.set(
      tabId,
      setTimeout(() => {
        this.pendingWrites.delete(tabId);
        const latest = this.tabs.get(tabId);
        if (latest) void this.session.write(tabId, latest);
      }, this.writeDelayMs),
    );
  }

  /** A tab starts showing a release: every file pending. */
  async begin(
    tabId: number,
    index: string,
    project: string,
    version: string,
    filenames: string[],
    pageUrl?: string,
  ): Promise<void> {
    return this.inOrder(tabId, async () => {
      const files: FileResult[] = filenames.map((filename) => ({ filename, state: 'pending' }));
      const url = pageUrl ?? (await this.get(tabId))?.pageUrl;
      await this.put(tabId, {
        ...(url !== undefined && { pageUrl: url }),
        index,
        project,
        version,
        state: files.length ? 'pending' : 'none',
        files,
        updatedAt: this.now(),
      });
    });
  }

  /** A tab's release could not be listed. */
  async fail(
    tabId: number,
    index: string,
    project: string,
    version: string,
    error: NonNullable<TabState['error']>,
    pageUrl?: string,
  ): Promise<void> {
    return this.inOrder(tabId, async () => {
      const url = pageUrl ?? (await this.get(tabId))?.pageUrl;
      await this.put(tabId, {
        ...(url !== undefined && { pageUrl: url }),
        index,
        project,
        version,
        state: 'error',
        files: [],
        error,
        updatedAt: this.now(),
      });
    });
  }

  /** One file's result arrived; ignored if the tab has moved on to another release. */
  async update(
    tabId: number,
    index: string,
    project: string,
    version: string,
    result: FileResult,
  ): Promise<void> {
    await this.updateMany(tabId, index, project, version, [result]);
  }

  /** Adds a release's analysis (warnings, memory alerts) to the tab showing it. */
  async annotate(
    tabId: number,
    index: string,
    project: string,
    version: string,
    analysis: NonNullable<TabState['analysis']>,
  ): Promise<void> {
    return this.inOrder(tabId, async () => {
      await this.get(tabId);
      const current = this.showing(tabId, index, project, version);
      if (current) await this.put(tabId, { ...current, analysis, updatedAt: this.now() });
    });
  }

  /**
   * A tab started loading `url` (undefined when we may not see it: another site), or its page
   * changed its URL (history.pushState). Its release is forgotten unless this is the same page
   * (a fragment change, e.g. #files, or a reload); true when it was.
   */
  async navigated(tabId: number, url: string | undefined): Promise<boolean> {
    return this.inOrder(tabId, async () => {
      const state = this.tabs.get(tabId) ?? (await this.get(tabId));
      if (!state) return false;
      if (
        url !== undefined &&
        state.pageUrl !== undefined &&
        withoutFragment(url) === state.pageUrl
      ) {
        return false;
      }
      await this.removeNow(tabId);
      return true;
    });
  }

  /** Several files' results at once (one state change, one toolbar update). */
  async updateMany(
    tabId: number,
    index: string,
    project: string,
    version: string,
    results: readonly FileResult[],
  ): Promise<void> {
    if (results.length === 0) return;
    return this.inOrder(tabId, async () => {
      await this.get(tabId);
      const current = this.showing(tabId, index, project, version);
      if (!current) return;
      const byName = new Map(results.map((r) => [r.filename, r]));
      const files = current.files.map((f) => byName.get(f.filename) ?? f);
      await this.put(tabId, {
        ...current,
        files,
        state: releaseState(files),
        updatedAt: this.now(),
      });
    });
  }

  /**
   * The tab's state if it still shows this release (results for a release the tab has moved
   * on from are dropped). The JSON API names a project as registered ("Django"), pages and
   * requests by their URL ("django"): names compare after PEP 503 normalization.
   * From memory: callers `get` first.
   */
  private showing(
    tabId: number,
    index: string,
    project: string,
    version: string,
  ): TabState | undefined {
    const current = this.tabs.get(tabId);
    if (
      !current ||
      current.index !== index ||
      current.version !== version ||
      canonicalizeName(current.project) !== canonicalizeName(project)
    ) {
      return undefined;
    }
    return current;
  }

  async remove(tabId: number): Promise<void> {
    return this.inOrder(tabId, () => this.removeNow(tabId));
  }

  private async removeNow(tabId: number): Promise<void> {
    this.tabs.delete(tabId);
    clearTimeout(this.pendingWrites.get(tabId));
    this.pendingWrites.delete(tabId);
    await this.session.remove(tabId);
  }
}

export function withoutFragment(url: string): string {
  const i = url.indexOf('#');
  return i < 0 ? url : url.slice(0, i);
}
