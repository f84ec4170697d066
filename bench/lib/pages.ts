/**
 * Page → final badge latency on the fake pypi.org: from navigation start (the page's time
 * origin) until the summary badge's `data-provenance-summary` leaves `pending`, seen by a
 * MutationObserver the benchmark adds to every page (main world; the DOM is shared with the
 * content script's isolated world). Also from the badge's insertion (the DOM is ready; the
 * content script started at document_start and asked for the release then) to the final state.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { stopWorker, type Session } from './browser.js';

interface DomNode {
  nodeType: number;
  nodeName: string;
  nodeValue?: string;
  attributes?: string[];
  children?: DomNode[];
  shadowRoots?: DomNode[];
}

/**
 * The summary badge's text, read through its closed shadow root with the DevTools DOM domain
 * (which pierces shadow roots): what the user would read when the state is not the expected one.
 */
async function summaryText(page: Page): Promise<string> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as {
      root: DomNode;
    };
    const text = (n: DomNode): string =>
      n.nodeName === 'STYLE'
        ? ''
        : (n.nodeType === 3 ? (n.nodeValue ?? '') : '') +
          [...(n.shadowRoots ?? []), ...(n.children ?? [])].map(text).join(' ');
    const find = (n: DomNode): DomNode | undefined => {
      if (n.attributes?.includes('data-provenance-summary')) return n;
      for (const c of [...(n.shadowRoots ?? []), ...(n.children ?? [])]) {
        const hit = find(c);
        if (hit) return hit;
      }
      return undefined;
    };
    const host = find(root);
    return host ? text(host).replace(/\s+/g, ' ').trim().slice(0, 300) : 'no summary badge';
  } catch (e) {
    return `summary text unreadable: ${String(e)}`;
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

interface Done {
  __ppShown?: number;
  __ppDone?: number;
  __ppState?: string;
  /** Called once the summary is final (set by `summaryFinal`). */
  __ppWake?: () => void;
}

/**
 * Resolves once the page's summary is final: one DevTools call that the page answers when its
 * observer sees the final state, rather than polling (twenty tabs polled every 50 ms made
 * 400 calls a second through the browser and every renderer, CPU taken from what is measured).
 */
export async function summaryFinal(page: Page, timeoutMs = 120_000): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      page.evaluate(
        () =>
          new Promise<void>((resolve) => {
            const w = globalThis as unknown as Done;
            if (w.__ppDone !== undefined) resolve();
            else w.__ppWake = resolve;
          }),
      ),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`${page.url()}: no final summary after ${timeoutMs} ms`)),
          timeoutMs,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export interface Latency {
  /** Navigation start → final summary state. */
  ms: number;
  /** Summary badge inserted (the content script started) → final state: the extension's part. */
  extMs: number;
  /**
   * Navigation start → the page's DOMContentLoaded: the page's own part, before which no
   * badge can be placed (the Download-files rows come after the description).
   */
  domMs: number;
}

/**
 * Records, in every page, when our summary badge appears and when it leaves `pending`. Only
 * the mutations themselves are looked at (the nodes added, the attribute changed), never the
 * whole document: a query of the document per batch of mutations cost a page with a 1 MB
 * description (thousands of batches while it is parsed) time of its own.
 */
export async function observeSummaries(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const w = globalThis as unknown as Done;
    const ATTR = 'data-provenance-summary';
    const seen = (el: Element) => {
      if (w.__ppShown === undefined) w.__ppShown = performance.now();
      const state = el.getAttribute(ATTR);
      if (state && state !== 'pending' && w.__ppDone === undefined) {
        w.__ppDone = performance.now();
        w.__ppState = state;
        w.__ppWake?.();
      }
    };
    new MutationObserver((records) => {
      if (w.__ppDone !== undefined) return;
      for (const r of records) {
        if (r.type === 'attributes') {
          if (r.target instanceof Element) seen(r.target);
          continue;
        }
        for (const node of r.addedNodes) {
          if (!(node instanceof Element)) continue;
          const el = node.hasAttribute(ATTR) ? node : node.querySelector(`[${ATTR}]`);
          if (el) seen(el);
        }
      }
    }).observe(document, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['data-provenance-summary'],
    });
  });
}

/**
 * Readies a session just launched for a cold visit: its pages' summaries observed, and its
 * worker asleep (stopped, as Chromium stops an idle one).
 */
export async function asleep(s: Session): Promise<Session> {
  await observeSummaries(s.context);
  await stopWorker(s);
  return s;
}

/**
 * Opens `url` in a new tab; returns how long until the summary badge's final state.
 * `settled`, when given, is awaited before the tab closes: the background work the page
 * started after its final badge (the history analysis) ends before the next measurement, as
 * it would between two visits by a person, rather than running into it.
 */
export async function pageLatency(
  context: BrowserContext,
  url: string,
  expected = 'verified',
  settled?: () => Promise<void>,
): Promise<Latency> {
  const page = await context.newPage();
  try {
    await page.goto(url, { waitUntil: 'commit' });
    await summaryFinal(page);
    const r = await page.evaluate(() => {
      const w = globalThis as unknown as Done;
      const nav = performance.getEntriesByType('navigation')[0] as
        PerformanceNavigationTiming | undefined;
      return {
        ms: w.__ppDone as number,
        shown: w.__ppShown as number,
        state: w.__ppState as string,
        dom: nav?.domContentLoadedEventStart ?? NaN,
      };
    });
    if (r.state !== expected) {
      const files = await page.evaluate(() =>
        [...document.querySelectorAll('[data-provenance-file]')]
          .map(
            (e) =>
              `${e.getAttribute('data-provenance-file')}: ${e.getAttribute('data-provenance-state')}`,
          )
          .filter((line) => !line.endsWith(': verified')),
      );
      const text = await summaryText(page);
      throw new Error(
        `${url}: summary ${r.state}, expected ${expected} (${text}; files: ${files.slice(0, 5).join(', ') || 'none listed'})`,
      );
    }
    await settled?.();
    return { ms: r.ms, extMs: r.ms - r.shown, domMs: r.dom };
  } finally {
    await page.close();
  }
}
