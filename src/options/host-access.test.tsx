// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import type { SendFn } from '../shared/messages.js';
import { createHostAccessStore, type PermissionsApi } from '../ui/host-access-store.js';
import { App } from './App.js';
import { createOptionsStore } from './store.js';

const PYPI = ['https://pypi.org/*', 'https://pypi.org/project/*'];
const TEST = ['https://test.pypi.org/*', 'https://test.pypi.org/project/*'];

let root: HTMLElement | undefined;
afterEach(() => {
  if (root) render(null, root);
  root?.remove();
});

async function mount(granted: string[]) {
  const origins = new Set(granted);
  const requests: string[][] = [];
  const permissions: PermissionsApi = {
    contains: async (p) => p.origins.every((o) => origins.has(o)),
    request: async (p) => {
      requests.push(p.origins);
      p.origins.forEach((o) => origins.add(o));
      return true;
    },
  };
  const send = (async (type: string) => {
    if (type === 'listMemory') return { entries: [] };
    throw new Error('not answered');
  }) as SendFn;
  const store = createOptionsStore({ send });
  const access = createHostAccessStore({ permissions });
  root = document.createElement('div');
  document.body.append(root);
  await act(async () => {
    render(<App store={store} access={access} />, root as HTMLElement);
    await Promise.all([store.load(), access.start()]);
  });
  return { el: root, requests };
}

const rows = (el: HTMLElement) =>
  [...el.querySelectorAll<HTMLElement>('[data-testid="host-access-index"]')].map((r) => [
    r.dataset.host,
    r.dataset.granted,
    r.textContent,
  ]);

describe('options: site access', () => {
  it('lists both indexes, asks for the withheld one, and says when it is allowed', async () => {
    const { el, requests } = await mount(PYPI);
    expect(rows(el)).toEqual([
      ['pypi.org', 'true', 'pypi.org: allowed'],
      ['test.pypi.org', 'false', 'test.pypi.org: not allowed'],
    ]);
    const button = el.querySelector<HTMLButtonElement>('[data-testid="host-access-allow"]')!;
    expect(button.textContent).toBe('Allow access to test.pypi.org');
    await act(async () => {
      button.click();
      await new Promise((r) => setTimeout(r, 0));
    });
    expect(requests).toEqual([TEST]);
    expect(rows(el).map((r) => r[1])).toEqual(['true', 'true']);
    expect(el.querySelector('[data-testid="host-access-allow"]')).toBeNull();
    expect(el.querySelector('[data-testid="host-access-regained"]')?.textContent).toContain(
      'reload any PyPI page',
    );
  });

  it('offers nothing to allow when both are', async () => {
    const { el } = await mount([...PYPI, ...TEST]);
    expect(rows(el).map((r) => r[1])).toEqual(['true', 'true']);
    expect(el.querySelector('[data-testid="host-access-allow"]')).toBeNull();
  });
});
