import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FileResult } from '../shared/domain.js';
import type { MessageName, Request, Response, SendFn } from '../shared/messages.js';
import type { TabState } from '../shared/view-model.js';
import { createPopupStore, mergeRelease, type PopupStore } from './store.js';

type Handlers = { [K in MessageName]?: (req: Request<K>) => Response<K> | Promise<Response<K>> };

/** A background stand-in: answers from `handlers`, records every request. */
function fakeSend(handlers: Handlers) {
  const calls: { type: MessageName; payload: unknown }[] = [];
  const send = (async (type: MessageName, payload: unknown) => {
    calls.push({ type, payload });
    const handler = handlers[type] as ((req: unknown) => unknown) | undefined;
    if (!handler) throw new Error(`no handler for ${type}`);
    return handler(payload);
  }) as SendFn;
  return { send, calls, count: (type: MessageName) => calls.filter((c) => c.type === type).length };
}

const INFO = {
  version: '0.1.0',
  trust: {
    source: 'x',
    sha256: 'x',
    takenAt: '2026-11-01T00:00:00.000Z',
    newestKeyDate: '2025-07-15T00:00:00Z',
    tufRootVersion: 1,
    tufRootExpires: null,
    newerRootDueAt: null,
  },
};

const verified = (filename: string): FileResult => ({
  filename,
  state: 'verified',
  publisher: { kind: 'GitHub', repository: 'pypa/sampleproject' },
  attestations: [],
});
const pending = (filename: string): FileResult => ({ filename, state: 'pending' });
const error = (filename: string): FileResult => ({
  filename,
  state: 'error',
  code: 'TIMEOUT',
  message: 'pypi.org did not answer',
});

function tab(files: FileResult[], extra: Partial<TabState> = {}): TabState {
  return {
    index: 'https://pypi.org',
    project: 'sampleproject',
    version: '4.0.0',
    state: files.some((f) => f.state === 'pending') ? 'pending' : 'verified',
    files,
    updatedAt: 1000,
    ...extra,
  };
}

let store: PopupStore | undefined;
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  store?.dispose();
  store = undefined;
  vi.useRealTimers();
});

/** A store over `send` for tab 7 (`null`: no tab), whose clock reads 2000. */
function start(send: SendFn, tabId: number | null = 7): PopupStore {
  store = createPopupStore({
    send,
    resolveTabId: async () => tabId ?? undefined,
    pollMs: 400,
    now: () => 2000,
  });
  return store;
}

