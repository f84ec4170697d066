/**
 * Our three elements on a PyPI project page: the summary badge by the project name, a badge
 * per file row, and a "Verified in your browser" card in each file's details panel. Each is a
 * host element carrying the test-contract data attributes, with a closed shadow root holding
 * the rendering (text only, allow-listed links).
 */
import type { AttestationSummary, FileResult, Publisher } from '../core/result.js';
import { safeHref } from '../shared/links.js';
import {
  commitUrl,
  repositoryName,
  rekorLinkText,
  runLabel,
  shortSha,
  workflowUrl,
} from '../shared/signer.js';
import { h } from './dom.js';
import { setOwned, type ATTRIBUTES } from './guard.js';
import { fileDescription, fileLabel, type SummaryView } from './labels.js';
import css from './styles.css?inline';

const ICON: Record<string, string> = {
  verified: '✓',
  partial: '◐',
  failed: '✗',
  none: '–',
  unsupported: '?',
  error: '!',
};

function mount(
  tag: 'span' | 'div',
  attrs: Record<string, string>,
): { host: HTMLElement; root: ShadowRoot } {
  const host = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) setOwned(host, k as (typeof ATTRIBUTES)[number], v);
  const root = host.attachShadow({ mode: 'closed' });
  const style = document.createElement('style');
  style.textContent = css;
  root.append(style);
  return { host, root };
}

function replace(root: ShadowRoot, ...nodes: Node[]): void {
  const [style] = root.children;
  root.replaceChildren(...(style ? [style] : []), ...nodes);
}

function stateIcon(state: string): Node {
  return state === 'pending'
    ? h('span', { class: 'spinner', 'aria-hidden': 'true' })
    : h('span', { class: 'icon', 'aria-hidden': 'true' }, ICON[state] ?? '');
}

export function link(url: string | undefined, text: string): Node {
  const href = safeHref(url);
  return href
    ? h('a', { href, target: '_blank', rel: 'noopener noreferrer' }, text)
    : document.createTextNode(text);
}

export interface SummaryBadge {
  host: HTMLElement;
  update(view: SummaryView): void;
}

export function createSummary(opts: {
  fallback: boolean;
  onOpen: () => void;
  onRetry: () => void;
}): SummaryBadge {
  const { host, root } = mount('div', { 'data-provenance-summary': 'pending' });
  return {
    host,
    update(view) {
      setOwned(host, 'data-provenance-summary', view.state);
      const pill = h(
        'button',
        {
          type: 'button',
          class: `pill ${view.state}`,
          title: 'Show the files and who signed them',
        },
        stateIcon(view.state),
        view.title,
      );
      pill.addEventListener('click', opts.onOpen);
      const retry = view.retry ? h('button', { type: 'button', class: 'retry' }, 'Retry') : null;
      retry?.addEventListener('click', opts.onRetry);
      replace(
        root,
        h(
          'div',
          {
            class: `summary${opts.fallback ? ' fallback' : ''}${view.state === 'failed' ? ' failed-summary' : ''}`,
            role: 'status',
            'aria-live': 'polite',
            'aria-label': `PyPI Provenance: ${view.title}${view.detail ? `. ${view.detail}` : ''}`,
          },
          pill,
          view.detail ? h('span', { class: 'detail' }, view.detail) : null,
          retry,
        ),
      );
    },
  };
}

export interface FileBadge {
  host: HTMLElement;
  update(result: FileResult): void;
}

export function createFileBadge(
  filename: string,
  opts: { onOpen: () => void; onRetry: () => void },
): FileBadge {
  const { host, root } = mount('span', {
    'data-provenance-file': filename,
    'data-provenance-state': 'pending',
  });
  return {
    host,
    update(result) {
      setOwned(host, 'data-provenance-state', result.state);
      const description = fileDescription(result);
      const pill = h(
        'button',
        {
          type: 'button',
          class: `pill file-badge ${result.state}`,
          title: description,
          'aria-label': description,
        },
        stateIcon(result.state),
        fileLabel(result),
      );
      pill.addEventListener('click', result.state === 'error' ? opts.onRetry : opts.onOpen);
      replace(root, pill);
    },
  };
}

function row(label: string, value: Node | string | undefined): Node[] {
  if (value === undefined || value === '') return [];
  return [h('dt', {}, label), h('dd', {}, value)];
}

