// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestInstance } from '../../test/sigstore-instance/index.js';
import { TestTufRepo } from '../../test/tuf-repo/index.js';
import { memoryStore } from '../background/cache.js';
import { TrustRoot } from '../background/trust-root.js';
import { loadTrust, type RootJSON } from '../core/sigstore/trust.js';
import { refreshTrustedRoot } from '../core/sigstore/tuf-client.js';
import { runTrustRefresh } from '../shared/trust-refresh.js';
import type { Identity, MemoryKey, ProjectMemory } from '../shared/domain.js';
import type { MessageName, Request, Response, SendFn } from '../shared/messages.js';
import { App } from './App.js';
import { seenDays } from './MemoryList.js';
import { createOptionsStore, memoryRows } from './store.js';

type Handlers = { [K in MessageName]?: (req: Request<K>) => Response<K> | Promise<Response<K>> };

const GOOD: Identity = {
  kind: 'GitHub',
  repository: 'https://github.com/pypa/sampleproject',
  workflow: '.github/workflows/release.yml',
  environment: 'pypi',
};
const GOOGLE: Identity = {
  kind: 'Google',
  repository: 'x@developer.gserviceaccount.com',
  workflow: '',
  environment: '',
};
const DAY = Date.parse('2026-03-04T10:00:00Z');

function memoryOf(pinned?: Identity): ProjectMemory {
  return {
    seen: [{ ...GOOD, firstSeen: DAY, lastSeen: DAY, version: '4.0.0' }],
    hadProvenance: true,
    ...(pinned && { pinned }),
  };
}

const INFO = (takenAt: string): Response<'getInfo'> => ({
  version: '0.2.0',
  trust: {
    takenAt,
    source: 'x',
    sha256: 'x',
    newestKeyDate: '2025-09-23T00:00:00Z',
    tufRootVersion: 16,
    tufRootExpires: '2027-04-22T19:27:31Z',
    newerRootDueAt: '2027-03-07T19:27:31.000Z',
  },
});

/** A background over an in-memory map of remembered projects. */
function background(initial: [MemoryKey, ProjectMemory][], extra: Handlers = {}) {
  const memory = new Map(initial);
  const calls: { type: MessageName; payload: unknown }[] = [];
  const handlers: Handlers = {
    getInfo: () => INFO(new Date().toISOString()),
    listMemory: () => ({ entries: [...memory] }),
    memoryAction: (req) => {
      const key = `${req.index}|${req.project}` as MemoryKey;
      if (req.action === 'forget') memory.delete(key);
      if (req.action === 'unpin') {
        const { pinned: _p, ...rest } = memory.get(key)!;
        memory.set(key, rest);
      }
      return memory.get(key) ?? null;
    },
    importMemory: (req) => {
      if (!req.text.startsWith('{')) throw new Error('The file is not JSON.');
      memory.set('https://test.pypi.org|other', memoryOf());
      return { imported: 1 };
    },
    clearCaches: () => ({ cleared: true }),
    ...extra,
  };
  const send = (async (type: MessageName, payload: unknown) => {
    calls.push({ type, payload });
    const handler = handlers[type] as ((req: unknown) => unknown) | undefined;
    if (!handler) throw new Error(`not answered: ${type}`);
    return handler(payload);
  }) as SendFn;
  return { send, calls, memory };
}

let root: HTMLElement | undefined;
afterEach(() => {
  if (root) render(null, root);
  root?.remove();
});

const settle = () =>
  act(async () => {
    await new Promise((r) => setTimeout(r, 5));
  });

async function mount(bg: ReturnType<typeof background>, now?: number) {
  const store = createOptionsStore({ send: bg.send });
  root = document.createElement('div');
  document.body.append(root);
  await act(async () => {
    render(<App store={store} {...(now !== undefined && { now })} />, root as HTMLElement);
    await store.load();
  });
  await settle();
  return root;
}

const byTestId = (el: HTMLElement, id: string) =>
  el.querySelector<HTMLElement>(`[data-testid="${id}"]`);
