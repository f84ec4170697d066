// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import type { FileResult } from '../core/result.js';
import type { TabState } from '../shared/messages.js';
import { App } from './App.js';
import { createPopupStore, type SendFn } from './store.js';

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
