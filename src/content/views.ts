/**
 * Our three elements on a PyPI project page: the summary badge by the project name, a badge
 * per file row, and a "Verified in your browser" card in each file's details panel. Each is a
 * host element carrying the test-contract data attributes, with a closed shadow root holding
 * the rendering (text only, allow-listed links).
 */
import { safeHref } from '../shared/links.js';
import type { SummaryAlert, ViewedResult } from '../shared/view-model.js';
import { h } from './dom.js';
import { setOwned, type OwnedAttribute } from './guard.js';
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

/** A closed shadow root with our styles. */
function mount(host: HTMLElement): ShadowRoot {
  const root = host.attachShadow({ mode: 'closed' });
  const style = document.createElement('style');
  style.textContent = css;
  root.append(style);
  return root;
}

function create(
  tag: 'span' | 'div',
  attrs: Partial<Record<OwnedAttribute, string>>,
): { host: HTMLElement; root: ShadowRoot } {
  const host = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) setOwned(host, k as OwnedAttribute, v);
  return { host, root: mount(host) };
}

function replace(root: ShadowRoot, ...nodes: Node[]): void {
  const [style] = root.children;
  root.replaceChildren(...(style ? [style] : []), ...nodes);
}

/**
 * Nothing on the page moves: a pending mark is a still ◌, and the summary counts the files
 * checked. One spinning mark per tab kept each renderer and the compositor drawing frames
 * while the tab was checked: twenty tabs opened together spent half the machine's time on
 * it (issue 12 §2, bench `tabs`).
 */
function stateIcon(state: string): Node {
  return h('span', { class: 'icon', 'aria-hidden': 'true' }, ICON[state] ?? '◌');
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
  /** The release's warning, which changes the mark itself (words, look, alert kinds). */
  alert(alert: SummaryAlert | undefined): void;
}

export function createSummary(opts: {
  fallback: boolean;
  onOpen: () => void;
  onRetry: () => void;
}): SummaryBadge {
  const { host, root } = create('div', {
    'data-provenance-summary': 'pending',
    'data-provenance-alert': '',
  });
  let last: SummaryView | undefined;
  let warning: SummaryAlert | undefined;
  const render = (view: SummaryView): void => {
    setOwned(host, 'data-provenance-summary', view.state);
    setOwned(host, 'data-provenance-alert', warning?.kinds.join(' ') ?? '');
    // A failed file, an error or a check under way say more than a warning: they keep their look.
    const shown =
      warning && view.state !== 'failed' && view.state !== 'error' && view.state !== 'pending'
        ? warning
        : undefined;
    const title = shown?.title ?? view.title;
    const detail = shown?.detail ?? view.detail;
    const pill = h(
      'button',
      {
        type: 'button',
        class: `pill ${shown ? `alert-${shown.severity}` : view.state}`,
        title: 'Show the files and who signed them',
      },
      shown ? '⚠' : stateIcon(view.state),
      title,
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
          role: 'status', // implies aria-live="polite"
          'aria-label': `PyPI Provenance: ${title}${detail ? `. ${detail}` : ''}`,
        },
        pill,
        detail ? h('span', { class: 'detail' }, detail) : null,
        retry,
      ),
    );
  };
  return {
    host,
    update(view) {
      last = view;
      render(view);
    },
    alert(next) {
      warning = next;
      if (last) render(last);
    },
  };
}

/**
 * A neutral note where the summary would be, on a page showing a release the index does not
 * serve (quarantined by PyPI, removed): no release state, so no `data-provenance-summary`.
 */
export function createNote(): HTMLElement {
  const { host, root } = create('div', { 'data-provenance-note': '' });
  replace(
    root,
    h(
      'p',
      { class: 'summary detail', role: 'status' },
      'PyPI Provenance: nothing to check, PyPI serves no files of this release',
    ),
  );
  return host;
}

export interface FileBadge {
  host: HTMLElement;
  update(result: ViewedResult): void;
}

export function createFileBadge(
  filename: string,
  opts: { onOpen: () => void; onRetry: () => void },
): FileBadge {
  const { host, root } = create('span', {
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

/** Runs `render` once `host` is on screen (a details panel opened), or at once without IntersectionObserver. */
let visible: IntersectionObserver | undefined;
const onVisible = new WeakMap<Element, () => void>();
function whenVisible(host: HTMLElement, render: () => void): void {
  if (typeof IntersectionObserver === 'undefined') return render();
  visible ??= new IntersectionObserver((entries) => {
    for (const e of entries) {
      if (!e.isIntersecting) continue;
      visible?.unobserve(e.target);
      onVisible.get(e.target)?.();
    }
  });
  onVisible.set(host, render);
  visible.observe(host);
}

export interface DetailsCard {
  host: HTMLElement;
  update(result: ViewedResult): void;
}

/**
 * The "Verified in your browser" card in a file's details panel. Its host (and state
 * attribute) is placed at once; its content is built only when the panel is first shown, so a
 * 60-file page renders 60 badges, not 60 hidden cards.
 */
export function createDetailsCard(filename: string, opts: { onRetry: () => void }): DetailsCard {
  const host = document.createElement('div');
  setOwned(host, 'data-provenance-card', filename);
  let root: ShadowRoot | undefined;
  let latest: ViewedResult = { filename, state: 'pending' };
  const render = () => {
    root ??= mount(host);
    const result = latest;
    const card = result.view?.card;
    const body: Node[] = (card?.text ?? []).map((t) => h('p', {}, t));
    if (result.state === 'error') {
      const retry = h('button', { type: 'button', class: 'retry' }, 'Retry');
      retry.addEventListener('click', opts.onRetry);
      if (!card) body.push(h('p', {}, result.message));
      body.push(retry);
    }
    for (const rows of card?.details ?? []) {
      body.push(
        h(
          'dl',
          {},
          ...rows.flatMap((r) => [h('dt', {}, r.label), h('dd', {}, link(r.href, r.text))]),
        ),
      );
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
        h(
          'h3',
          {},
          card?.title ??
            (result.state === 'error'
              ? "Couldn't check provenance"
              : 'Checking provenance in your browser…'),
        ),
        ...body,
      ),
    );
  };
  whenVisible(host, render);
  return {
    host,
    update(result) {
      setOwned(host, 'data-provenance-state', result.state);
      latest = result;
      if (root) render();
    },
  };
}

export interface WarningsView {
  host: HTMLElement;
  update(lines: { kind: string; text: string }[]): void;
}

/** Amber notes under the summary: history warnings and identity-memory alerts. */
export function createWarnings(): WarningsView {
  const { host, root } = create('div', { 'data-provenance-warnings': '' });
  host.hidden = true;
  return {
    host,
    update(lines) {
      setOwned(host, 'data-provenance-warnings', lines.map((l) => l.kind).join(' '));
      host.hidden = lines.length === 0;
      replace(
        root,
        // A live region of paragraphs (a list loses its semantics under role=status).
        h(
          'div',
          { class: 'warnings', role: 'status', 'aria-label': 'PyPI Provenance warnings' },
          ...lines.map((l) =>
            h(
              'p',
              { class: l.kind === 'pin-violation' ? 'warning violation' : 'warning' },
              `⚠ ${l.text}`,
            ),
          ),
        ),
      );
    },
  };
}