const all = (el: HTMLElement, id: string) => [
  ...el.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`),
];

async function click(el: HTMLElement | null) {
  await act(async () => {
    el?.click();
    await new Promise((r) => setTimeout(r, 5));
  });
}

async function type(el: HTMLElement | null, value: string) {
  await act(async () => {
    const area = el as HTMLTextAreaElement;
    area.value = value;
    area.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

describe('options App', () => {
  it('lists remembered and pinned publishers per project and index', async () => {
    const el = await mount(
      background([
        ['https://pypi.org|sampleproject', memoryOf(GOOD)],
        ['https://test.pypi.org|abi3info', { ...memoryOf(), seen: [] }],
        [
          'https://pypi.org|abi3info',
          {
            seen: [{ ...GOOGLE, firstSeen: DAY, lastSeen: DAY + 86_400_000, version: '' }],
            hadProvenance: true,
          },
        ],
      ]),
    );
    const entries = all(el, 'memory-entry');
    expect(entries.map((e) => [e.dataset.project, e.dataset.index, e.dataset.pinned])).toEqual([
      ['abi3info', 'https://pypi.org', 'false'],
      ['abi3info', 'https://test.pypi.org', 'false'],
      ['sampleproject', 'https://pypi.org', 'true'],
    ]);
    expect(entries[0]?.textContent).toContain('seen 2026-03-04 – 2026-03-05');
    expect(byTestId(entries[2]!, 'entry-pinned')?.textContent).toBe(
      'GitHub · pypa/sampleproject · release.yml (environment pypi)',
    );
    expect(byTestId(entries[2]!, 'unpin-entry')?.getAttribute('aria-label')).toBe(
      'Unpin sampleproject on pypi.org',
    );
    expect(byTestId(entries[0]!, 'unpin-entry')).toBeNull();
  });

  it('removes and unpins through memoryAction, then lists again', async () => {
    const bg = background([
      ['https://pypi.org|sampleproject', memoryOf(GOOD)],
      ['https://pypi.org|abi3info', memoryOf()],
    ]);
    const el = await mount(bg);
    const sample = () =>
      el.querySelector<HTMLElement>('[data-testid="memory-entry"][data-project="sampleproject"]');
    await click(byTestId(sample()!, 'unpin-entry'));
    expect(sample()?.dataset.pinned).toBe('false');
    await click(byTestId(sample()!, 'remove-entry'));
    expect(sample()).toBeNull();
    expect(bg.calls.filter((c) => c.type === 'memoryAction').map((c) => c.payload)).toEqual([
      { action: 'unpin', index: 'https://pypi.org', project: 'sampleproject' },
      { action: 'forget', index: 'https://pypi.org', project: 'sampleproject' },
    ]);
    await click(byTestId(el, 'remove-entry'));
    expect(byTestId(el, 'memory-empty')).not.toBeNull();
    expect(byTestId(el, 'export-commands')?.textContent).toMatch(/No GitHub or GitLab/);
  });

  it('shows the export as JSON and as commands, with a download link', async () => {
    const el = await mount(background([['https://pypi.org|sampleproject', memoryOf()]]));
    expect(byTestId(el, 'export-json')?.textContent).toContain('"projects"');
    // Worded by the page itself (exportTexts) from listMemory's entries.
    expect(byTestId(el, 'export-json')?.textContent).toContain(
      '"repository": "pypa/sampleproject"',
    );
    expect(byTestId(el, 'export-commands')?.textContent).toBe(
      "pypi-attestations verify pypi --repository 'https://github.com/pypa/sampleproject' 'pypi:sampleproject-VERSION.tar.gz'\n",
    );
    const link = byTestId(el, 'export-download');
    expect(link?.getAttribute('download')).toBe('pypi-provenance-identities.json');
    expect(link?.getAttribute('href')).toMatch(/^blob:/);
  });

  it('imports pasted JSON, says how many projects, and lists them', async () => {
    const bg = background([]);
    const el = await mount(bg);
    expect(byTestId(el, 'import-button')?.hasAttribute('disabled')).toBe(true);
    await type(byTestId(el, 'import-text'), '{"format": "x"}');
    await click(byTestId(el, 'import-button'));
    expect(bg.calls.find((c) => c.type === 'importMemory')?.payload).toEqual({
      text: '{"format": "x"}',
    });
    expect(byTestId(el, 'import-ok')?.textContent).toBe('Imported 1 project.');
    expect(byTestId(el, 'import-error')).toBeNull();
    expect(all(el, 'memory-entry').map((e) => e.dataset.project)).toEqual(['other']);
  });

  it('shows the background’s error for a bad file and changes nothing', async () => {
    const bg = background([['https://pypi.org|sampleproject', memoryOf()]]);
    const el = await mount(bg);
    await type(byTestId(el, 'import-text'), 'not json');
    await click(byTestId(el, 'import-button'));
    expect(byTestId(el, 'import-error')?.textContent).toBe(
      'The file is not JSON. Nothing was changed.',
    );
    expect(byTestId(el, 'import-ok')).toBeNull();
    expect(all(el, 'memory-entry')).toHaveLength(1);
  });

  it('imports a chosen file', async () => {
    const bg = background([]);
    const el = await mount(bg);
    const input = byTestId(el, 'import-file') as HTMLInputElement;
    const file = new File(['{"projects": {}}'], 'identities.json', { type: 'application/json' });
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    await act(async () => {
      input.dispatchEvent(new Event('change', { bubbles: true }));
      await new Promise((r) => setTimeout(r, 10));
    });
    expect(bg.calls.find((c) => c.type === 'importMemory')?.payload).toEqual({
      text: '{"projects": {}}',
    });
    expect(byTestId(el, 'import-ok')).not.toBeNull();
  });

  it('clears the caches and confirms it', async () => {
    const bg = background([]);
    const el = await mount(bg);
    await click(byTestId(el, 'clear-caches'));
    expect(bg.calls.some((c) => c.type === 'clearCaches')).toBe(true);
    expect(byTestId(el, 'caches-cleared')?.textContent).toMatch(/Caches cleared/);
  });

  it('shows the root’s own date and when it was bundled, and the notice once a newer root is out', async () => {
    const bg = background([], { getInfo: () => INFO('2026-01-01T00:00:00.000Z') });
    const fresh = await mount(bg, Date.parse('2027-03-01T00:00:00Z'));
    expect(byTestId(fresh, 'trust-info')?.textContent).toBe(
      'Extension 0.2.0 · Sigstore trust root with keys up to 2025-09-23, bundled 2026-01-01',
    );
    expect(byTestId(fresh, 'trust-stale')).toBeNull();
    render(null, fresh);
    fresh.remove();
    // From the bundled TUF root's expiry less its signing period, Sigstore publishes a newer one.
    const old = await mount(bg, Date.parse('2027-03-08T00:00:00Z'));
    expect(byTestId(old, 'trust-stale')?.textContent).toBe(
      'Sigstore has published a newer trust root since 2027-03-07; this extension’s has keys up to 2025-09-23: update the extension to check newer attestations.',
    );
  });

  it('renders stored names as text', async () => {
    const el = await mount(
      background([['https://pypi.org|<img src=x onerror=alert(1)>', memoryOf()]]),
    );
    expect(el.querySelector('img[src="x"]')).toBeNull();
    expect(byTestId(el, 'memory-entry')?.dataset.project).toBe('<img src=x onerror=alert(1)>');
    for (const a of el.querySelectorAll('a[href]:not([download])')) {
      expect(a.getAttribute('href')).toMatch(/^https:\/\/(test\.)?pypi\.org\//);
    }
  });
});

describe('memoryRows', () => {
  it('splits keys into index and project, sorted by project then index', () => {
    const rows = memoryRows([
      ['https://test.pypi.org|b', memoryOf()],
      ['https://pypi.org|b', memoryOf()],
      ['https://pypi.org|a', memoryOf()],
    ]);
    expect(rows.map((r) => [r.index, r.project])).toEqual([
      ['https://pypi.org', 'a'],
      ['https://pypi.org', 'b'],
      ['https://test.pypi.org', 'b'],
    ]);
  });
});

describe('seenDays', () => {
  it('gives one day when first and last fall on the same UTC day', () => {
    expect(seenDays(DAY, DAY + 3_600_000)).toBe('seen 2026-03-04');
    expect(seenDays(DAY, DAY + 86_400_000)).toBe('seen 2026-03-04 – 2026-03-05');
    expect(seenDays(Number.NaN, DAY)).toBe('');
  });
});

describe('the daily refresh of the trust root (off by default)', () => {
  // A background whose trust root is a test instance's, with the real TrustRoot behind the
  // refresh messages, and a TUF repository signed with test keys behind fetchTuf.
  const A = createTestInstance({ seed: 'options refresh A' });
  const B = createTestInstance({ seed: 'options refresh B' });
  let repo: TestTufRepo;

  function refreshBackground(opts: { lastAttemptAt?: number } = {}) {
    const trustRoot = new TrustRoot(
      memoryStore(),
      {
        json: A.trustedRoot as unknown as RootJSON,
        trust: loadTrust(A.trustedRoot),
        info: INFO('2026-01-01T00:00:00.000Z').trust,
      },
      () => Date.now(),
    );
    const bg = background([], {
      getInfo: async () => ({ version: '0.2.0', trust: await trustRoot.info() }),
      getTrustRefresh: () => trustRoot.refreshState(),
      setTrustRefresh: (req) => trustRoot.update(req),
      fetchTuf: (req) => {
        const body = repo.files.get(req.path);
        return body ? { found: true, body: Buffer.from(body).toString('utf8') } : { found: false };
      },
    });
    const ready =
      opts.lastAttemptAt === undefined
        ? Promise.resolve()
        : trustRoot.update({ enabled: true, failure: 'x' }).then(() => undefined);
    return { bg, trustRoot, ready };
  }

  const permissions = (granted: boolean) => {
    const calls: string[] = [];
    return {
      calls,
      request: async (p: { origins: string[] }) => {
        calls.push(`request ${p.origins.join(' ')}`);
        return granted;
      },
      remove: async (p: { origins: string[] }) => {
        calls.push(`remove ${p.origins.join(' ')}`);
        return true;
      },
    };
  };

  /** The page's refresh with the test repository's root as the bundled TUF root. */
  const refresh = (send: SendFn) =>
    runTrustRefresh(send, async () => ({
      refreshFromBundledRoot: (previous, fetch) =>
        refreshTrustedRoot({ bundledRoot: repo.rootJson(1), previous, fetch }),
    }));

  async function mountRefresh(bg: ReturnType<typeof background>, granted = true, now?: number) {
    const perms = permissions(granted);
    const store = createOptionsStore({
      send: bg.send,
      permissions: perms,
      refresh,
      ...(now !== undefined && { now: () => now }),
    });
    root = document.createElement('div');
    document.body.append(root);
    await act(async () => {
      render(<App store={store} />, root as HTMLElement);
      await store.load();
    });
    await settle();
    return { el: root, perms };
  }

  const toggle = (el: HTMLElement) => byTestId(el, 'trust-refresh-toggle') as HTMLInputElement;
  async function waitFor(check: () => boolean) {
    for (let i = 0; i < 200 && !check(); i++) await settle();
    expect(check()).toBe(true);
  }

  beforeEach(() => {
    repo = new TestTufRepo('options App.test.tsx');
    repo.publishRoot();
    repo.publish({ targets: { 'trusted_root.json': JSON.stringify(B.trustedRoot) } });
  });

  it('is off, and asks for nothing, until the user turns it on', async () => {
    const { bg } = refreshBackground();
    const { el, perms } = await mountRefresh(bg);
    expect(toggle(el).checked).toBe(false);
    expect(byTestId(el, 'trust-refresh-status')).toBeNull();
    expect(perms.calls).toEqual([]);
    expect(bg.calls.map((c) => c.type)).not.toContain('fetchTuf');
  });

  it('turned on: asks for the TUF host, refreshes at once, and says what it added', async () => {
    const { bg } = refreshBackground();
    const { el, perms } = await mountRefresh(bg);
    await click(toggle(el));
    await waitFor(() => byTestId(el, 'trust-refresh-status') !== null);
    expect(perms.calls).toEqual(['request https://tuf-repo-cdn.sigstore.dev/*']);
    expect(toggle(el).checked).toBe(true);
    expect(byTestId(el, 'trust-refresh-status')?.textContent).toMatch(
      /^Trust root refreshed on \d{4}-\d\d-\d\d \(TUF root v1\): it adds 5 keys to the bundled root, newest 2020-01-01\.$/,
    );
    expect(byTestId(el, 'trust-refreshed')?.textContent).toContain('adds 5 keys');
    expect(bg.calls.filter((c) => c.type === 'fetchTuf').map((c) => c.payload)).toEqual([
      { path: '2.root.json', maxLength: 512_000 },
      { path: 'timestamp.json', maxLength: 16_384 },
      { path: '1.snapshot.json', maxLength: expect.any(Number) },
      { path: '1.targets.json', maxLength: 5_000_000 },
      {
        path: expect.stringMatching(/^targets\/[0-9a-f]{64}\.trusted_root\.json$/),
        maxLength: expect.any(Number),
      },
    ]);
  });

  it('stays off when the permission is refused', async () => {
    const { bg } = refreshBackground();
    const { el } = await mountRefresh(bg, false);
    await click(toggle(el));
    expect(byTestId(el, 'trust-refresh-error')?.textContent).toBe(
      'Permission to reach tuf-repo-cdn.sigstore.dev was not granted: the refresh stays off.',
    );
    expect(toggle(el).checked).toBe(false);
    expect(bg.calls.map((c) => c.type)).not.toContain('setTrustRefresh');
  });

  it('says a failed refresh failed, and that the bundled root stays in force', async () => {
    repo.publish({
      targets: { 'trusted_root.json': '{}' },
      expiresInMs: -24 * 60 * 60 * 1000,
    });
    const { bg, trustRoot } = refreshBackground();
    const { el } = await mountRefresh(bg);
    await click(toggle(el));
    await waitFor(() => byTestId(el, 'trust-refresh-status') !== null);
    expect(byTestId(el, 'trust-refresh-status')?.textContent).toMatch(
      /^The last refresh \(\d{4}-\d\d-\d\d\) failed: .*expired.*\. The bundled root stays in force\.$/,
    );
    expect((await trustRoot.info()).refresh?.refreshedAt).toBeUndefined();
  });

  it('turned off: forgets the refreshed root and gives the permission back', async () => {
    const { bg, trustRoot } = refreshBackground();
    const { el, perms } = await mountRefresh(bg);
    await click(toggle(el));
    await waitFor(() => byTestId(el, 'trust-refreshed') !== null);
    await click(toggle(el));
    await waitFor(() => !toggle(el).checked);
    expect(perms.calls.at(-1)).toBe('remove https://tuf-repo-cdn.sigstore.dev/*');
    expect(byTestId(el, 'trust-refreshed')).toBeNull();
    expect(await trustRoot.refreshState()).toEqual({ enabled: false });
  });

  it('on opening the page, refreshes only when a day has passed since the last attempt', async () => {
    const { bg, ready } = refreshBackground({ lastAttemptAt: 0 });
    await ready;
    const first = await mountRefresh(bg, true, Date.now());
    expect(toggle(first.el).checked).toBe(true);
    expect(bg.calls.map((c) => c.type)).not.toContain('fetchTuf');
    render(null, first.el);
    first.el.remove();
    const next = await mountRefresh(bg, true, Date.now() + 25 * 60 * 60 * 1000);
    await waitFor(() => byTestId(next.el, 'trust-refreshed') !== null);
    expect(bg.calls.map((c) => c.type)).toContain('fetchTuf');
    expect(next.perms.calls).toEqual([]);
  });
});
