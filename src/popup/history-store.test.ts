import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FileResult, Identity, ProjectMemory, TimelineEntry } from '../shared/domain.js';
import type { MessageName, Request, Response, SendFn } from '../shared/messages.js';
import type { Analysis, Timeline } from '../shared/view-model.js';
import { createHistoryController, type HistoryController } from './history-store.js';
import type { ReleaseView } from './release-view.js';

type Handlers = { [K in MessageName]?: (req: Request<K>) => Response<K> | Promise<Response<K>> };

function fakeSend(handlers: Handlers) {
  const calls: { type: MessageName; payload: unknown }[] = [];
  const send = (async (type: MessageName, payload: unknown) => {
    calls.push({ type, payload });
    const handler = handlers[type] as ((req: unknown) => unknown) | undefined;
    if (!handler) throw new Error(`no handler for ${type}`);
    return handler(payload);
  }) as SendFn;
  return {
    send,
    calls,
    of: (type: MessageName) => calls.filter((c) => c.type === type).map((c) => c.payload),
  };
}

const GOOD: Identity = {
  kind: 'GitHub',
  repository: 'https://github.com/good/x',
  workflow: '.github/workflows/release.yml',
  environment: '',
};
const EVIL: Identity = { ...GOOD, repository: 'https://github.com/evil/x' };
const seen = (id: Identity, version = '1.9') => ({ ...id, firstSeen: 1, lastSeen: 1, version });

/** A file verified as signed by EVIL (the identity of `analysis` below). */
const verified = (filename: string): FileResult => ({
  filename,
  state: 'verified',
  publisher: { kind: 'GitHub' },
  attestations: [
    {
      predicateType: 'https://docs.pypi.org/attestations/publish/v1',
      signer: {
        identity: `${EVIL.repository}/${EVIL.workflow}@refs/tags/v2.0`,
        issuer: 'https://token.actions.githubusercontent.com',
        repositoryUrl: EVIL.repository,
        workflowPath: EVIL.workflow,
        notBefore: '2026-01-01T00:00:00Z',
        notAfter: '2026-01-01T00:10:00Z',
      },
      tlogEntries: [],
    },
  ],
});

function release(files: FileResult[], extra: Partial<ReleaseView> = {}): ReleaseView {
  return {
    index: 'https://pypi.org',
    project: 'x',
    version: '2.0',
    state: files.some((f) => f.state === 'pending') ? 'pending' : 'verified',
    files,
    retrying: false,
    ...extra,
  };
}

const entry = (version: string, identity: Identity): TimelineEntry => ({
  version,
  filename: `x-${version}.tar.gz`,
  result: verified(`x-${version}.tar.gz`),
  identity,
});

const timeline = (versions: string[], hasMore: boolean, releases = 40): Timeline => ({
  entries: versions.map((v) => entry(v, GOOD)),
  releases,
  hasMore,
});

/** An analysis of x 2.0 (signed by EVIL) against `memory`. */
function analysis(memory: ProjectMemory | null, alerts: Analysis['alerts'] = []): Analysis {
  return { version: '2.0', warnings: [], alerts, identity: EVIL, memory };
}

let controller: HistoryController | undefined;
beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  controller?.dispose();
  controller = undefined;
  vi.useRealTimers();
});

function create(send: SendFn) {
  const onChange = vi.fn();
  controller = createHistoryController({ send, onChange });
  return { c: controller, onChange };
}

