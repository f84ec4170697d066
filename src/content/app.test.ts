// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readFixtureText } from '../../test/fixtures.js';
import { analysisView, withView } from '../background/describe.js';
import type { FileResult } from '../shared/domain-lite.js';
import { start } from './app.js';
import {
  fileBadgeAnchor,
  findDetailsPanel,
  findFileRows,
  findHeader,
  findProvenanceHeading,
} from './selectors.js';

const LEGACY = readFixtureText(
  'pages/SYNTHETIC.project-page.legacy-layout.sampleproject-4.0.0.html',
);
const LAYOUT_2026 = readFixtureText(
  'pages/SYNTHETIC.project-page.2026-layout.sampleproject-4.0.0.html',
);
const UNKNOWN =
  '<html><body><main><div class="something-new"><h1>sampleproject</h1></div></main></body></html>';
const SDIST = 'sampleproject-4.0.0.tar.gz';
const WHEEL = 'sampleproject-4.0.0-py3-none-any.whl';

function load(html: string, url = 'https://pypi.org/project/sampleproject/4.0.0/'): void {
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  document.head.replaceChildren(
    ...[...parsed.head.childNodes].map((n) => document.importNode(n, true)),
  );
  document.body.replaceChildren(
    ...[...parsed.body.childNodes].map((n) => document.importNode(n, true)),
  );
  (window as unknown as { happyDOM: { setURL(u: string): void } }).happyDOM.setURL(url);
}

afterEach(() => {
  document.body?.replaceChildren();
});

describe('selectors', () => {
  describe.each([
    ['legacy layout', LEGACY],
    ['2026 layout', LAYOUT_2026],
  ])('on the %s', (_name, html) => {
    it('find the header, both file rows and the details panels', () => {
      load(html);
      expect(findHeader(document)?.textContent?.trim()).toBe('sampleproject 4.0.0');
      expect([...findFileRows(document, 'https://pypi.org').keys()]).toEqual([SDIST, WHEEL]);
      const panel = findDetailsPanel(document, SDIST);
      expect(panel?.id).toBe(SDIST);
      expect(findProvenanceHeading(panel!)?.textContent).toBe('Provenance');
    });
  });
  describe('on a page with unknown markup', () => {
    it('find nothing and do not throw', () => {
      load(UNKNOWN);
      expect(findHeader(document)).toBeUndefined();
      expect(findFileRows(document, 'https://pypi.org').size).toBe(0);
      expect(findDetailsPanel(document, SDIST)).toBeUndefined();
    });
  });
});

/** A stand-in for the background: answers listRelease/checkFile(s) from canned results. */
function fakeRuntime(
  results: Record<string, FileResult>,
  opts: { listFails?: boolean; analysis?: unknown; cached?: FileResult[] } = {},
) {
  const sent: { type: string; payload: Record<string, unknown> }[] = [];
  return {
    sent,
    sendMessage: async (message: unknown) => {
      const m = message as { type: string; payload: Record<string, unknown> };
      sent.push(m);
      if (m.type === 'peekFiles') return { ok: true, value: opts.cached ?? [] };
      if (m.type === 'getAnalysis') {
        const a = (opts.analysis ?? {
          version: '4.0.0',
          warnings: [],
          alerts: [],
          memory: null,
        }) as Parameters<typeof analysisView>[0];
        return { ok: true, value: { ...a, ...analysisView(a) } };
      }
      if (m.type === 'listRelease') {
        if (opts.listFails)
          return { ok: false, error: { code: 'SERVER_ERROR', message: 'the index answered 503' } };
        return {
          ok: true,
          value: {
            index: 'https://pypi.org',
            project: 'sampleproject',
            version: '4.0.0',
            files: Object.keys(results).map((filename) => ({ filename })),
            known: (opts.cached ?? []).map((r) => (m.payload.views ? withView(r) : r)),
          },
        };
      }
      const view = (r: FileResult | undefined) => (r && m.payload.views ? withView(r) : r);
      if (m.type === 'checkFiles') {
        const asked = m.payload.filenames as string[];
        const found = asked.flatMap((f) => (results[f] ? [{ ...results[f], filename: f }] : []));
        return { ok: true, value: { results: found.map(view) } };
      }
      return { ok: true, value: view(results[m.payload.filename as string]) };
    },
  };
}

