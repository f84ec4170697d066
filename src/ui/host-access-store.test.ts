import { describe, expect, it } from 'vitest';
import { createHostAccessStore, hostsText, type PermissionsApi } from './host-access-store.js';

/**
 * A browser's permissions API over a set of granted origins: `request` grants (or not) when
 * the user answers, and the events fire as the browser's do.
 */
function browserPermissions(granted: string[]) {
  const origins = new Set(granted);
  const added = new Set<() => void>();
  const removed = new Set<() => void>();
  const requests: string[][] = [];
  let answer: ((yes: boolean) => void) | undefined;
  const permissions: PermissionsApi = {
    contains: async ({ origins: asked }) => asked.every((o) => origins.has(o)),
    request({ origins: asked }) {
      requests.push(asked);
      return new Promise<boolean>((resolve) => {
        answer = (yes) => {
          if (yes) {
            asked.forEach((o) => origins.add(o));
            added.forEach((l) => l());
          }
          resolve(yes);
        };
      });
    },
    onAdded: { addListener: (l) => added.add(l), removeListener: (l) => added.delete(l) },
    onRemoved: { addListener: (l) => removed.add(l), removeListener: (l) => removed.delete(l) },
  };
  return {
    permissions,
    requests,
    listeners: () => added.size + removed.size,
    /** The user answers the browser's prompt. */
    answer: (yes: boolean) => answer?.(yes),
    /** The user changes the site access in the browser's own settings. */
    grantElsewhere(origin: string) {
      origins.add(origin);
      added.forEach((l) => l());
    },
    withholdElsewhere(origin: string) {
      origins.delete(origin);
      removed.forEach((l) => l());
    },
  };
}

const PYPI = ['https://pypi.org/*', 'https://pypi.org/project/*'];
const TEST = ['https://test.pypi.org/*', 'https://test.pypi.org/project/*'];
const BOTH = [...PYPI, ...TEST];
const flush = () => new Promise((r) => setTimeout(r, 0));

function tabsShowing(url: string | undefined) {
  const reloaded: number[] = [];
  return {
    reloaded,
    tabs: {
      get: async (id: number) => {
        expect(id).toBe(5);
        return url === undefined ? {} : { url };
      },
      reload: async (id: number) => {
        reloaded.push(id);
      },
    },
  };
}

describe('hostsText', () => {
  it('names the hosts', () => {
    expect(hostsText([])).toBe('');
    expect(hostsText(['https://pypi.org'])).toBe('pypi.org');
    expect(hostsText(['https://pypi.org', 'https://test.pypi.org'])).toBe(
      'pypi.org and test.pypi.org',
    );
  });
});