describe('createPopupStore', () => {
  describe('when there is no tab to show', () => {
    it('shows the no-release page with the trust info', async () => {
      const bg = fakeSend({ getInfo: () => INFO });
      const s = start(bg.send, null);
      await s.start();
      await vi.advanceTimersByTimeAsync(0);
      expect(s.getState()).toEqual({ status: 'no-release', info: INFO });
      expect(bg.count('getTabState')).toBe(0);
    });
  });

  describe('when the refresh of the trust root is on', () => {
    const withRefresh = (lastAttemptAt: string) => ({
      ...INFO,
      trust: { ...INFO.trust, refresh: { enabled: true, lastAttemptAt } },
    });
    const refreshed = { ...INFO.trust, refresh: { enabled: true, refreshedAt: 'x', addedKeys: 1 } };

    it('refreshes it when a day has passed since the last attempt, and shows the outcome', async () => {
      const bg = fakeSend({ getInfo: () => withRefresh('1969-12-30T00:00:00.000Z') });
      const refresh = vi.fn(async () => refreshed);
      store = createPopupStore({
        send: bg.send,
        resolveTabId: async () => undefined,
        now: () => 2000,
        refresh,
      });
      await store.start();
      await vi.advanceTimersByTimeAsync(0);
      expect(refresh).toHaveBeenCalledWith(bg.send);
      expect(store.getState()).toMatchObject({ info: { trust: refreshed } });
    });

    it('not within a day of the last attempt', async () => {
      const bg = fakeSend({ getInfo: () => withRefresh('1970-01-01T00:00:00.000Z') });
      const refresh = vi.fn(async () => refreshed);
      store = createPopupStore({
        send: bg.send,
        resolveTabId: async () => undefined,
        now: () => 2000,
        refresh,
      });
      await store.start();
      await vi.advanceTimersByTimeAsync(0);
      expect(refresh).not.toHaveBeenCalled();
    });
  });

  describe('when the tab is not a project page', () => {
    it('shows the no-release page', async () => {
      const bg = fakeSend({ getInfo: () => INFO, getTabState: () => null });
      const s = start(bg.send);
      await s.start();
      expect(s.getState().status).toBe('no-release');
      expect(bg.calls).toContainEqual({ type: 'getTabState', payload: { tabId: 7 } });
    });
  });

  describe('when files are being checked', () => {
    it('polls every 400 ms until every file is settled, then stops', async () => {
      const states = [
        tab([pending('a.whl'), pending('a.tar.gz')]),
        tab([verified('a.whl'), pending('a.tar.gz')]),
        tab([verified('a.whl'), verified('a.tar.gz')]),
      ];
      let i = 0;
      const bg = fakeSend({
        getInfo: () => INFO,
        getTabState: () => states[Math.min(i++, states.length - 1)] ?? null,
      });
      const s = start(bg.send);
      const seen: string[] = [];
      s.subscribe(() => {
        const st = s.getState();
        if (st.status === 'release') seen.push(st.release.state);
      });
      await s.start();
      expect(bg.count('getTabState')).toBe(1);
      await vi.advanceTimersByTimeAsync(399);
      expect(bg.count('getTabState')).toBe(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(bg.count('getTabState')).toBe(2);
      await vi.advanceTimersByTimeAsync(400);
      expect(bg.count('getTabState')).toBe(3);
      await vi.advanceTimersByTimeAsync(4000);
      expect(bg.count('getTabState')).toBe(3);
      expect(seen.at(-1)).toBe('verified');
      expect(seen).toContain('pending');
    });

    it('stops polling once disposed', async () => {
      const bg = fakeSend({ getTabState: () => tab([pending('a.whl')]) });
      const s = start(bg.send);
      await s.start();
      s.dispose();
      await vi.advanceTimersByTimeAsync(2000);
      expect(bg.count('getTabState')).toBe(1);
    });
  });

  describe('when the background does not answer', () => {
    it('says so, and loads again on reload', async () => {
      let up = false;
      const bg = fakeSend({
        getTabState: () => {
          if (!up) throw new Error('Receiving end does not exist.');
          return tab([verified('a.whl')]);
        },
      });
      const s = start(bg.send);
      await s.start();
      const st = s.getState();
      expect(st.status).toBe('unavailable');
      expect(st.status === 'unavailable' && st.message).toMatch(/Receiving end/);
      up = true;
      await s.reload();
      expect(s.getState().status).toBe('release');
    });

    it('keeps the release through a missed poll', async () => {
      let calls = 0;
      const bg = fakeSend({
        getTabState: () => {
          calls += 1;
          if (calls === 2) throw new Error('worker restarting');
          return calls === 1 ? tab([pending('a.whl')]) : tab([verified('a.whl')]);
        },
      });
      const s = start(bg.send);
      await s.start();
      await vi.advanceTimersByTimeAsync(400);
      expect(s.getState().status).toBe('release');
      await vi.advanceTimersByTimeAsync(400);
      const st = s.getState();
      expect(st.status === 'release' && st.release.state).toBe('verified');
    });
  });

  describe('retryFile', () => {
    it('re-checks the file with force and the tab id, and shows the new result', async () => {
      let resolve: (r: FileResult) => void = () => undefined;
      const bg = fakeSend({
        getTabState: () => tab([verified('a.whl'), error('a.tar.gz')], { state: 'error' }),
        checkFile: () => new Promise<FileResult>((r) => (resolve = r)),
      });
      const s = start(bg.send);
      await s.start();
      const retry = s.retryFile('a.tar.gz');
      await vi.advanceTimersByTimeAsync(0);
      let st = s.getState();
      expect(st.status === 'release' && st.release.files[1]?.state).toBe('pending');
      expect(st.status === 'release' && st.release.state).toBe('pending');
      expect(st.status === 'release' && st.release.retrying).toBe(true);
      expect(bg.calls).toContainEqual({
        type: 'checkFile',
        payload: {
          index: 'https://pypi.org',
          project: 'sampleproject',
          version: '4.0.0',
          filename: 'a.tar.gz',
          force: true,
          tabId: 7,
        },
      });
      resolve(verified('a.tar.gz'));
      await retry;
      st = s.getState();
      // The background's copy (updatedAt 1000) is older than the retry's result (now 2000).
      expect(st.status === 'release' && st.release.state).toBe('verified');
      expect(st.status === 'release' && st.release.retrying).toBe(false);
    });

    it('shows a failed retry as an error on that file', async () => {
      const bg = fakeSend({
        getTabState: () => tab([error('a.tar.gz')], { state: 'error' }),
        checkFile: () => {
          throw new Error('the extension background did not answer');
        },
      });
      const s = start(bg.send);
      await s.start();
      await s.retryFile('a.tar.gz');
      const st = s.getState();
      const file = st.status === 'release' ? st.release.files[0] : undefined;
      expect(file?.state).toBe('error');
      expect(file?.state === 'error' && file.message).toMatch(/did not answer/);
    });
  });

  describe('retryRelease', () => {
    it('re-checks every file in error', async () => {
      const bg = fakeSend({
        getTabState: () =>
          tab([error('a.whl'), verified('b.whl'), error('c.tar.gz')], { state: 'error' }),
        checkFile: (req) => verified(req.filename),
      });
      const s = start(bg.send);
      await s.start();
      await s.retryRelease();
      const checked = bg.calls
        .filter((c) => c.type === 'checkFile')
        .map((c) => (c.payload as { filename: string }).filename);
      expect(checked.sort()).toEqual(['a.whl', 'c.tar.gz']);
      const st = s.getState();
      expect(st.status === 'release' && st.release.state).toBe('verified');
    });

    it('re-lists a release whose listing failed, then checks its files', async () => {
      const bg = fakeSend({
        getTabState: () =>
          tab([], {
            state: 'error',
            version: '',
            error: { code: 'NETWORK_ERROR', message: 'Could not reach pypi.org' },
          }),
        listRelease: (req) => ({
          index: req.index,
          project: req.project,
          version: '4.0.0',
          files: [{ filename: 'a.whl' }],
        }),
        checkFile: (req) => verified(req.filename),
      });
      const s = start(bg.send);
      await s.start();
      let st = s.getState();
      expect(st.status === 'release' && st.release.error?.message).toBe('Could not reach pypi.org');
      await s.retryRelease();
      expect(bg.calls).toContainEqual({
        type: 'listRelease',
        payload: { index: 'https://pypi.org', project: 'sampleproject', force: true, tabId: 7 },
      });
      st = s.getState();
      expect(st.status === 'release' && st.release.version).toBe('4.0.0');
      expect(st.status === 'release' && st.release.files.map((f) => f.state)).toEqual(['verified']);
      expect(st.status === 'release' && st.release.state).toBe('verified');
    });
  });
});

describe('mergeRelease', () => {
  const none = { listingInFlight: false };

  it('returns the background state untouched without overrides', () => {
    const t = tab([verified('a.whl')], { state: 'verified' });
    expect(mergeRelease(t, new Map(), none)).toEqual({
      index: t.index,
      project: t.project,
      version: '4.0.0',
      state: 'verified',
      files: t.files,
      retrying: false,
    });
  });

  it('lets a newer background update win over an older popup result', () => {
    const t = tab([error('a.whl')], { state: 'error', updatedAt: 5000 });
    const overrides = new Map([
      ['a.whl', { result: verified('a.whl'), inFlight: false, at: 4000 }],
    ]);
    expect(mergeRelease(t, overrides, none).state).toBe('error');
  });

  it('never reports verified while one file failed', () => {
    const failed: FileResult = {
      filename: 'b.whl',
      state: 'failed',
      code: 'SIGNATURE_INVALID',
      message: 'x',
    };
    const t = tab([error('a.whl'), failed], { state: 'failed' });
    const overrides = new Map([
      ['a.whl', { result: verified('a.whl'), inFlight: false, at: 9999 }],
    ]);
    expect(mergeRelease(t, overrides, none).state).toBe('failed');
  });
});
