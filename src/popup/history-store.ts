/**
 * The popup's view of a release's history (issue 4): its analysis (warnings, memory alerts,
 * the identity "Pin" would pin), the project's publisher timeline, and the memory actions
 * (pin, accept, unpin, forget). Framework-free like store.ts, which owns one of these and
 * calls `sync` with every new release view.
 */
import {
  checkMemory,
  observeRelease,
  type FileResult,
  type Identity,
  type ProjectMemory,
  type TimelineEntry,
} from '../shared/domain.js';
import type { Request, SendFn } from '../shared/messages.js';
import type { Analysis } from '../shared/view-model.js';
import type { ReleaseView } from './release-view.js';

export type MemoryActionName = Request<'memoryAction'>['action'];

export type AnalysisView =
  /** The release is still being checked (or has no files): nothing to compare yet. */
  | { status: 'waiting' }
  | { status: 'loading' }
  | { status: 'ready'; analysis: Analysis }
  | { status: 'error'; message: string };

export interface TimelineView {
  status: 'waiting' | 'loading' | 'ready' | 'error';
  /** Newest first. */
  entries: readonly TimelineEntry[];
  /** Releases the project has in all (0 until loaded). */
  releases: number;
  hasMore: boolean;
  /** True while older releases are being loaded. */
  loadingMore: boolean;
  /** Why the timeline (or its older releases) could not be loaded. */
  error?: { code: string; message: string };
}

export interface HistoryView {
  analysis: AnalysisView;
  timeline: TimelineView;
  /** The memory action in flight, if any. */
  busy?: MemoryActionName;
  /** Why the last memory action failed. */
  actionError?: string;
  /** The last memory action that succeeded (for a polite confirmation). */
  done?: MemoryActionName;
}

export interface HistoryController {
  /** Takes the current release (and the tab's analysis); starts requests when it has settled. */
  sync(release: ReleaseView, tabAnalysis: Analysis | undefined, tabId: number | undefined): void;
  view(): HistoryView;
  memoryAction(action: MemoryActionName, identity?: Identity): Promise<void>;
  /** The next page of older releases. */
  loadMore(): Promise<void>;
  retryTimeline(): Promise<void>;
  retryAnalysis(): Promise<void>;
  dispose(): void;
}

/** Releases per timeline page (the "newest 20"). */
export const TIMELINE_PAGE = 20;

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** The release has files and none is still being checked. */
function settled(release: ReleaseView): boolean {
  return (
    release.version !== '' &&
    release.files.length > 0 &&
    release.state !== 'pending' &&
    release.files.every((f) => f.state !== 'pending')
  );
}

const releaseKey = (r: Pick<ReleaseView, 'index' | 'project' | 'version'>): string =>
  `${r.index}|${r.project}|${r.version}`;

const signature = (files: readonly FileResult[]): string =>
  files.map((f) => `${f.filename}:${f.state}`).join('\n');

const EMPTY_TIMELINE: TimelineView = {
  status: 'waiting',
  entries: [],
  releases: 0,
  hasMore: false,
  loadingMore: false,
};

