import { nodeVerifier } from '../../test/node-verifier.js';
import { describe, expect, it } from 'vitest';
import { readFixtureText } from '../../test/fixtures.js';
import { memoryStore } from './cache.js';
import { createHandlers } from './handlers.js';
import trustInfo from '../generated/trust-info.json' with { type: 'json' };
import { HistoryService } from './history-service.js';
import { MemoryStore } from './memory-store.js';
import { ReleaseService } from './release-service.js';
import { TabStates } from './tab-state.js';

const RELEASE = readFixtureText('pypi-api/json-api/docs-example.sampleproject-4.0.0.json');
const PROVENANCE = readFixtureText(
  'pypi-api/integrity/sampleproject-4.0.0.tar.gz.provenance.wire.json',
);
const SDIST = 'sampleproject-4.0.0.tar.gz';
const WHEEL = 'sampleproject-4.0.0-py3-none-any.whl';
const INDEX = 'https://pypi.org';

function setup(
  opts: {
    hasAccess?: (index: string) => Promise<boolean>;
    holdWheel?: Promise<void>;
    /** Holds every request about the project `other` (another tab's release, loading). */
    holdOther?: Promise<void>;
  } = {},
) {
  const log: string[] = [];
  const net = { offline: false };
  const fetch = (async (input: RequestInfo | URL) => {
    const url = String(input);
    log.push(url);
    // What a browser's fetch does with an answer it may not read (CORS), or no answer at all.
    if (net.offline || url.includes('/unreachable/')) throw new TypeError('Failed to fetch');
    if (url.endsWith('/pypi/sampleproject/4.0.0/json')) return new Response(RELEASE);
    if (url.endsWith(`/${SDIST}/provenance`)) return new Response(PROVENANCE);
    if (url.endsWith(`/${WHEEL}/provenance`)) await opts.holdWheel;
    if (url.includes('/other/')) await opts.holdOther;
    if (url.includes('/pypi/down/')) return new Response('{"message":"down"}', { status: 503 });
    return new Response('{"message":"No provenance available"}', { status: 404 });
  }) as typeof globalThis.fetch;
  const service = new ReleaseService({
    fetch,
    store: memoryStore(),
    trustKey: 't',
    verifier: nodeVerifier,
    sleep: async () => undefined,
  });
  const tabs = new TabStates(memoryStore(), () => undefined);
  const handlers = createHandlers({
    version: '0',
    trust: {
      info: async () => trustInfo,
      refreshState: async () => ({ enabled: false }),
      update: async () => trustInfo,
      fetchTuf: async () => ({ found: false }),
    },
    verify: nodeVerifier.verify,
    service,
    tabs,
    history: new HistoryService(service, new MemoryStore(memoryStore())),
    ...(opts.hasAccess && { hasAccess: opts.hasAccess }),
  });
  return { handlers, service, log, tabs, net };
}

const sender = {
  context: 'content',
  tabId: 7,
  url: 'https://pypi.org/project/sampleproject/4.0.0/',
} as const;
const popup = { context: 'extension' } as const;
const settle = () => new Promise((r) => setTimeout(r, 50));