const settle = () => new Promise((r) => setTimeout(r, 20));
const verifiedSdist = (): FileResult => {
  return {
    filename: SDIST,
    state: 'verified',
    publisher: { kind: 'GitHub', repository: 'pypa/sampleproject', workflow: 'release.yml' },
    attestations: [
      {
        predicateType: 'https://docs.pypi.org/attestations/publish/v1',
        signer: {
          identity:
            'https://github.com/pypa/sampleproject/.github/workflows/release.yml@refs/heads/main',
          repositoryUrl: 'https://github.com/pypa/sampleproject',
          workflowPath: '.github/workflows/release.yml',
          commit: '621e4974ca25ce531773def586ba3ed8e736b3fc',
          notBefore: '',
          notAfter: '',
        },
        tlogEntries: [
          {
            logIndex: 147137139,
            logUrl: 'https://rekor.sigstore.dev',
            entryUrl: 'https://search.sigstore.dev/?logIndex=147137139',
            apiUrl: '',
            kind: 'dsse',
            version: '0.0.1',
          },
        ],
      },
    ],
  };
};
/** The wheel, which PyPI has no provenance for (Integrity API 404). */
const wheelWithoutProvenance = (): FileResult => ({
  filename: WHEEL,
  state: 'none',
  code: 'NO_PROVENANCE',
  message: '',
});

