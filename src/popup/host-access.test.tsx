// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import type { SendFn } from '../shared/messages.js';
import type { TabState } from '../shared/view-model.js';
import { createHostAccessStore, type PermissionsApi } from '../ui/host-access-store.js';
import { App } from './App.js';
import { createPopupStore } from './store.js';

const RELEASE: TabState = {
  index: 'https://pypi.org',
  project: 'sampleproject',
  version: '4.0.0',
  state: 'verified',
  files: [
    { filename: 'sampleproject-4.0.0.tar.gz', state: 'none', code: 'NO_PROVENANCE', message: 'x' },
  ],
  updatedAt: 1,
};

let root: HTMLElement | undefined;
afterEach(() => {
  if (root) render(null, root);
  root?.remove();
});

/** The popup over a tab (null: no release) with the browser granting `granted` origins. */
async function mount(opts: { tab: TabState | null; granted: string[]; url?: string }) {
  const origins = new Set(opts.granted);
  const requests: string[][] = [];
  const reloaded: number[] = [];
  let answer: ((yes: boolean) => void) | undefined;
  const added = new Set<() => void>();
  const permissions: PermissionsApi = {
    contains: async (p) => p.origins.every((o) => origins.has(o)),
    request: (p) => {
      requests.push(p.origins);
      return new Promise((resolve) => {
        answer = (yes) => {
          if (yes) p.origins.forEach((o) => origins.add(o));
          resolve(yes);
        };
      });
    },
    onAdded: { addListener: (l) => added.add(l), removeListener: (l) => added.delete(l) },
  };
  let url = opts.url;
  const send = (async (type: string) => {
    if (type === 'getTabState') return opts.tab;
    throw new Error('not answered');
  }) as SendFn;
  const store = createPopupStore({ send, resolveTabId: async () => 5 });
  const access = createHostAccessStore({
    permissions,
    tabs: {
      get: async () => (url === undefined ? {} : { url }),
      reload: async (id) => {
        reloaded.push(id);
      },
    },
    tabId: async () => 5,
  });
  root = document.createElement('div');
  document.body.append(root);
  await act(async () => {
    render(<App store={store} access={access} />, root as HTMLElement);
    await Promise.all([store.start(), access.start()]);
  });
  return {
    el: root,
    requests,
    reloaded,
    async answer(yes: boolean, visibleUrl?: string) {
      url = visibleUrl ?? url;
      await act(async () => {
        answer?.(yes);
        await new Promise((r) => setTimeout(r, 0));
      });
    },
  };
}

const q = (el: HTMLElement, id: string) => el.querySelector<HTMLElement>(`[data-testid="${id}"]`);
const PYPI = ['https://pypi.org/*', 'https://pypi.org/project/*'];
const TEST = ['https://test.pypi.org/*', 'https://test.pypi.org/project/*'];
const BOTH = [...PYPI, ...TEST];

describe('popup: site access withheld', () => {
  it('says it can read neither index and cannot tell where the tab is; no welcome, no error', async () => {
    const { el, requests } = await mount({ tab: null, granted: [] });
    const notice = q(el, 'host-access');
    expect(notice?.dataset.state).toBe('withheld');
    expect(notice?.querySelector('h1')?.textContent).toBe(
      'No access to pypi.org and test.pypi.org',
    );
    expect(notice?.textContent).toContain('Nor can the extension see which site this tab shows');
    expect(q(el, 'welcome')).toBeNull();
    expect(el.querySelector('.alert-error')).toBeNull();
    const button = q(el, 'host-access-allow') as HTMLButtonElement;
    expect(button.textContent).toBe('Allow access to pypi.org and test.pypi.org');
    await act(async () => button.click());
    expect(requests).toEqual([BOTH]);
    expect((q(el, 'host-access-allow') as HTMLButtonElement).disabled).toBe(true);
  });

  it('names the one index withheld, beside the welcome', async () => {
    const { el } = await mount({ tab: null, granted: PYPI });
    expect(q(el, 'host-access')?.dataset.missing).toBe('https://test.pypi.org');
    expect(q(el, 'host-access-allow')?.textContent).toBe('Allow access to test.pypi.org');
    expect(q(el, 'welcome')).not.toBeNull();
  });

  it('names the tab’s site when the browser shows its URL (Chrome after a click on the icon)', async () => {
    const { el } = await mount({
      tab: null,
      granted: [],
      url: 'https://test.pypi.org/project/sampleproject/',
    });
    expect(q(el, 'host-access')?.textContent).toContain(
      'This tab is on test.pypi.org, but your browser doesn’t let this extension read test.pypi.org',
    );
  });

  it('once allowed, offers to reload a project page', async () => {
    const m = await mount({ tab: null, granted: [] });
    await act(async () => (q(m.el, 'host-access-allow') as HTMLButtonElement).click());
    await m.answer(true, 'https://pypi.org/project/sampleproject/4.0.0/');
    expect(q(m.el, 'host-access')?.dataset.state).toBe('granted');
    expect(q(m.el, 'host-access')?.textContent).toContain('Reload this page to check its files.');
    await act(async () => (q(m.el, 'host-access-reload') as HTMLButtonElement).click());
    expect(m.reloaded).toEqual([5]);
    expect(q(m.el, 'host-access')?.textContent).toContain('its files are being checked');
    expect(q(m.el, 'host-access-reload')).toBeNull();
  });

  it('when the user says no, says so and keeps the button', async () => {
    const m = await mount({ tab: null, granted: [] });
    await act(async () => (q(m.el, 'host-access-allow') as HTMLButtonElement).click());
    await m.answer(false);
    expect(q(m.el, 'host-access-denied')?.textContent).toMatch(/^Not allowed\./);
    expect((q(m.el, 'host-access-allow') as HTMLButtonElement).disabled).toBe(false);
  });

  it('shows nothing about access when it is granted', async () => {
    const { el } = await mount({ tab: null, granted: BOTH });
    expect(q(el, 'host-access')).toBeNull();
    expect(q(el, 'welcome')).not.toBeNull();
  });

  it("shows a tab's release, with the notice only when its index is withheld", async () => {
    const shown = await mount({ tab: RELEASE, granted: PYPI });
    expect(shown.el.querySelector('[data-testid="file-row"]')).not.toBeNull();
    expect(q(shown.el, 'host-access')).toBeNull();
    render(null, shown.el);
    const stale = await mount({ tab: RELEASE, granted: TEST });
    expect(q(stale.el, 'host-access')?.dataset.missing).toBe('https://pypi.org');
    expect(stale.el.querySelector('[data-testid="file-row"]')).not.toBeNull();
  });
});