describe('listRelease', () => {
  it("starts checking the listed files at once; the page's checkFile requests join them", async () => {
    const { handlers, service, log } = setup();
    const listing = await handlers.listRelease(
      { index: INDEX, project: 'sampleproject', version: '4.0.0', views: true },
      sender,
    );
    expect(listing.files.map((f) => f.filename).sort()).toEqual([WHEEL, SDIST]);
    await settle();
    // Both provenance requests went out with no checkFile asked yet.
    expect(log.filter((u) => u.endsWith('/provenance'))).toHaveLength(2);
    const sdist = await handlers.checkFile(
      { index: INDEX, project: 'sampleproject', version: '4.0.0', filename: SDIST, views: true },
      sender,
    );
    expect(sdist.state).toBe('verified');
    expect(sdist.view?.card.title).toBe('✓ Verified in your browser');
    await handlers.checkFile(
      { index: INDEX, project: 'sampleproject', version: '4.0.0', filename: WHEEL },
      sender,
    );
    expect(service.requests).toMatchObject({ release: 1, provenance: 2, verifications: 1 });
  });

  it('sends the cached results, with views when asked, and checks nothing again', async () => {
    const { handlers, service } = setup();
    await handlers.listRelease(
      { index: INDEX, project: 'sampleproject', version: '4.0.0' },
      sender,
    );
    await settle();
    const again = await handlers.listRelease(
      { index: INDEX, project: 'sampleproject', version: '4.0.0', views: true },
      sender,
    );
    expect(again.known?.map((r) => [r.filename, r.state, r.view?.description]).sort()).toEqual([
      [WHEEL, 'none', 'PyPI has no provenance for this file'],
      [
        SDIST,
        'verified',
        'Provenance verified in your browser · built by pypa/sampleproject · release.yml',
      ],
    ]);
    const plain = await handlers.listRelease(
      { index: INDEX, project: 'sampleproject', version: '4.0.0' },
      sender,
    );
    expect(plain.known?.every((r) => r.view === undefined)).toBe(true);
    expect(service.requests).toMatchObject({ provenance: 2, verifications: 1 });
  });

  it('starts nothing on a forced listing (each forced check asks for itself)', async () => {
    const { handlers, log } = setup();
    await handlers.listRelease(
      { index: INDEX, project: 'sampleproject', version: '4.0.0', force: true },
      sender,
    );
    await settle();
    expect(log.filter((u) => u.endsWith('/provenance'))).toHaveLength(0);
  });

  it('leaves the tab without a release when the index has none there (JSON API 404), not in error', async () => {
    const { handlers, tabs } = setup();
    await handlers.listRelease(
      { index: INDEX, project: 'sampleproject', version: '4.0.0' },
      sender,
    );
    expect((await tabs.get(7))?.project).toBe('sampleproject');
    // PyPI's 404 page, or a quarantined project: warehouse's JSON API answers 404 for both.
    const page = {
      context: 'content',
      tabId: 7,
      url: 'https://pypi.org/project/quarantined/',
    } as const;
    await expect(
      handlers.listRelease({ index: INDEX, project: 'quarantined' }, page),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await tabs.get(7)).toBeNull();
    // Any other failure to list is an error the tab shows (with a retry).
    await expect(
      handlers.listRelease({ index: INDEX, project: 'down', version: '1.0' }, page),
    ).rejects.toMatchObject({ code: 'SERVER_ERROR' });
    expect(await tabs.get(7)).toMatchObject({ state: 'error', project: 'down' });
  });
});

describe('checkFiles (one message for many files, issue 12 §2)', () => {
  const req = { index: INDEX, project: 'sampleproject', version: '4.0.0', views: true };

  it("answers with every file once all are done, each in the tab's state", async () => {
    const { handlers, log, tabs } = setup();
    await handlers.listRelease(req, sender);
    const { results } = await handlers.checkFiles({ ...req, filenames: [SDIST, WHEEL] }, sender);
    expect(results.map((r) => [r.filename, r.state]).sort()).toEqual([
      [WHEEL, 'none'],
      [SDIST, 'verified'],
    ]);
    expect(results.find((r) => r.filename === SDIST)?.view?.card).toBeDefined();
    expect(log.filter((u) => u.endsWith('/provenance'))).toHaveLength(2);
    const tab = await tabs.get(7);
    expect(tab?.files.map((f) => f.state).sort()).toEqual(['none', 'verified']);
  });

  it('answers once some are done; the next asks join the rest, nothing is asked twice', async () => {
    let release = () => undefined as void;
    const holdWheel = new Promise<void>((r) => (release = r));
    const { handlers, log } = setup({ holdWheel });
    await handlers.listRelease(req, sender);
    const first = await handlers.checkFiles({ ...req, filenames: [SDIST, WHEEL] }, sender);
    expect(first.results.map((r) => r.filename)).toEqual([SDIST]);
    const second = handlers.checkFiles({ ...req, filenames: [WHEEL] }, sender);
    const third = handlers.checkFiles({ ...req, filenames: [WHEEL] }, sender);
    release();
    for (const answer of await Promise.all([second, third])) {
      expect(answer.results.map((r) => [r.filename, r.state])).toEqual([[WHEEL, 'none']]);
    }
    expect(log.filter((u) => u.endsWith(`/${WHEEL}/provenance`))).toHaveLength(1);
  });

  it('a forced ask checks again; without access it is NO_ACCESS, as for one file', async () => {
    const { handlers, log, net, tabs } = setup({ hasAccess: async () => false });
    await handlers.listRelease(req, sender);
    await handlers.checkFiles({ ...req, filenames: [SDIST] }, sender);
    await handlers.checkFiles({ ...req, filenames: [SDIST], force: true }, sender);
    expect(log.filter((u) => u.endsWith(`/${SDIST}/provenance`))).toHaveLength(2);
    net.offline = true;
    await expect(
      handlers.checkFiles({ ...req, filenames: [SDIST, WHEEL], force: true }, sender),
    ).rejects.toMatchObject({ code: 'NO_ACCESS' });
    expect(await tabs.get(7)).toBeNull();
  });
});