const PREDICATES: Record<string, string> = {
  'https://docs.pypi.org/attestations/publish/v1': 'PyPI publish v1',
  'https://slsa.dev/provenance/v1': 'SLSA provenance v1',
};

function attestationDetails(a: AttestationSummary, publisher: Publisher | undefined): Node {
  const s = a.signer;
  const repo = repositoryName(s);
  return h(
    'dl',
    {},
    ...row('Publisher', publisher?.kind),
    ...row('Repository', repo ? link(s.repositoryUrl, repo) : undefined),
    ...row('Workflow', s.workflowPath ? link(workflowUrl(s), s.workflowPath) : undefined),
    ...row('Commit', s.commit ? link(commitUrl(s), shortSha(s.commit)) : undefined),
    ...row('Ref', s.ref),
    ...row('Trigger', s.trigger),
    ...row('Environment', s.environment),
    ...row('Runner', s.runner),
    ...row('Build log', s.runUrl ? link(s.runUrl, runLabel(s.runUrl)) : undefined),
    ...row('Identity', s.repositoryUrl ? undefined : s.identity),
    ...row('Issuer', s.issuer),
    ...row('Signed', a.signedAt ? new Date(a.signedAt).toUTCString() : undefined),
    ...row('Statement', PREDICATES[a.predicateType] ?? a.predicateType),
    ...a.tlogEntries.flatMap((e) => row('Transparency log', link(e.entryUrl, rekorLinkText(e)))),
  );
}

export interface DetailsCard {
  host: HTMLElement;
  update(result: FileResult): void;
}

export function createDetailsCard(filename: string, opts: { onRetry: () => void }): DetailsCard {
  const { host, root } = mount('div', { 'data-provenance-card': filename });
  return {
    host,
    update(result) {
      setOwned(host, 'data-provenance-state', result.state);
      const title: Record<FileResult['state'], string> = {
        verified: `✓ Verified in your browser`,
        failed: '✗ Verification FAILED in your browser',
        none: 'No provenance',
        unsupported: 'Provenance not checkable',
        error: "Couldn't check provenance",
        pending: 'Checking provenance in your browser…',
      };
      const body: (Node | null)[] = [];
      if (result.state === 'verified') {
        body.push(
          h(
            'p',
            {},
            "Every check passed here: the Sigstore certificate chain and transparency log proof, the signature, the file's name and sha256, and the signer against PyPI's Trusted Publisher.",
          ),
        );
        for (const a of result.attestations) body.push(attestationDetails(a, result.publisher));
      } else if (result.state === 'failed') {
        body.push(h('p', {}, h('strong', {}, result.code), ': ', result.message));
        body.push(
          h(
            'p',
            {},
            'Do not trust this file until you know why: the provenance PyPI serves for it did not pass verification.',
          ),
        );
      } else if (result.state === 'error') {
        const retry = h('button', { type: 'button', class: 'retry' }, 'Retry');
        retry.addEventListener('click', opts.onRetry);
        body.push(h('p', {}, result.message, ' '), retry);
      } else if (result.state === 'none' || result.state === 'unsupported') {
        body.push(h('p', {}, fileDescription(result)));
      }
      replace(
        root,
        h(
          'section',
          {
            class: `card ${result.state}`,
            'aria-live': 'polite',
            'aria-label': 'PyPI Provenance: verified in your browser',
          },
          h('h3', {}, title[result.state]),
          ...body,
        ),
      );
    },
  };
}

export interface WarningsView {
  host: HTMLElement;
  update(lines: { kind: string; text: string }[]): void;
}

/** Amber notes under the summary: history warnings and identity-memory alerts. */
export function createWarnings(): WarningsView {
  const { host, root } = mount('div', { 'data-provenance-warnings': '' });
  host.hidden = true;
  return {
    host,
    update(lines) {
      setOwned(host, 'data-provenance-warnings', lines.map((l) => l.kind).join(' '));
      host.hidden = lines.length === 0;
      replace(
        root,
        h(
          'ul',
          { class: 'warnings', role: 'status', 'aria-label': 'PyPI Provenance warnings' },
          ...lines.map((l) =>
            h(
              'li',
              { class: l.kind === 'pin-violation' ? 'warning violation' : 'warning' },
              `⚠ ${l.text}`,
            ),
          ),
        ),
      );
    },
  };
}
