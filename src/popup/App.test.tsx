// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import type { FileResult, Identity, TimelineEntry } from '../shared/domain.js';
import type { MessageName, Request, Response, SendFn } from '../shared/messages.js';
import type { Analysis, TabState, Timeline } from '../shared/view-model.js';
import { App } from './App.js';
import { createPopupStore } from './store.js';

const VERIFIED: FileResult = {
  filename: 'sampleproject-4.0.0.tar.gz',
  state: 'verified',
  publisher: { kind: 'GitHub', repository: 'pypa/sampleproject', workflow: 'release.yml' },
  attestations: [
    {
      predicateType: 'https://docs.pypi.org/attestations/publish/v1',
      signedAt: '2024-11-06T22:37:07.000Z',
      signer: {
        identity:
          'https://github.com/pypa/sampleproject/.github/workflows/release.yml@refs/heads/main',
        notBefore: '2024-11-06T22:37:07.000Z',
        notAfter: '2024-11-06T22:47:07.000Z',
        repositoryUrl: 'https://github.com/pypa/sampleproject',
        workflowPath: '.github/workflows/release.yml',
        commit: '621e4974ca25ce531773def586ba3ed8e736b3fc',
        runUrl: 'https://github.com/pypa/sampleproject/actions/runs/11713038981/attempts/1',
      },
      tlogEntries: [
        {
          logIndex: 147137139,
          logUrl: 'https://rekor.sigstore.dev',
          kind: 'dsse',
          version: '0.0.1',
          entryUrl: 'https://search.sigstore.dev/?logIndex=147137139',
          apiUrl: 'https://rekor.sigstore.dev/api/v1/log/entries?logIndex=147137139',
        },
      ],
    },
  ],
};

const tab = (files: FileResult[]): TabState => ({
  index: 'https://pypi.org',
  project: 'sampleproject',
  version: '4.0.0',
  state: 'verified',
  files,
  updatedAt: 1,
});

let root: HTMLElement | undefined;
afterEach(() => {
  if (root) render(null, root);
  root?.remove();
});

async function mount(state: TabState | null): Promise<HTMLElement> {
  const send = (async (type: string) => {
    if (type === 'getTabState') return state;
    throw new Error('not answered');
  }) as SendFn;
  const store = createPopupStore({ send, resolveTabId: async () => 1 });
  root = document.createElement('div');
  document.body.append(root);
  await act(async () => {
    render(<App store={store} />, root as HTMLElement);
    await store.start();
  });
  return root;
}

const byTestId = (el: HTMLElement, id: string) =>
  el.querySelector<HTMLElement>(`[data-testid="${id}"]`);