describe('createHostAccessStore', () => {
  it('knows nothing before the browser answered, then which indexes are withheld', async () => {
    const b = browserPermissions(PYPI);
    const store = createHostAccessStore({ permissions: b.permissions });
    expect(store.getState()).toMatchObject({ known: false, missing: [] });
    await store.start();
    expect(store.getState()).toMatchObject({
      known: true,
      missing: ['https://test.pypi.org'],
      regained: false,
      indexes: [
        { index: 'https://pypi.org', host: 'pypi.org', granted: true },
        { index: 'https://test.pypi.org', host: 'test.pypi.org', granted: false },
      ],
    });
  });

  it('asks for every missing index at once, from the click itself, and follows the answer', async () => {
    const b = browserPermissions([]);
    const store = createHostAccessStore({ permissions: b.permissions });
    await store.start();
    expect(store.getState().missing).toEqual(['https://pypi.org', 'https://test.pypi.org']);
    const done = store.allow();
    // Sent before anything was awaited: Firefox honours a gesture only synchronously.
    expect(b.requests).toEqual([BOTH]);
    expect(store.getState().request).toEqual({ status: 'asking' });
    b.answer(true);
    await done;
    expect(store.getState()).toMatchObject({
      missing: [],
      regained: true,
      request: { status: 'idle' },
    });
  });

  it("counts an index whose content script is still withheld as missing (Chrome's half grant)", async () => {
    // What Chrome 156 had granted after permissions.request for the host permission alone.
    const b = browserPermissions(['https://pypi.org/*', 'https://test.pypi.org/*']);
    const store = createHostAccessStore({ permissions: b.permissions });
    await store.start();
    expect(store.getState().missing).toEqual(['https://pypi.org', 'https://test.pypi.org']);
    void store.allow();
    expect(b.requests).toEqual([BOTH]);
  });

  it('says when the user said no, and keeps the button', async () => {
    const b = browserPermissions([]);
    const store = createHostAccessStore({ permissions: b.permissions });
    await store.start();
    const done = store.allow();
    b.answer(false);
    await done;
    expect(store.getState()).toMatchObject({
      missing: ['https://pypi.org', 'https://test.pypi.org'],
      regained: false,
      request: { status: 'denied' },
    });
  });

  it('says when the browser refused to ask', async () => {
    const b = browserPermissions([]);
    const permissions: PermissionsApi = {
      ...b.permissions,
      request: () => {
        throw new Error('permissions.request may only be called from a user input handler');
      },
    };
    const store = createHostAccessStore({ permissions });
    await store.start();
    await store.allow();
    expect(store.getState().request).toEqual({
      status: 'failed',
      message: 'permissions.request may only be called from a user input handler',
    });
  });

  it('follows changes made in the browser’s own settings, also while the browser asks', async () => {
    const b = browserPermissions(BOTH);
    const store = createHostAccessStore({ permissions: b.permissions });
    await store.start();
    expect(store.getState().missing).toEqual([]);
    TEST.forEach((o) => b.withholdElsewhere(o));
    await flush();
    expect(store.getState().missing).toEqual(['https://test.pypi.org']);
    void store.allow();
    expect(store.getState().request.status).toBe('asking');
    TEST.forEach((o) => b.grantElsewhere(o));
    await flush();
    expect(store.getState()).toMatchObject({
      missing: [],
      regained: true,
      request: { status: 'idle' },
    });
  });

  it('asks for nothing when nothing is missing', async () => {
    const b = browserPermissions(BOTH);
    const store = createHostAccessStore({ permissions: b.permissions });
    await store.start();
    await store.allow();
    expect(b.requests).toEqual([]);
    expect(store.getState()).toMatchObject({ missing: [], regained: false });
  });

  it("knows the tab's index and page only when the browser shows its URL", async () => {
    const b = browserPermissions(PYPI);
    const page = tabsShowing('https://pypi.org/project/sampleproject/4.0.0/#files');
    const store = createHostAccessStore({
      permissions: b.permissions,
      tabs: page.tabs,
      tabId: async () => 5,
    });
    await store.start();
    expect(store.getState().tab).toEqual({ index: 'https://pypi.org', projectPage: true });
    expect(store.getState().reloaded).toBe(false);
    await store.reloadTab();
    expect(page.reloaded).toEqual([5]);
    expect(store.getState().reloaded).toBe(true);

    const hidden = createHostAccessStore({
      permissions: b.permissions,
      tabs: tabsShowing(undefined).tabs,
      tabId: async () => 5,
    });
    await hidden.start();
    expect(hidden.getState().tab).toBeUndefined();

    const search = createHostAccessStore({
      permissions: b.permissions,
      tabs: tabsShowing('https://pypi.org/search/?q=x').tabs,
      tabId: async () => 5,
    });
    await search.start();
    expect(search.getState().tab).toEqual({ index: 'https://pypi.org', projectPage: false });

    const elsewhere = createHostAccessStore({
      permissions: b.permissions,
      tabs: tabsShowing('https://example.org/').tabs,
      tabId: async () => 5,
    });
    await elsewhere.start();
    expect(elsewhere.getState().tab).toEqual({ projectPage: false });
  });

  it('sees the tab once access is granted', async () => {
    const b = browserPermissions([]);
    let visible = false;
    const store = createHostAccessStore({
      permissions: b.permissions,
      tabs: {
        get: async () => (visible ? { url: 'https://pypi.org/project/sampleproject/' } : {}),
        reload: async () => undefined,
      },
      tabId: async () => 5,
    });
    await store.start();
    expect(store.getState().tab).toBeUndefined();
    const done = store.allow();
    visible = true;
    b.answer(true);
    await done;
    expect(store.getState()).toMatchObject({
      regained: true,
      tab: { index: 'https://pypi.org', projectPage: true },
    });
  });

  it('takes access as granted without a permissions API (outside an extension)', async () => {
    const store = createHostAccessStore({ permissions: undefined });
    await store.start();
    expect(store.getState()).toMatchObject({ known: true, missing: [] });
  });

  it('stops following the browser when disposed', async () => {
    const b = browserPermissions([]);
    const store = createHostAccessStore({ permissions: b.permissions });
    await store.start();
    expect(b.listeners()).toBe(2);
    let changes = 0;
    store.subscribe(() => changes++);
    store.dispose();
    expect(b.listeners()).toBe(0);
    PYPI.forEach((o) => b.grantElsewhere(o));
    await flush();
    expect(changes).toBe(0);
  });
});