describe('createHistoryController', () => {
  describe('while the release is being checked', () => {
    it('asks for nothing', async () => {
      const bg = fakeSend({});
      const { c } = create(bg.send);
      c.sync(release([{ filename: 'a.whl', state: 'pending' }]), undefined, 7);
      await vi.advanceTimersByTimeAsync(0);
      expect(bg.calls).toEqual([]);
      expect(c.view().analysis).toEqual({ status: 'waiting' });
      expect(c.view().timeline.status).toBe('waiting');
    });
  });

  describe('once the release has settled without an analysis in the tab state', () => {
    it('asks for the analysis once (with the tab) and for the newest 20 releases', async () => {
      const a = analysis({ seen: [seen(GOOD)], hadProvenance: true });
      const bg = fakeSend({
        getAnalysis: () => a,
        getTimeline: () => timeline(['2.0', '1.9'], false, 2),
      });
      const { c, onChange } = create(bg.send);
      const r = release([verified('a.whl')]);
      c.sync(r, undefined, 7);
      expect(c.view().analysis).toEqual({ status: 'loading' });
      expect(c.view().timeline.status).toBe('loading');
      await vi.advanceTimersByTimeAsync(0);
      c.sync(r, undefined, 7);
      c.sync(r, undefined, 7);
      await vi.advanceTimersByTimeAsync(0);
      expect(bg.of('getAnalysis')).toEqual([
        { index: 'https://pypi.org', project: 'x', version: '2.0', tabId: 7 },
      ]);
      expect(bg.of('getTimeline')).toEqual([
        { index: 'https://pypi.org', project: 'x', limit: 20, offset: 0 },
      ]);
      expect(c.view().analysis).toEqual({ status: 'ready', analysis: a });
      expect(c.view().timeline).toMatchObject({ status: 'ready', releases: 2, hasMore: false });
      expect(onChange).toHaveBeenCalled();
    });

    it('says why the analysis failed, and tries again on request', async () => {
      let up = false;
      const bg = fakeSend({
        getAnalysis: () => {
          if (!up) throw new Error('worker asleep');
          return analysis(null);
        },
        getTimeline: () => timeline([], false, 0),
      });
      const { c } = create(bg.send);
      c.sync(release([verified('a.whl')]), undefined, 7);
      await vi.advanceTimersByTimeAsync(0);
      expect(c.view().analysis).toEqual({ status: 'error', message: 'worker asleep' });
      up = true;
      await c.retryAnalysis();
      expect(c.view().analysis.status).toBe('ready');
    });
  });

  describe('when the tab state carries an analysis', () => {
    it('shows it at once and replaces it with a fresh one', async () => {
      const old = analysis({ seen: [seen(GOOD)], hadProvenance: true, pinned: GOOD });
      const fresh = analysis({ seen: [seen(GOOD)], hadProvenance: true });
      const bg = fakeSend({ getAnalysis: () => fresh, getTimeline: () => timeline([], false) });
      const { c } = create(bg.send);
      c.sync(release([verified('a.whl')]), old, 7);
      expect(c.view().analysis).toEqual({ status: 'ready', analysis: old });
      await vi.advanceTimersByTimeAsync(0);
      expect(c.view().analysis).toEqual({ status: 'ready', analysis: fresh });
    });

    it('keeps it when the fresh one cannot be had', async () => {
      const old = analysis(null);
      const bg = fakeSend({ getTimeline: () => timeline([], false) });
      const { c } = create(bg.send);
      c.sync(release([verified('a.whl')]), old, 7);
      await vi.advanceTimersByTimeAsync(0);
      expect(c.view().analysis).toEqual({ status: 'ready', analysis: old });
    });
  });

  describe('the timeline', () => {
    it('loads older releases from the next offset and appends them', async () => {
      const bg = fakeSend({
        getAnalysis: () => analysis(null),
        getTimeline: (req) =>
          req.offset === 0 ? timeline(['2.0', '1.9'], true) : timeline(['1.8'], false),
      });
      const { c } = create(bg.send);
      c.sync(release([verified('a.whl')]), undefined, 7);
      await vi.advanceTimersByTimeAsync(0);
      const more = c.loadMore();
      expect(c.view().timeline.loadingMore).toBe(true);
      await more;
      expect(bg.of('getTimeline')[1]).toEqual({
        index: 'https://pypi.org',
        project: 'x',
        limit: 20,
        offset: 2,
      });
      expect(c.view().timeline.entries.map((e) => e.version)).toEqual(['2.0', '1.9', '1.8']);
      expect(c.view().timeline).toMatchObject({ hasMore: false, loadingMore: false });
    });

    it('shows the background’s error, and loads again on retry', async () => {
      let fail = true;
      const bg = fakeSend({
        getAnalysis: () => analysis(null),
        getTimeline: () =>
          fail
            ? {
                entries: [],
                releases: 0,
                hasMore: false,
                error: { code: 'NETWORK_ERROR', message: 'offline' },
              }
            : timeline(['2.0'], false, 1),
      });
      const { c } = create(bg.send);
      c.sync(release([verified('a.whl')]), undefined, 7);
      await vi.advanceTimersByTimeAsync(0);
      expect(c.view().timeline).toMatchObject({
        status: 'error',
        error: { code: 'NETWORK_ERROR', message: 'offline' },
      });
      fail = false;
      await c.retryTimeline();
      expect(c.view().timeline.status).toBe('ready');
      expect(c.view().timeline.error).toBeUndefined();
    });
  });

  describe('memory actions', () => {
    it('pins the identity with the release, updates the alerts at once, then asks again', async () => {
      const before: ProjectMemory = { seen: [seen(GOOD)], hadProvenance: true };
      const after: ProjectMemory = {
        ...before,
        seen: [...before.seen, seen(EVIL, '2.0')],
        pinned: EVIL,
      };
      let current = analysis(before, [
        { kind: 'identity-differs', remembered: GOOD, got: EVIL, message: '' },
      ]);
      const bg = fakeSend({
        getAnalysis: () => current,
        getTimeline: () => timeline([], false),
        memoryAction: () => {
          current = analysis(after);
          return after;
        },
      });
      const { c } = create(bg.send);
      c.sync(release([verified('a.whl')]), undefined, 7);
      await vi.advanceTimersByTimeAsync(0);
      expect(c.view().analysis.status === 'ready' && c.view().analysis).toMatchObject({
        analysis: { alerts: [{ kind: 'identity-differs' }] },
      });
      const pinning = c.memoryAction('pin', EVIL);
      expect(c.view().busy).toBe('pin');
      await pinning;
      expect(bg.of('memoryAction')).toEqual([
        {
          action: 'pin',
          index: 'https://pypi.org',
          project: 'x',
          version: '2.0',
          identity: EVIL,
        },
      ]);
      expect(bg.of('getAnalysis')).toHaveLength(2);
      const view = c.view();
      expect(view.busy).toBeUndefined();
      expect(view.done).toBe('pin');
      expect(view.analysis).toEqual({ status: 'ready', analysis: analysis(after) });
    });

    it('keeps the recomputed alerts when the refresh fails', async () => {
      const before: ProjectMemory = { seen: [seen(GOOD)], hadProvenance: true };
      const after: ProjectMemory = { ...before, pinned: GOOD };
      let answers = 0;
      const bg = fakeSend({
        getAnalysis: () => {
          if (++answers > 1) throw new Error('the extension background did not answer');
          return analysis(before, []);
        },
        getTimeline: () => timeline([], false),
        memoryAction: () => after,
      });
      const { c } = create(bg.send);
      c.sync(release([verified('a.whl')]), undefined, 7);
      await vi.advanceTimersByTimeAsync(0);
      await c.memoryAction('pin', GOOD);
      // Pinned GOOD, but EVIL signed 2.0: the violation shows at once, and stays.
      const view = c.view();
      expect(bg.of('getAnalysis')).toHaveLength(2);
      expect(view.analysis.status === 'ready' && view.analysis.analysis.memory?.pinned).toEqual(
        GOOD,
      );
      expect(
        view.analysis.status === 'ready' && view.analysis.analysis.alerts.map((a) => a.kind),
      ).toEqual(['pin-violation']);
    });

    it('forgets the project', async () => {
      const bg = fakeSend({
        getAnalysis: () => analysis({ seen: [seen(GOOD)], hadProvenance: true }),
        getTimeline: () => timeline([], false),
        memoryAction: () => null,
      });
      const { c } = create(bg.send);
      c.sync(release([verified('a.whl')]), undefined, 7);
      await vi.advanceTimersByTimeAsync(0);
      await c.memoryAction('forget');
      expect(bg.of('memoryAction')).toEqual([
        { action: 'forget', index: 'https://pypi.org', project: 'x', version: '2.0' },
      ]);
    });

    it('says why an action failed and changes nothing', async () => {
      const a = analysis({ seen: [seen(GOOD)], hadProvenance: true });
      const bg = fakeSend({
        getAnalysis: () => a,
        getTimeline: () => timeline([], false),
        memoryAction: () => {
          throw new Error('storage full');
        },
      });
      const { c } = create(bg.send);
      c.sync(release([verified('a.whl')]), undefined, 7);
      await vi.advanceTimersByTimeAsync(0);
      await c.memoryAction('pin', EVIL);
      expect(c.view()).toMatchObject({
        actionError: 'storage full',
        analysis: { status: 'ready', analysis: a },
      });
      expect(c.view().busy).toBeUndefined();
    });
  });

  describe('when the tab moves to another release', () => {
    it('starts over and drops late answers for the old one', async () => {
      let resolve: (t: Timeline) => void = () => undefined;
      const bg = fakeSend({
        getAnalysis: () => analysis(null),
        getTimeline: () => new Promise<Timeline>((r) => (resolve = r)),
      });
      const { c } = create(bg.send);
      c.sync(release([verified('a.whl')]), undefined, 7);
      const late = resolve;
      c.sync(release([{ filename: 'b.whl', state: 'pending' }], { project: 'y' }), undefined, 7);
      late(timeline(['2.0'], false));
      await vi.advanceTimersByTimeAsync(0);
      expect(c.view().timeline.status).toBe('waiting');
      expect(c.view().analysis).toEqual({ status: 'waiting' });
    });
  });
});