describe('when the browser withholds access to the index', () => {
  const page = {
    context: 'content',
    tabId: 7,
    url: 'https://pypi.org/project/unreachable/',
  } as const;
  const asked: string[] = [];
  const withheld = async (index: string) => {
    asked.push(index);
    return false;
  };

  it('a listing that failed for lack of access leaves the tab without a release, not in error', async () => {
    const { handlers, tabs } = setup({ hasAccess: withheld });
    await handlers.listRelease(
      { index: INDEX, project: 'sampleproject', version: '4.0.0' },
      sender,
    );
    expect((await tabs.get(7))?.project).toBe('sampleproject');
    await expect(
      handlers.listRelease({ index: INDEX, project: 'unreachable', version: '1.0' }, page),
    ).rejects.toMatchObject({ code: 'NO_ACCESS', message: expect.stringContaining('pypi.org') });
    expect(await tabs.get(7)).toBeNull();
    expect(asked).toContain(INDEX);
  });

  it('the same failure with access granted is the error it is', async () => {
    const { handlers, tabs } = setup({ hasAccess: async () => true });
    await expect(
      handlers.listRelease({ index: INDEX, project: 'unreachable', version: '1.0' }, page),
    ).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
    expect(await tabs.get(7)).toMatchObject({ state: 'error', project: 'unreachable' });
  });

  it('an answer from the index is what it is, access or not (PyPI allows any origin)', async () => {
    const { handlers, tabs } = setup({ hasAccess: withheld });
    const down = {
      context: 'content',
      tabId: 7,
      url: 'https://pypi.org/project/down/1.0/',
    } as const;
    await expect(
      handlers.listRelease({ index: INDEX, project: 'down', version: '1.0' }, down),
    ).rejects.toMatchObject({ code: 'SERVER_ERROR' });
    expect(await tabs.get(7)).toMatchObject({ state: 'error', project: 'down' });
    // And a release the index serves is listed and checked.
    const listing = await handlers.listRelease(
      { index: INDEX, project: 'sampleproject', version: '4.0.0' },
      sender,
    );
    expect(listing.files).toHaveLength(2);
    const sdist = await handlers.checkFile(
      { index: INDEX, project: 'sampleproject', version: '4.0.0', filename: SDIST },
      sender,
    );
    expect(sdist.state).toBe('verified');
  });

  it("a file check that failed for lack of access puts no error in the tab's state", async () => {
    const { handlers, tabs, net } = setup({ hasAccess: withheld });
    const req = { index: INDEX, project: 'sampleproject', version: '4.0.0' };
    await handlers.listRelease(req, sender);
    expect(await tabs.get(7)).not.toBeNull();
    net.offline = true;
    // The popup's Retry (forced: nothing from the caches).
    await expect(
      handlers.checkFile({ ...req, filename: SDIST, force: true, tabId: 7 }, popup),
    ).rejects.toMatchObject({ code: 'NO_ACCESS' });
    expect(await tabs.get(7)).toBeNull();
  });

  it("leaves a tab that shows another index's release as it is", async () => {
    const { handlers, tabs, net } = setup({ hasAccess: async (index) => index !== INDEX });
    const test = { index: 'https://test.pypi.org', project: 'sampleproject', version: '4.0.0' };
    await handlers.listRelease(test, {
      ...sender,
      url: `https://test.pypi.org/project/sampleproject/4.0.0/`,
    });
    net.offline = true;
    await expect(
      handlers.checkFile(
        { index: INDEX, project: 'sampleproject', version: '4.0.0', filename: SDIST, tabId: 7 },
        popup,
      ),
    ).rejects.toMatchObject({ code: 'NO_ACCESS' });
    expect(await tabs.get(7)).toMatchObject({ index: 'https://test.pypi.org' });
  });
});

