/**
 * Reading what the content script shows on a PyPI page, through the product's test contract
 * only (product.md "Test contract": data attributes on the content script's host elements):
 * the summary and file badges' states, the text inside their closed shadow roots (through the
 * DevTools protocol, which sees them), the mouse and keyboard inside them, and every state the
 * summary and the warnings go through from the page's first moment.
 */
import type { Locator, Page } from '@playwright/test';
import { expect } from './fixtures.js';

/** Bounded waits (ms). A release with faults retries 2× with backoff (~2 s) in the worker. */
export const SETTLE_TIMEOUT = 20_000;

export const summaryBadge = (page: Page): Locator => page.locator('[data-provenance-summary]');

export const fileBadge = (page: Page, filename: string): Locator =>
  page.locator(`[data-provenance-file="${filename}"]`);

export const detailsCard = (page: Page, filename: string): Locator =>
  page.locator(`[data-provenance-card="${filename}"]`);

/**
 * Waits until the summary leaves `pending` and returns the state it settled on. The first
 * settled state is final (a release is pending until its last file is in, unless one failed),
 * so tests can assert it exactly: an error must never show up as failed or verified.
 */
export async function settledSummary(page: Page, timeout = SETTLE_TIMEOUT): Promise<string> {
  const badge = summaryBadge(page);
  await expect(badge).toHaveCount(1, { timeout });
  let state = 'pending';
  await expect
    .poll(
      async () => {
        state = (await badge.getAttribute('data-provenance-summary')) ?? 'missing';
        return state;
      },
      { timeout, message: 'the summary badge stays pending' },
    )
    .not.toBe('pending');
  return state;
}

/** Loads `url` and returns the state the summary settles on. */
export async function openRelease(page: Page, url: string): Promise<string> {
  const response = await page.goto(url);
  expect(response?.status(), `GET ${url}`).toBe(200);
  return settledSummary(page);
}

/** The file badges' states by filename. */
export async function fileStates(page: Page): Promise<Record<string, string | null>> {
  const badges = page.locator('[data-provenance-file]');
  const out: Record<string, string | null> = {};
  for (const badge of await badges.all()) {
    const name = await badge.getAttribute('data-provenance-file');
    if (name !== null) out[name] = await badge.getAttribute('data-provenance-state');
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Closed shadow roots: the DevTools protocol's pierced DOM tree includes them.

interface DomNode {
  nodeId: number;
  backendNodeId: number;
  nodeType: number;
  nodeName: string;
  nodeValue: string;
  attributes?: string[];
  children?: DomNode[];
  shadowRoots?: DomNode[];
}

function attr(node: DomNode, name: string): string | undefined {
  const a = node.attributes ?? [];
  for (let i = 0; i + 1 < a.length; i += 2) if (a[i] === name) return a[i + 1];
  return undefined;
}

function* walk(node: DomNode): Generator<DomNode> {
  yield node;
  for (const child of node.shadowRoots ?? []) yield* walk(child);
  for (const child of node.children ?? []) yield* walk(child);
}

function textOf(node: DomNode): string {
  if (node.nodeType === 3) return node.nodeValue;
  if (node.nodeName === 'STYLE' || node.nodeName === 'SCRIPT') return '';
  const parts = [...(node.shadowRoots ?? []), ...(node.children ?? [])].map(textOf);
  // Block-ish boundaries as spaces so words from adjacent elements do not run together.
  return parts.join(node.nodeType === 1 ? ' ' : '');
}

/** One host element (by attribute name and value) with its shadow tree, as the DevTools see it. */
async function shadowHost(
  page: Page,
  name: string,
  value?: string,
): Promise<{
  host: DomNode;
  send: (method: string, params?: object) => Promise<unknown>;
  done: () => Promise<void>;
}> {
  const cdp = await page.context().newCDPSession(page);
  const send = (method: string, params?: object) =>
    cdp.send(method as 'DOM.getDocument', params as never) as Promise<unknown>;
  const { root } = (await send('DOM.getDocument', { depth: -1, pierce: true })) as {
    root: DomNode;
  };
  const host = [...walk(root)].find((n) => {
    const v = attr(n, name);
    return v !== undefined && (value === undefined || v === value);
  });
  if (!host) {
    await cdp.detach();
    throw new Error(`no element with ${name}${value === undefined ? '' : `="${value}"`}`);
  }
  return { host, send, done: () => cdp.detach() };
}

/** The text rendered inside an element's closed shadow root (styles excluded). */
export async function shadowText(page: Page, name: string, value?: string): Promise<string> {
  const { host, done } = await shadowHost(page, name, value);
  await done();
  return (host.shadowRoots ?? []).map(textOf).join(' ').replace(/\s+/g, ' ').trim();
}

/**
 * A details card's text. Cards are built when first on screen (a details panel opened), so
 * this scrolls the card into view as a reader would, then waits for its content.
 */
export async function cardText(page: Page, filename: string): Promise<string> {
  const card = detailsCard(page, filename);
  await card.scrollIntoViewIfNeeded();
  let text = '';
  await expect
    .poll(async () => (text = await shadowText(page, 'data-provenance-card', filename)), {
      timeout: SETTLE_TIMEOUT,
    })
    .not.toBe('');
  return text;
}

/**
 * Clicks, with the real mouse, the button labelled `label` inside the closed shadow root of
 * the element with attribute `name` (= `value`): its position comes from the DevTools protocol.
 */
export async function clickInShadow(
  page: Page,
  label: string,
  name: string,
  value?: string,
): Promise<void> {
  const { host, send, done } = await shadowHost(page, name, value);
  try {
    const button = (host.shadowRoots ?? [])
      .flatMap((r) => [...walk(r)])
      .find((n) => n.nodeName === 'BUTTON' && textOf(n).trim() === label);
    if (!button) throw new Error(`no "${label}" button in the shadow root of [${name}]`);
    await send('DOM.scrollIntoViewIfNeeded', { backendNodeId: button.backendNodeId });
    const { quads } = (await send('DOM.getContentQuads', {
      backendNodeId: button.backendNodeId,
    })) as { quads: number[][] };
    const q = quads[0];
    if (!q || q.length < 8) throw new Error(`the "${label}" button has no box`);
    const x = (q[0]! + q[2]! + q[4]! + q[6]!) / 4;
    const y = (q[1]! + q[3]! + q[5]! + q[7]!) / 4;
    // The point must hit our host (the page sees a shadow root's content as its host).
    const hit = await page.evaluate(
      ([px, py, attrName]) => document.elementFromPoint(px, py)?.hasAttribute(attrName) ?? false,
      [x, y, name] as const,
    );
    expect(hit, `the point (${x}, ${y}) is not on [${name}]`).toBe(true);
    await page.mouse.click(x, y);
  } finally {
    await done();
  }
}

/**
 * Moves keyboard focus with Tab until it is inside the element with attribute `name` (a
 * shadow host: the page sees focus inside a shadow root as focus on its host), at most `max`
 * presses. Returns how many presses it took.
 */
export async function tabInto(page: Page, name: string, max = 40): Promise<number> {
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((a) => document.activeElement?.hasAttribute(a) ?? false, name)) {
      return i;
    }
  }
  throw new Error(`Tab never reached [${name}] in ${max} presses`);
}