export function createHistoryController(deps: {
  send: SendFn;
  /** Called whenever the view changes outside `sync`. */
  onChange: () => void;
}): HistoryController {
  let key = '';
  let release: ReleaseView | undefined;
  let tabId: number | undefined;
  let analysis: AnalysisView = { status: 'waiting' };
  /** The files' states the shown analysis was asked for (or taken from the tab) with. */
  let analysedFor: string | undefined;
  let timeline: TimelineView = EMPTY_TIMELINE;
  let timelineRequested = false;
  let busy: MemoryActionName | undefined;
  let actionError: string | undefined;
  let done: MemoryActionName | undefined;
  /** Memory actions started so far. */
  let actions = 0;
  /** Bumped on every reset: answers for an older release are dropped. */
  let generation = 0;
  let disposed = false;

  const changed = (): void => {
    if (!disposed) deps.onChange();
  };

  function reset(): void {
    generation += 1;
    analysis = { status: 'waiting' };
    analysedFor = undefined;
    timeline = EMPTY_TIMELINE;
    timelineRequested = false;
    busy = undefined;
    actionError = undefined;
    done = undefined;
  }

  const target = () => {
    if (!release) throw new Error('no release');
    return { index: release.index, project: release.project, version: release.version };
  };

  type Answer = { ok: true; value: Analysis } | { ok: false; message: string };

  /** getAnalysis for the current release; undefined when the release changed meanwhile. */
  async function requestAnalysis(): Promise<Answer | undefined> {
    const gen = generation;
    let answer: Answer;
    try {
      const value = await deps.send('getAnalysis', {
        ...target(),
        ...(tabId !== undefined && { tabId }),
      });
      answer = { ok: true, value };
    } catch (err) {
      answer = { ok: false, message: messageOf(err) };
    }
    return gen === generation && !disposed ? answer : undefined;
  }

  /** `notify`: false when called from `sync` (the store reads the view right after). */
  async function analyse(notify: boolean): Promise<void> {
    analysis = { status: 'loading' };
    if (notify) changed();
    const answer = await requestAnalysis();
    if (!answer) return;
    analysis = answer.ok
      ? { status: 'ready', analysis: answer.value }
      : { status: 'error', message: answer.message };
    changed();
  }

  async function loadTimeline(offset: number, notify: boolean): Promise<void> {
    if (!release) return;
    const gen = generation;
    const { index, project } = release;
    const before = timeline;
    timeline =
      offset === 0
        ? { ...EMPTY_TIMELINE, status: 'loading' }
        : {
            status: before.status,
            entries: before.entries,
            releases: before.releases,
            hasMore: before.hasMore,
            loadingMore: true,
          };
    if (notify) changed();
    let value;
    try {
      value = await deps.send('getTimeline', { index, project, limit: TIMELINE_PAGE, offset });
    } catch (err) {
      value = {
        entries: [],
        releases: before.releases,
        hasMore: before.hasMore,
        error: { code: 'INTERNAL_ERROR', message: messageOf(err) },
      };
    }
    if (gen !== generation || disposed) return;
    if (offset === 0) {
      timeline = {
        status: value.error && value.entries.length === 0 ? 'error' : 'ready',
        entries: value.entries,
        releases: value.releases,
        hasMore: value.hasMore,
        loadingMore: false,
        ...(value.error && { error: value.error }),
      };
    } else {
      const known = new Set(before.entries.map((e) => e.version));
      timeline = {
        status: 'ready',
        entries: [...before.entries, ...value.entries.filter((e) => !known.has(e.version))],
        releases: value.error ? before.releases : value.releases,
        hasMore: value.error ? before.hasMore : value.hasMore,
        loadingMore: false,
        ...(value.error && { error: value.error }),
      };
    }
    changed();
  }

  /** A newer analysis replaces the one shown; a failure keeps it. */
  async function refreshQuietly(): Promise<void> {
    const before = actions;
    const answer = await requestAnalysis();
    // A memory action since then makes this answer stale.
    if (!answer?.ok || busy !== undefined || actions !== before) return;
    analysis = { status: 'ready', analysis: answer.value };
    changed();
  }

  /**
   * After a memory action the alerts are first recomputed from the memory the background
   * returned; then the background's own analysis replaces them. The protocol guarantees that
   * an analysis asked for after `memoryAction` answered reflects the change (see
   * `getAnalysis` in src/shared/messages.ts): one request, no waiting.
   */
  async function refreshAfter(): Promise<void> {
    const seq = actions;
    const answer = await requestAnalysis();
    // Dropped when the release changed or another action started meanwhile.
    if (!answer || seq !== actions) return;
    if (answer.ok) analysis = { status: 'ready', analysis: answer.value };
    // A failed refresh keeps the recomputed alerts: the analysis is not lost.
    else if (analysis.status !== 'ready') analysis = { status: 'error', message: answer.message };
    changed();
  }

  return {
    sync(next, tabAnalysis, nextTabId) {
      tabId = nextTabId;
      const k = releaseKey(next);
      if (k !== key) {
        key = k;
        reset();
      }
      release = next;
      if (disposed || !settled(next)) return;
      if (!timelineRequested) {
        timelineRequested = true;
        void loadTimeline(0, false);
      }
      const sig = signature(next.files);
      if (analysedFor === sig || busy !== undefined) return;
      const first = analysedFor === undefined;
      analysedFor = sig;
      if (first && tabAnalysis && tabAnalysis.version === next.version) {
        // Shown at once, then asked for again: the memory may have changed since (options
        // page, another tab). Asking again is idempotent for the same release.
        analysis = { status: 'ready', analysis: tabAnalysis };
        void refreshQuietly();
        return;
      }
      // Asked once per settled set of results (again only after a retry changed them).
      void analyse(false);
    },

    view() {
      return {
        analysis,
        timeline,
        ...(busy !== undefined && { busy }),
        ...(actionError !== undefined && { actionError }),
        ...(done !== undefined && { done }),
      };
    },

    async memoryAction(action, identity) {
      if (!release || busy !== undefined) return;
      const gen = generation;
      busy = action;
      actions += 1;
      actionError = undefined;
      done = undefined;
      changed();
      let after: ProjectMemory | null;
      try {
        after = await deps.send('memoryAction', {
          action,
          ...target(),
          ...(identity && { identity }),
        });
      } catch (err) {
        if (gen !== generation) return;
        busy = undefined;
        actionError = messageOf(err);
        changed();
        return;
      }
      if (gen !== generation) return;
      busy = undefined;
      done = action;
      if (analysis.status === 'ready') {
        const current = analysis.analysis;
        analysis = {
          status: 'ready',
          analysis: {
            ...current,
            memory: after,
            // As the background counts it (an unsupported file has no verified identity).
            alerts: checkMemory(after ?? undefined, observeRelease(release?.files ?? [])),
          },
        };
      }
      changed();
      await refreshAfter();
    },

    async loadMore() {
      if (timeline.status !== 'ready' || timeline.loadingMore || !timeline.hasMore) return;
      await loadTimeline(timeline.entries.length, true);
    },

    async retryTimeline() {
      if (timeline.status === 'loading' || !release) return;
      timelineRequested = true;
      await loadTimeline(0, true);
    },

    async retryAnalysis() {
      if (analysis.status === 'loading' || !release || !settled(release)) return;
      await analyse(true);
    },

    dispose() {
      disposed = true;
      generation += 1;
    },
  };
}