describe('getAnalysis', () => {
  it('words its warnings and alerts for the content script', async () => {
    const { handlers } = setup();
    const a = await handlers.getAnalysis(
      { index: INDEX, project: 'sampleproject', version: '4.0.0' },
      sender,
    );
    expect(Array.isArray(a.lines)).toBe(true);
    expect(a.lines).toHaveLength(a.warnings.length + a.alerts.length);
  });
});

describe("getAnalysis while other tabs' files are checked", () => {
  const req = { index: INDEX, project: 'sampleproject', version: '4.0.0' };

  it("a page's analysis waits until they are done; the popup's does not", async () => {
    let release = () => undefined as void;
    const holdOther = new Promise<void>((r) => (release = r));
    const { handlers, service } = setup({ holdOther });
    await handlers.checkFiles({ ...req, filenames: [SDIST, WHEEL] }, sender);
    // Another tab's release is being listed.
    const other = service.listRelease(INDEX, 'other', '1.0').catch(() => undefined);
    expect(service.busy).toBe(true);
    let answered = false;
    const page = handlers.getAnalysis(req, sender).then((a) => ((answered = true), a));
    // The popup, asked meanwhile, answers at once: it does not join the page's waiting one.
    expect((await handlers.getAnalysis(req, popup)).version).toBe('4.0.0');
    await new Promise((r) => setTimeout(r, 300));
    expect(answered).toBe(false);
    release();
    await other;
    expect((await page).version).toBe('4.0.0');
    expect(service.busy).toBe(false);
  });
});

describe('getAnalysis after a memory change', () => {
  it('reflects a pin that completed before it was asked, even with an analysis still running', async () => {
    const { handlers } = setup();
    const req = { index: INDEX, project: 'sampleproject', version: '4.0.0' };
    // The content script's analysis is under way...
    const first = handlers.getAnalysis(req, sender);
    // ...when the popup pins the release's identity.
    const identity = (await first).identity;
    expect(identity).toBeDefined();
    const running = handlers.getAnalysis(req, sender);
    const pinned = await handlers.memoryAction(
      { action: 'pin', ...req, identity: identity!, version: '4.0.0' },
      popup,
    );
    expect(pinned?.pinned).toMatchObject({ repository: identity!.repository });
    // Asked right after the change: no waiting, no retry, the pin is there.
    const after = await handlers.getAnalysis(req, popup);
    expect(after.memory?.pinned).toMatchObject({ repository: identity!.repository });
    await running;
  });

  it('shares one analysis between callers while nothing changed', async () => {
    const { handlers, service } = setup();
    const req = { index: INDEX, project: 'sampleproject', version: '4.0.0' };
    const [a, b] = await Promise.all([
      handlers.getAnalysis(req, sender),
      handlers.getAnalysis(req, popup),
    ]);
    expect(a.memory).toEqual(b.memory);
    expect(service.requests.simple).toBe(1);
  });
});