/** Whether keyboard focus is inside the element with attribute `name`. */
export function focusIsOn(page: Page, name: string): Promise<boolean> {
  return page.evaluate((a) => document.activeElement?.hasAttribute(a) ?? false, name);
}

// ---------------------------------------------------------------------------------------------
// Every state the summary badge goes through, recorded in the page from its first moment.

/**
 * Records, from before the page's scripts run, each distinct `data-provenance-summary` value
 * in order (call before `goto`). Read it with `summaryHistory`.
 */
export async function trackSummary(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __summaryStates: string[] }).__summaryStates = seen;
    new MutationObserver(() => {
      const value = document
        .querySelector('[data-provenance-summary]')
        ?.getAttribute('data-provenance-summary');
      if (value && seen[seen.length - 1] !== value) seen.push(value);
    }).observe(document, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['data-provenance-summary'],
    });
  });
}

export function summaryHistory(page: Page): Promise<string[]> {
  return page.evaluate(() => [
    ...((window as unknown as { __summaryStates?: string[] }).__summaryStates ?? []),
  ]);
}

// ---------------------------------------------------------------------------------------------
// History warnings and identity alerts on the page (issue 4).

/**
 * Counts, from before the page's scripts run, each time the content script sets the
 * warnings host's `data-provenance-warnings` (call before `goto`). The content script sets it
 * once the release's analysis is in, also when there is nothing to say (an empty list), so
 * `settledWarnings` can tell "no warning" from "not analysed yet".
 */
export async function trackWarnings(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __warningUpdates: string[] };
    w.__warningUpdates = [];
    new MutationObserver((records) => {
      for (const r of records) {
        if (r.type === 'attributes' && r.target instanceof Element) {
          w.__warningUpdates.push(r.target.getAttribute('data-provenance-warnings') ?? '');
        }
      }
    }).observe(document, {
      subtree: true,
      attributes: true,
      attributeFilter: ['data-provenance-warnings'],
    });
  });
}

/**
 * Waits until the content script has shown the release's analysis (see `trackWarnings`) and
 * returns the warning kinds on the page, as `data-provenance-warnings` lists them.
 */
export async function settledWarnings(page: Page, timeout = SETTLE_TIMEOUT): Promise<string[]> {
  await expect
    .poll(
      () =>
        page.evaluate(
          () =>
            (window as unknown as { __warningUpdates?: string[] }).__warningUpdates?.length ?? -1,
        ),
      { timeout, message: 'the content script never showed the release analysis (warnings)' },
    )
    .toBeGreaterThan(0);
  const host = page.locator('[data-provenance-warnings]');
  await expect(host).toHaveCount(1);
  const value = (await host.getAttribute('data-provenance-warnings')) ?? '';
  return value.split(' ').filter((k) => k !== '');
}

/** The summary host's `data-provenance-alert` kinds (test contract), once analysed. */
export async function summaryAlertKinds(page: Page): Promise<string[]> {
  const value =
    (await page.locator('[data-provenance-summary]').getAttribute('data-provenance-alert')) ?? '';
  return value.split(' ').filter((k) => k !== '');
}

/** Loads a release page (tracking its warnings), waits for its summary and its analysis. */
export async function openAnalysedRelease(
  page: Page,
  url: string,
): Promise<{ summary: string; warnings: string[] }> {
  await trackWarnings(page);
  const summary = await openRelease(page, url);
  return { summary, warnings: await settledWarnings(page) };
}