describe('App', () => {
  describe('when the tab is not a project page', () => {
    it('explains what the extension does', async () => {
      const el = await mount(null);
      expect(byTestId(el, 'welcome')?.textContent).toMatch(/pypi\.org or test\.pypi\.org/);
      expect(el.querySelectorAll('[data-testid="file-row"]')).toHaveLength(0);
    });
  });

  describe('when a file is verified', () => {
    it('shows its row and, once selected, its signer with safe links', async () => {
      const other = { ...VERIFIED, filename: 'sampleproject-4.0.0-py3-none-any.whl' };
      const el = await mount(tab([VERIFIED, other]));
      const row = el.querySelector<HTMLElement>(
        '[data-testid="file-row"][data-filename="sampleproject-4.0.0.tar.gz"]',
      );
      expect(row?.dataset.state).toBe('verified');
      expect(byTestId(el, 'file-details')).toBeNull();

      await act(() => {
        row?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
      });
      expect(byTestId(el, 'publisher-kind')?.textContent).toBe('GitHub');
      expect(byTestId(el, 'publisher-repository')?.textContent).toBe('pypa/sampleproject');
      expect(byTestId(el, 'workflow-link')?.getAttribute('href')).toBe(
        'https://github.com/pypa/sampleproject/blob/621e4974ca25ce531773def586ba3ed8e736b3fc/.github/workflows/release.yml',
      );
      expect(byTestId(el, 'commit-link')?.textContent).toBe('621e497');
      expect(byTestId(el, 'rekor-link')?.textContent).toBe('Rekor entry 147137139');
      // Compact: the test contract's ids (repository, workflow, commit, log) at once; the
      // other facts (predicate, build log, environment...) behind a closed disclosure.
      const more = byTestId(el, 'signer-more') as HTMLDetailsElement | null;
      expect(more?.tagName).toBe('DETAILS');
      expect(more?.open).toBe(false);
      expect(more?.contains(byTestId(el, 'commit-link'))).toBe(false);
      expect(more?.contains(byTestId(el, 'rekor-link'))).toBe(false);
      expect(more?.contains(byTestId(el, 'workflow-link'))).toBe(false);
      expect(more?.textContent).toContain('Predicate');
      expect(byTestId(el, 'verify-command')?.textContent).toBe(
        'pypi-attestations verify pypi --repository https://github.com/pypa/sampleproject pypi:sampleproject-4.0.0.tar.gz',
      );
      for (const a of el.querySelectorAll('a')) {
        expect(a.getAttribute('target')).toBe('_blank');
        expect(a.getAttribute('rel')).toBe('noopener noreferrer');
        expect(a.getAttribute('href')).toMatch(/^https:\/\//);
      }
    });
  });

  describe('when files verified', () => {
    it('offers install text pinned to the verified files only', async () => {
      const sha = (c: string) => c.repeat(64);
      const sdist = { ...VERIFIED, sha256: sha('a') };
      const failed: FileResult = {
        filename: 'sampleproject-4.0.0-py3-none-any.whl',
        sha256: sha('b'),
        state: 'failed',
        code: 'DIGEST_MISMATCH',
        message: 'x',
      };
      const state = { ...tab([sdist, failed]), state: 'failed' as const };
      const sent: string[] = [];
      const send = (async (type: string) => {
        sent.push(type);
        if (type === 'getTabState') return state;
        if (type === 'releaseDownloads') {
          return {
            files: [
              {
                filename: sdist.filename,
                sha256: sha('a'),
                url: 'https://files.pythonhosted.org/packages/x/sampleproject-4.0.0.tar.gz',
              },
            ],
          };
        }
        throw new Error('not answered');
      }) as SendFn;
      const store = createPopupStore({ send, resolveTabId: async () => 1 });
      root = document.createElement('div');
      document.body.append(root);
      await act(async () => {
        render(<App store={store} />, root as HTMLElement);
        await store.start();
      });
      await act(async () => new Promise((r) => setTimeout(r, 0)));
      const el = root;
      expect(sent).toContain('releaseDownloads');
      expect(byTestId(el, 'install-pins')?.textContent).toContain(
        'Pins 1 of 2 files of sampleproject 4.0.0',
      );
      const requirements = byTestId(el, 'install-requirements')?.textContent ?? '';
      expect(requirements).toContain(`sampleproject==4.0.0 \\\n    --hash=sha256:${sha('a')}\n`);
      expect(requirements).not.toContain(sha('b'));
      const pylock = byTestId(el, 'install-pylock')?.textContent ?? '';
      expect(pylock).toContain('[[packages.attestation-identities]]');
      expect(pylock).toContain(
        'url = "https://files.pythonhosted.org/packages/x/sampleproject-4.0.0.tar.gz"',
      );
      expect(pylock).not.toContain(sha('b'));
    });

    it('offers none while no file verified', async () => {
      const none: FileResult = {
        ...VERIFIED,
        state: 'none',
        code: 'NO_PROVENANCE',
        message: '',
      } as FileResult;
      const el = await mount({ ...tab([none]), state: 'none' });
      expect(byTestId(el, 'install')).toBeNull();
    });
  });

  describe('when the provenance carries hostile values', () => {
    it('renders them as text, never as links or markup', async () => {
      const attestation = VERIFIED.state === 'verified' ? VERIFIED.attestations[0] : undefined;
      if (!attestation) throw new Error('fixture');
      const hostile: FileResult = {
        ...VERIFIED,
        filename: '<img src=x onerror=alert(1)>.tar.gz',
        attestations: [
          {
            ...attestation,
            signer: {
              ...attestation.signer,
              repositoryUrl: 'javascript:alert(1)',
              runUrl: 'https://github.com.evil.com/run',
            },
            tlogEntries: [
              { ...attestation.tlogEntries[0]!, entryUrl: 'https://github.com@evil.com/' },
            ],
          },
        ],
      };
      const el = await mount(tab([hostile]));
      expect(el.querySelector('img[src="x"]')).toBeNull();
      expect(byTestId(el, 'file-details')?.querySelector('h2')?.textContent).toBe(
        '<img src=x onerror=alert(1)>.tar.gz',
      );
      expect(byTestId(el, 'publisher-repository')?.tagName).toBe('SPAN');
      expect(byTestId(el, 'workflow-link')?.tagName).toBe('SPAN');
      expect(byTestId(el, 'rekor-link')?.tagName).toBe('SPAN');
      const hrefs = [...el.querySelectorAll('a')].map((a) => a.getAttribute('href'));
      expect(hrefs).toEqual(['https://pypi.org/project/sampleproject/4.0.0/']);
    });
  });
});

// ---------------------------------------------------------------------------------------------
// History (issue 4): warnings, memory actions, timeline, risk hints, trust-root freshness.

type Handlers = { [K in MessageName]?: (req: Request<K>) => Response<K> | Promise<Response<K>> };

const GOOD: Identity = {
  kind: 'GitHub',
  repository: 'https://github.com/pypa/sampleproject',
  workflow: '.github/workflows/release.yml',
  environment: '',
};
const EVIL: Identity = { ...GOOD, repository: 'https://github.com/evil/sampleproject' };

/** A bundled root whose TUF root says a newer one is out `dueInDays` from now. */
const INFO = (takenAt: string, dueInDays = 100): Response<'getInfo'> => ({
  version: '0.2.0',
  trust: {
    takenAt,
    source: 'x',
    sha256: 'x',
    newestKeyDate: '2025-09-23T00:00:00Z',
    tufRootVersion: 16,
    tufRootExpires: null,
    newerRootDueAt: new Date(Date.now() + dueInDays * 24 * 3600 * 1000).toISOString(),
  },
});

const NO_TIMELINE: Timeline = { entries: [], releases: 0, hasMore: false };

async function mountWith(handlers: Handlers) {
  const calls: { type: MessageName; payload: unknown }[] = [];
  const send = (async (type: MessageName, payload: unknown) => {
    calls.push({ type, payload });
    const handler = handlers[type] as ((req: unknown) => unknown) | undefined;
    if (!handler) throw new Error(`not answered: ${type}`);
    return handler(payload);
  }) as SendFn;
  const store = createPopupStore({ send, resolveTabId: async () => 1 });
  root = document.createElement('div');
  document.body.append(root);
  await act(async () => {
    render(<App store={store} />, root as HTMLElement);
    await store.start();
  });
  // Let the analysis and timeline requests answer.
  await act(async () => {
    await new Promise((r) => setTimeout(r, 5));
  });
  return { el: root, calls };
}

const click = async (el: HTMLElement | null) => {
  await act(async () => {
    el?.click();
    await new Promise((r) => setTimeout(r, 5));
  });
};

describe('App history', () => {
  describe('when the publisher changed and differs from what the user saw', () => {
    const analysis: Analysis = {
      version: '4.0.0',
      warnings: [
        {
          kind: 'publisher-changed',
          version: '4.0.0',
          identity: EVIL,
          previous: { version: '3.0.0', identity: GOOD },
        },
      ],
      alerts: [{ kind: 'identity-differs', remembered: GOOD, got: EVIL, message: '' }],
      identity: EVIL,
      memory: {
        seen: [{ ...GOOD, firstSeen: 1, lastSeen: 1, version: '3.0.0' }],
        hadProvenance: true,
      },
    };

    it('shows amber warnings above the files, naming both identities', async () => {
      const { el } = await mountWith({
        getTabState: () => ({ ...tab([VERIFIED]), analysis }),
        getAnalysis: () => analysis,
        getTimeline: () => NO_TIMELINE,
      });
      const warnings = [...el.querySelectorAll<HTMLElement>('[data-testid="warning"]')];
      expect(warnings.map((w) => w.dataset.kind)).toEqual([
        'publisher-changed',
        'identity-differs',
      ]);
      expect(warnings[0]?.textContent).toContain(
        'Publisher changed in 4.0.0: now GitHub · evil/sampleproject · release.yml; 3.0.0 was signed by GitHub · pypa/sampleproject · release.yml.',
      );
      expect(warnings[0]?.className).toContain('warning-warning');
      const files = byTestId(el, 'file-row');
      expect(
        warnings[1]!.compareDocumentPosition(files!) & Node.DOCUMENT_POSITION_FOLLOWING,
      ).toBeTruthy();
      expect(byTestId(el, 'release-summary')?.dataset.state).toBe('verified');
    });

    it('accepts the new identity, then asks for the analysis again', async () => {
      let current = analysis;
      const { el, calls } = await mountWith({
        getTabState: () => tab([VERIFIED]),
        getAnalysis: () => current,
        getTimeline: () => NO_TIMELINE,
        memoryAction: () => {
          const memory = {
            ...analysis.memory!,
            seen: [
              ...analysis.memory!.seen,
              { ...EVIL, firstSeen: 2, lastSeen: 2, version: '4.0.0' },
            ],
          };
          current = { ...analysis, alerts: [], memory };
          return memory;
        },
      });
      await click(byTestId(el, 'accept-identity'));
      expect(calls.filter((c) => c.type === 'memoryAction').map((c) => c.payload)).toEqual([
        {
          action: 'accept',
          index: 'https://pypi.org',
          project: 'sampleproject',
          version: '4.0.0',
          identity: EVIL,
        },
      ]);
      expect(calls.filter((c) => c.type === 'getAnalysis')).toHaveLength(2);
      expect(
        [...el.querySelectorAll<HTMLElement>('[data-testid="warning"]')].map((w) => w.dataset.kind),
      ).toEqual(['publisher-changed']);
    });
  });

  describe('pinning', () => {
    const first: Analysis = {
      version: '4.0.0',
      warnings: [],
      alerts: [],
      identity: GOOD,
      memory: {
        seen: [{ ...GOOD, firstSeen: 1, lastSeen: 1, version: '4.0.0' }],
        hadProvenance: true,
      },
    };

    it('pins the release’s identity, shows it, and unpins it', async () => {
      let memory = first.memory;
      const { el, calls } = await mountWith({
        getTabState: () => tab([VERIFIED]),
        getAnalysis: () => ({ ...first, memory }),
        getTimeline: () => NO_TIMELINE,
        memoryAction: (req) => {
          memory =
            req.action === 'pin'
              ? { ...first.memory!, pinned: req.identity! }
              : { ...first.memory! };
          return memory;
        },
      });
      expect(byTestId(el, 'pinned-identity')).toBeNull();
      expect(byTestId(el, 'unpin-identity')).toBeNull();
      await click(byTestId(el, 'pin-identity'));
      expect(calls.find((c) => c.type === 'memoryAction')?.payload).toMatchObject({
        action: 'pin',
        identity: GOOD,
        version: '4.0.0',
      });
      expect(byTestId(el, 'pinned-identity')?.textContent).toBe(
        'GitHub · pypa/sampleproject · release.yml',
      );
      expect(byTestId(el, 'pin-identity')).toBeNull();
      await click(byTestId(el, 'unpin-identity'));
      expect(byTestId(el, 'pinned-identity')).toBeNull();
      expect(byTestId(el, 'forget-project')).not.toBeNull();
    });

    it('shows a pin violation strongly, without calling the release failed', async () => {
      const violated: Analysis = {
        ...first,
        identity: EVIL,
        memory: { ...first.memory!, pinned: GOOD },
        alerts: [{ kind: 'pin-violation', pinned: GOOD, got: EVIL, message: '' }],
      };
      const { el } = await mountWith({
        getTabState: () => tab([VERIFIED]),
        getAnalysis: () => violated,
        getTimeline: () => NO_TIMELINE,
      });
      const warning = el.querySelector<HTMLElement>('[data-testid="warning"]');
      expect(warning?.dataset.kind).toBe('pin-violation');
      expect(warning?.className).toContain('warning-violation');
      expect(warning?.textContent).toContain('Pin violated');
      expect(byTestId(el, 'release-summary')?.dataset.state).toBe('verified');
      expect(byTestId(el, 'pin-identity')?.textContent).toBe('Pin this publisher instead');
    });
  });

  describe('the publisher timeline', () => {
    const entry = (version: string, identity?: Identity): TimelineEntry => ({
      version,
      filename: `sampleproject-${version}.tar.gz`,
      result: identity
        ? { ...VERIFIED, filename: `sampleproject-${version}.tar.gz` }
        : {
            filename: `sampleproject-${version}.tar.gz`,
            state: 'none',
            code: 'NO_PROVENANCE',
            message: 'none',
          },
      ...(identity && { identity }),
    });

    it('lists releases newest first with state and identity, and loads older ones', async () => {
      const { el, calls } = await mountWith({
        getTabState: () => tab([VERIFIED]),
        getAnalysis: () => ({ version: '4.0.0', warnings: [], alerts: [], memory: null }),
        getTimeline: (req) =>
          req.offset === 0
            ? { entries: [entry('4.0.0', EVIL), entry('3.0.0', GOOD)], releases: 3, hasMore: true }
            : { entries: [entry('2.0.0')], releases: 3, hasMore: false },
      });
      const rows = () => [...el.querySelectorAll<HTMLElement>('[data-testid="timeline-entry"]')];
      expect(rows().map((r) => [r.dataset.version, r.dataset.state, r.dataset.changed])).toEqual([
        ['4.0.0', 'verified', 'true'],
        ['3.0.0', 'verified', 'false'],
      ]);
      expect(rows()[0]?.textContent).toContain('GitHub · evil/sampleproject · release.yml');
      expect(rows()[0]?.getAttribute('aria-current')).toBe('true');
      // Collapsed at first (the popup opens compact), its entries already in the page.
      expect(byTestId(el, 'timeline-toggle')?.getAttribute('aria-expanded')).toBe('false');
      await click(byTestId(el, 'timeline-toggle'));
      expect(byTestId(el, 'timeline-toggle')?.getAttribute('aria-expanded')).toBe('true');
      await click(byTestId(el, 'timeline-more'));
      expect(calls.filter((c) => c.type === 'getTimeline').map((c) => c.payload)).toEqual([
        { index: 'https://pypi.org', project: 'sampleproject', limit: 20, offset: 0 },
        { index: 'https://pypi.org', project: 'sampleproject', limit: 20, offset: 2 },
      ]);
      expect(rows().map((r) => r.dataset.state)).toEqual(['verified', 'verified', 'none']);
      expect(byTestId(el, 'timeline-more')).toBeNull();
    });

    it('starts collapsed behind a keyboard-reachable button', async () => {
      const files = [1, 2, 3, 4, 5].map((i) => ({ ...VERIFIED, filename: `f${i}.whl` }));
      const { el } = await mountWith({
        getTabState: () => tab(files),
        getAnalysis: () => ({ version: '4.0.0', warnings: [], alerts: [], memory: null }),
        getTimeline: () => ({ entries: [entry('4.0.0', GOOD)], releases: 1, hasMore: false }),
      });
      const toggle = byTestId(el, 'timeline-toggle');
      expect(toggle?.tagName).toBe('BUTTON');
      expect(toggle?.getAttribute('aria-expanded')).toBe('false');
      expect(el.querySelector<HTMLElement>('#timeline-body')?.hidden).toBe(true);
      await click(toggle);
      expect(toggle?.getAttribute('aria-expanded')).toBe('true');
      expect(el.querySelector<HTMLElement>('#timeline-body')?.hidden).toBe(false);
    });

    it('says why it could not be loaded, and tries again', async () => {
      let fail = true;
      const { el } = await mountWith({
        getTabState: () => tab([VERIFIED]),
        getAnalysis: () => ({ version: '4.0.0', warnings: [], alerts: [], memory: null }),
        getTimeline: () =>
          fail
            ? { ...NO_TIMELINE, error: { code: 'NETWORK_ERROR', message: 'pypi.org is offline' } }
            : { entries: [entry('4.0.0', GOOD)], releases: 1, hasMore: false },
      });
      expect(byTestId(el, 'timeline-error')?.textContent).toContain('pypi.org is offline');
      fail = false;
      await click(byTestId(el, 'timeline-retry'));
      expect(el.querySelectorAll('[data-testid="timeline-entry"]')).toHaveLength(1);
    });
  });

  describe('risk hints and the trust root', () => {
    it('lists the verified signer’s risk hints as neutral notes', async () => {
      if (VERIFIED.state !== 'verified') throw new Error('fixture');
      const attestation = VERIFIED.attestations[0]!;
      const fromBranch: FileResult = {
        ...VERIFIED,
        attestations: [
          { ...attestation, signer: { ...attestation.signer, ref: 'refs/heads/main' } },
        ],
      };
      const { el } = await mountWith({
        getTabState: () => tab([fromBranch]),
        getAnalysis: () => ({ version: '4.0.0', warnings: [], alerts: [], memory: null }),
        getTimeline: () => NO_TIMELINE,
      });
      const hints = [...el.querySelectorAll<HTMLElement>('[data-testid="risk-hint"]')];
      expect(hints.map((h) => h.dataset.code)).toEqual(['BRANCH_REF', 'NO_ENVIRONMENT']);
      expect(hints[0]?.textContent).toContain('Built from the branch main, not from a tag.');
    });

    it('shows the root’s dates, and a notice once Sigstore has published a newer root', async () => {
      const bundled = '2026-01-02T00:00:00.000Z';
      const info = INFO(bundled, -20);
      const { el } = await mountWith({ getInfo: () => info, getTabState: () => null });
      expect(byTestId(el, 'trust-info')?.textContent).toBe(
        'Extension 0.2.0 · Sigstore trust root with keys up to 2025-09-23, bundled 2026-01-02',
      );
      expect(byTestId(el, 'trust-stale')?.textContent).toBe(
        `Sigstore has published a newer trust root since ${info.trust.newerRootDueAt?.slice(0, 10)}; this extension’s has keys up to 2025-09-23: update the extension to check newer attestations.`,
      );
    });

    it('shows no notice for a recent root', async () => {
      const { el } = await mountWith({
        getInfo: () => INFO(new Date().toISOString()),
        getTabState: () => null,
      });
      expect(byTestId(el, 'trust-info')).not.toBeNull();
      expect(byTestId(el, 'trust-stale')).toBeNull();
    });

    it('says an outdated root does not explain a certificate it does not know', async () => {
      const failed: FileResult = {
        filename: 'sampleproject-4.0.0.tar.gz',
        state: 'failed',
        code: 'UNTRUSTED_CERTIFICATE',
        message: 'The signing certificate does not chain to a trusted Fulcio CA.',
      };
      const { el } = await mountWith({
        getInfo: () => INFO('2026-01-02T00:00:00.000Z'),
        getTabState: () => ({ ...tab([failed]), state: 'failed' }),
        getAnalysis: () => ({ version: '4.0.0', warnings: [], alerts: [], memory: null }),
        getTimeline: () => NO_TIMELINE,
      });
      expect(byTestId(el, 'trust-root-hint')?.textContent).toContain(
        'The Sigstore trust root (keys up to 2025-09-23) does not know this certificate authority, and an outdated root does not explain it',
      );
    });

    it('says to update the extension for a file the trust root is too old for', async () => {
      const outdated: FileResult = {
        filename: 'sampleproject-4.0.0.tar.gz',
        state: 'unsupported',
        code: 'TRUST_ROOT_OUTDATED',
        message: 'signed on 2026-01-05 through a certificate authority that …',
      };
      const { el } = await mountWith({
        getInfo: () => INFO('2026-01-02T00:00:00.000Z'),
        getTabState: () => ({ ...tab([outdated]), state: 'unsupported' }),
        getAnalysis: () => ({ version: '4.0.0', warnings: [], alerts: [], memory: null }),
        getTimeline: () => NO_TIMELINE,
      });
      expect(byTestId(el, 'file-details')?.dataset.state).toBe('unsupported');
      expect(byTestId(el, 'trust-root-hint')?.textContent).toBe(
        "It was signed through a Sigstore authority newer than this extension's trust root: update the extension to check it. Turning on the daily refresh of the trust root (options page) may also help.",
      );
    });
  });
});