describe('start', () => {
  describe.each([
    ['legacy layout', LEGACY],
    ['2026 layout', LAYOUT_2026],
  ])('on the %s', (_name, html) => {
    it('shows the summary by the name, a badge per file row and a card per details panel', async () => {
      load(html);
      const rt = fakeRuntime({
        [SDIST]: verifiedSdist(),
        [WHEEL]: {
          filename: WHEEL,
          state: 'none',
          code: 'NO_PROVENANCE',
          message: 'No provenance',
        },
      });
      start(rt);
      await settle();
      const summary = document.querySelector('[data-provenance-summary]');
      expect(summary?.getAttribute('data-provenance-summary')).toBe('partial');
      expect(summary?.previousElementSibling).toBe(findHeader(document));
      const badges = [...document.querySelectorAll('[data-provenance-file]')].map((b) => [
        b.getAttribute('data-provenance-file'),
        b.getAttribute('data-provenance-state'),
      ]);
      expect(badges).toEqual([
        [SDIST, 'verified'],
        [WHEEL, 'none'],
      ]);
      const card = findDetailsPanel(document, SDIST)?.querySelector('[data-provenance-card]');
      expect(card?.getAttribute('data-provenance-state')).toBe('verified');
      // Only the project and version come from the page: the background is asked by name.
      expect(rt.sent[0]).toEqual({
        type: 'listRelease',
        payload: {
          index: 'https://pypi.org',
          project: 'sampleproject',
          version: '4.0.0',
          force: false,
          views: true,
        },
      });
    });
  });

  it('places the badge right after the filename, the card right before PyPI’s Provenance and the warnings under the summary', async () => {
    load(LAYOUT_2026);
    start(fakeRuntime({ [SDIST]: verifiedSdist(), [WHEEL]: verifiedSdist() }));
    await settle();
    const summary = document.querySelector('[data-provenance-summary]');
    expect(summary?.nextElementSibling?.hasAttribute('data-provenance-warnings')).toBe(true);
    for (const [filename, row] of findFileRows(document, 'https://pypi.org')) {
      const badge = fileBadgeAnchor(row)?.nextElementSibling;
      expect(badge?.getAttribute('data-provenance-file')).toBe(filename);
      const panel = findDetailsPanel(document, filename)!;
      // Without PyPI's own section, at the panel's end.
      const heading = findProvenanceHeading(panel);
      const card = heading ? heading.previousElementSibling : panel.lastElementChild;
      expect(card?.getAttribute('data-provenance-card')).toBe(filename);
    }
    expect(document.querySelectorAll('[data-provenance-file]')).toHaveLength(2);
    expect(document.querySelectorAll('[data-provenance-card]')).toHaveLength(2);
  });

  it('asks for the release again when back/forward restores the page from its cache', async () => {
    load(LEGACY);
    const rt = fakeRuntime({ [SDIST]: verifiedSdist() });
    start(rt);
    await settle();
    const pageshow = (persisted: boolean) =>
      dispatchEvent(Object.assign(new Event('pageshow'), { persisted }));
    pageshow(false);
    await settle();
    expect(rt.sent.filter((m) => m.type === 'listRelease')).toHaveLength(1);
    pageshow(true);
    await settle();
    expect(rt.sent.filter((m) => m.type === 'listRelease')).toHaveLength(2);
  });

  it('reads the version from the header when the URL has none', async () => {
    load(LAYOUT_2026, 'https://pypi.org/project/sampleproject/');
    const rt = fakeRuntime({ [SDIST]: verifiedSdist() });
    start(rt);
    await settle();
    expect(rt.sent[0]?.payload.version).toBe('4.0.0');
  });

  describe('started while the page is still loading (document_start)', () => {
    const loading = (html: string, url: string) => {
      load(html, url);
      Object.defineProperty(document, 'readyState', { value: 'loading', configurable: true });
    };
    const loaded = () => {
      delete (document as unknown as { readyState?: string }).readyState;
      document.dispatchEvent(new Event('DOMContentLoaded'));
    };
    afterEach(() => {
      delete (document as unknown as { readyState?: string }).readyState;
    });

    it('asks for the release at once and places nothing until the DOM is ready', async () => {
      loading(LEGACY, 'https://pypi.org/project/sampleproject/4.0.0/');
      const rt = fakeRuntime({ [SDIST]: verifiedSdist() }, { cached: [verifiedSdist()] });
      start(rt);
      await settle();
      expect(rt.sent[0]).toMatchObject({ type: 'listRelease', payload: { version: '4.0.0' } });
      expect(document.querySelector('[data-provenance-summary]')).toBeNull();
      loaded();
      await settle();
      expect(
        document
          .querySelector('[data-provenance-summary]')
          ?.getAttribute('data-provenance-summary'),
      ).toBe('verified');
      expect(rt.sent.filter((m) => m.type === 'listRelease')).toHaveLength(1);
    });

    it('checks the files while the page loads, and shows their results once it is ready', async () => {
      loading(LEGACY, 'https://pypi.org/project/sampleproject/4.0.0/');
      const rt = fakeRuntime({ [SDIST]: verifiedSdist() });
      start(rt);
      await settle();
      // Asked and answered before the DOM is ready (a long description can take a while).
      expect(rt.sent.map((m) => m.type)).toEqual(['listRelease', 'checkFiles']);
      expect(document.querySelector('[data-provenance-summary]')).toBeNull();
      loaded();
      await settle();
      // Final with the DOM, its badge placed with it, and nothing asked again.
      const summary = document.querySelector('[data-provenance-summary]');
      expect(summary?.getAttribute('data-provenance-summary')).toBe('verified');
      expect(
        document
          .querySelector(`[data-provenance-file="${SDIST}"]`)
          ?.getAttribute('data-provenance-state'),
      ).toBe('verified');
      expect(rt.sent.filter((m) => m.type === 'checkFiles')).toHaveLength(1);
    });

    it('asks for the latest release, then for the version the header names if it differs', async () => {
      const html = LEGACY.replace(/sampleproject 4\.0\.0/g, 'sampleproject 3.0.0');
      loading(html, 'https://pypi.org/project/sampleproject/');
      const rt = fakeRuntime({ [SDIST]: verifiedSdist() });
      start(rt);
      await settle();
      expect(rt.sent[0]?.payload.version).toBeUndefined(); // left out of the message
      loaded();
      await settle();
      const lists = rt.sent.filter((m) => m.type === 'listRelease');
      expect(lists.map((m) => m.payload.version)).toEqual([undefined, '3.0.0']);
    });

    it('keeps the latest release when the header agrees', async () => {
      loading(LEGACY, 'https://pypi.org/project/sampleproject/');
      const rt = fakeRuntime({ [SDIST]: verifiedSdist() });
      start(rt);
      loaded();
      await settle();
      expect(rt.sent.filter((m) => m.type === 'listRelease')).toHaveLength(1);
      expect(rt.sent.find((m) => m.type === 'checkFiles')?.payload.version).toBe('4.0.0');
    });
  });

  it('still shows the summary (in a corner) when the markup is unknown', async () => {
    load(UNKNOWN);
    start(fakeRuntime({ [SDIST]: verifiedSdist() }));
    await settle();
    const summary = document.querySelector('[data-provenance-summary]');
    expect(summary?.getAttribute('data-provenance-summary')).toBe('verified');
    expect(summary?.parentElement).toBe(document.body);
    expect(document.querySelectorAll('[data-provenance-file]')).toHaveLength(0);
  });

  it('shows error with a retry when the release cannot be listed', async () => {
    load(LEGACY);
    const rt = fakeRuntime({}, { listFails: true });
    start(rt);
    await settle();
    expect(
      document.querySelector('[data-provenance-summary]')?.getAttribute('data-provenance-summary'),
    ).toBe('error');
  });

  it('does nothing on pages that are not project pages', async () => {
    load(LEGACY, 'https://pypi.org/search/?q=x');
    const rt = fakeRuntime({});
    start(rt);
    await settle();
    expect(rt.sent).toHaveLength(0);
    expect(document.querySelector('[data-provenance-summary]')).toBeNull();
  });

  it('shows the history warnings and memory alerts once every file is checked', async () => {
    load(LEGACY);
    const identity = {
      kind: 'GitHub',
      repository: 'https://github.com/evil/x',
      workflow: '.github/workflows/release.yml',
      environment: '',
    };
    // Our shadow roots are closed: keep a reference to read what the summary says.
    const roots = new Map<Element, ShadowRoot>();
    const attach = HTMLElement.prototype.attachShadow;
    HTMLElement.prototype.attachShadow = function (init) {
      const root = attach.call(this, init);
      roots.set(this, root);
      return root;
    };
    const summaryText = () =>
      roots.get(document.querySelector('[data-provenance-summary]')!)?.textContent ?? '';
    const rt = fakeRuntime(
      { [SDIST]: verifiedSdist() },
      {
        analysis: {
          version: '4.0.0',
          warnings: [
            {
              kind: 'publisher-changed',
              version: '4.0.0',
              identity,
              previous: {
                version: '3.0.0',
                identity: { ...identity, repository: 'https://github.com/pypa/sampleproject' },
              },
            },
          ],
          alerts: [
            {
              kind: 'pin-violation',
              pinned: identity,
              message: 'You pinned A, but this release was signed by B.',
            },
          ],
          memory: null,
        },
      },
    );
    start(rt);
    await settle();
    const host = document.querySelector('[data-provenance-warnings]');
    expect(host?.getAttribute('data-provenance-warnings')).toBe('pin-violation publisher-changed');
    expect(rt.sent.filter((m) => m.type === 'getAnalysis')).toHaveLength(1);
    // The mark itself changes: its words, and the contract's alert kinds on its host.
    const summary = document.querySelector('[data-provenance-summary]');
    expect(summary?.getAttribute('data-provenance-summary')).toBe('verified');
    expect(summary?.getAttribute('data-provenance-alert')).toBe('pin-violated publisher-changed');
    expect(summaryText()).toContain('Pin violated');
    expect(summaryText()).not.toContain('Provenance verified');
    HTMLElement.prototype.attachShadow = attach;
  });

  describe('on a hostile page', () => {
    const failed: FileResult = {
      filename: SDIST,
      state: 'failed',
      code: 'TLOG_BODY_MISMATCH',
      message: 'tlog entry signature mismatch',
    };
    it('strips our attributes from elements the page made, before and after we start', async () => {
      load(LEGACY);
      const fake = document.createElement('div');
      fake.setAttribute('data-provenance-summary', 'verified');
      fake.setAttribute('data-provenance-file', SDIST);
      fake.setAttribute('data-provenance-state', 'verified');
      document.body.prepend(fake);
      start(fakeRuntime({ [SDIST]: failed }));
      await settle();
      const late = document.createElement('span');
      late.setAttribute('data-provenance-state', 'verified');
      document.body.append(late);
      await settle();
      const summaries = document.querySelectorAll('[data-provenance-summary]');
      expect([...summaries].map((e) => e.getAttribute('data-provenance-summary'))).toEqual([
        'failed',
      ]);
      // Our file badge and details card: both failed, nothing else claims a state.
      const states = [...document.querySelectorAll('[data-provenance-state]')];
      expect(states.map((e) => e.getAttribute('data-provenance-state'))).toEqual([
        'failed',
        'failed',
      ]);
      expect(states.every((e) => e !== fake && e !== late)).toBe(true);
    });
    it('puts our state back when the page rewrites it', async () => {
      load(LEGACY);
      start(fakeRuntime({ [SDIST]: failed }));
      await settle();
      const badge = document.querySelector(`[data-provenance-file="${SDIST}"]`)!;
      badge.setAttribute('data-provenance-state', 'verified');
      document
        .querySelector('[data-provenance-summary]')!
        .setAttribute('data-provenance-summary', 'verified');
      await settle();
      expect(badge.getAttribute('data-provenance-state')).toBe('failed');
      expect(
        document
          .querySelector('[data-provenance-summary]')!
          .getAttribute('data-provenance-summary'),
      ).toBe('failed');
    });
  });

  it('asks again once when a message is lost (the worker restarted)', async () => {
    load(LEGACY);
    const rt = fakeRuntime({ [SDIST]: verifiedSdist() });
    const real = rt.sendMessage;
    const lost = new Set(['listRelease', 'checkFiles']); // the first of each gets no answer
    rt.sendMessage = async (message: unknown) => {
      const type = (message as { type: string }).type;
      if (lost.delete(type)) {
        throw new Error('Could not establish connection. Receiving end does not exist.');
      }
      return real(message);
    };
    start(rt);
    await new Promise((r) => setTimeout(r, 600));
    expect(
      document.querySelector('[data-provenance-summary]')?.getAttribute('data-provenance-summary'),
    ).toBe('verified');
  });

  it('keeps asking while the worker is away (three lost listings), then shows the result', async () => {
    load(LEGACY);
    const rt = fakeRuntime({ [SDIST]: verifiedSdist() });
    const real = rt.sendMessage;
    let lost = 3;
    rt.sendMessage = async (message: unknown) => {
      if ((message as { type: string }).type === 'listRelease' && lost-- > 0) {
        throw new Error('Could not establish connection. Receiving end does not exist.');
      }
      return real(message);
    };
    start(rt);
    await new Promise((r) => setTimeout(r, 1400));
    expect(rt.sent.filter((m) => m.type === 'listRelease')).toHaveLength(1);
    expect(
      document.querySelector('[data-provenance-summary]')?.getAttribute('data-provenance-summary'),
    ).toBe('verified');
  });

  it('keeps asking in the background while it cannot reach the worker: checking, never error, then the result without a reload', async () => {
    load(LEGACY);
    const rt = fakeRuntime({ [SDIST]: verifiedSdist() });
    const real = rt.sendMessage;
    let reachable = false;
    let asked = 0;
    rt.sendMessage = async (message: unknown) => {
      asked++;
      if (!reachable) {
        throw new Error('Could not establish connection. Receiving end does not exist.');
      }
      return real(message);
    };
    start(rt);
    const summary = () =>
      document.querySelector('[data-provenance-summary]')?.getAttribute('data-provenance-summary');
    // Longer than the 2.6 s after which it used to give up (issue 12 §4: pages ended in error).
    await new Promise((r) => setTimeout(r, 3000));
    expect(summary()).toBe('pending');
    // Asked again with growing waits (0.1, 0.2, 0.4, 0.8, 1.6 s), not in a tight loop.
    expect(asked).toBeGreaterThanOrEqual(4);
    expect(asked).toBeLessThanOrEqual(6);
    reachable = true;
    await expect.poll(summary, { timeout: 4000, interval: 50 }).toBe('verified');
  });

  it('asks again when a message gets no answer at all, and takes whichever answer comes', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      load(LEGACY);
      const rt = fakeRuntime({ [SDIST]: verifiedSdist() });
      const real = rt.sendMessage;
      let listings = 0;
      rt.sendMessage = (message: unknown) => {
        // The first listing is held by a worker that was stopped: no answer, ever.
        if ((message as { type: string }).type === 'listRelease' && listings++ === 0) {
          return new Promise<never>(() => undefined);
        }
        return real(message);
      };
      start(rt);
      await vi.advanceTimersByTimeAsync(9_000);
      expect(listings).toBe(1);
      await vi.advanceTimersByTimeAsync(2_000);
      expect(listings).toBe(2);
      await vi.advanceTimersByTimeAsync(100);
      await vi.waitFor(() =>
        expect(
          document
            .querySelector('[data-provenance-summary]')
            ?.getAttribute('data-provenance-summary'),
        ).toBe('verified'),
      );
      // Answered: not asked again.
      await vi.advanceTimersByTimeAsync(30_000);
      expect(listings).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('on a revisit takes the cached results in one message and checks only the rest', async () => {
    load(LEGACY);
    const wheel = wheelWithoutProvenance();
    const rt = fakeRuntime(
      { [SDIST]: verifiedSdist(), [WHEEL]: wheel },
      { cached: [verifiedSdist()] },
    );
    start(rt);
    await settle();
    expect(rt.sent.filter((m) => m.type === 'checkFiles').map((m) => m.payload.filenames)).toEqual([
      [WHEEL],
    ]);
    expect(
      document.querySelector('[data-provenance-summary]')?.getAttribute('data-provenance-summary'),
    ).toBe('partial');
  });

  it('checks the files in a few messages: each answer brings what is done, the rest are asked again', async () => {
    load(LEGACY);
    const wheel = wheelWithoutProvenance();
    const rt = fakeRuntime({ [SDIST]: verifiedSdist(), [WHEEL]: wheel });
    const real = rt.sendMessage;
    const states: string[] = [];
    const asked: Record<string, unknown>[] = [];
    rt.sendMessage = async (message: unknown) => {
      const m = message as { type: string; payload: Record<string, unknown> };
      if (m.type !== 'checkFiles') return real(message);
      asked.push(m.payload);
      const state = (f: string) =>
        document
          .querySelector(`[data-provenance-file="${f}"]`)
          ?.getAttribute('data-provenance-state');
      states.push(`${state(SDIST)} ${state(WHEEL)}`);
      // One result per answer, the last asked for first, and one the page did not ask about.
      const files = m.payload.filenames as string[];
      const answer = (await real({
        ...m,
        payload: { ...m.payload, filenames: files.slice(-1) },
      })) as {
        value: { results: FileResult[] };
      };
      const stray: FileResult = { ...wheel, filename: 'other-1.0.tar.gz' };
      return { ok: true, value: { results: [...answer.value.results, stray] } };
    };
    start(rt);
    await settle();
    expect(asked.map((p) => p.filenames)).toEqual([[SDIST, WHEEL], [SDIST]]);
    expect(asked.map((p) => p.force)).toEqual([false, false]);
    // The files are asked for as soon as they are listed (here before the badges are placed,
    // a microtask later), and the wheel's result was shown before the sdist was asked again.
    expect(states).toEqual(['undefined undefined', 'pending none']);
    expect(
      document
        .querySelector(`[data-provenance-file="${WHEEL}"]`)
        ?.getAttribute('data-provenance-state'),
    ).toBe('none');
    expect(
      document
        .querySelector(`[data-provenance-file="${SDIST}"]`)
        ?.getAttribute('data-provenance-state'),
    ).toBe('verified');
    expect(document.querySelector('[data-provenance-file="other-1.0.tar.gz"]')).toBeNull();
  });

  it('an answer about none of the files asked: an error for each, not a loop', async () => {
    load(LEGACY);
    const rt = fakeRuntime({ [SDIST]: verifiedSdist() });
    const real = rt.sendMessage;
    let polls = 0;
    rt.sendMessage = async (message: unknown) =>
      (message as { type: string }).type === 'checkFiles' && ++polls
        ? { ok: true, value: { results: [{ ...verifiedSdist(), filename: 'other-1.0.tar.gz' }] } }
        : real(message);
    start(rt);
    await settle();
    expect(polls).toBe(1);
    expect(
      document
        .querySelector(`[data-provenance-file="${SDIST}"]`)
        ?.getAttribute('data-provenance-state'),
    ).toBe('error');
  });
});
