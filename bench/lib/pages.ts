/**
 * Page → final badge latency on the fake pypi.org: from navigation start (the page's time
 * origin) until the summary badge's `data-provenance-summary` leaves `pending`, seen by a
 * MutationObserver the benchmark adds to every page (main world; the DOM is shared with the
 * content script's isolated world). Also from the badge's insertion (the content script
 * started, at document_idle) to the final state: the part the page's own loading leaves out.
 */
import type { BrowserContext } from '@playwright/test';

interface Done {
  __ppShown?: number;
  __ppDone?: number;
  __ppState?: string;
}

export interface Latency {
  /** Navigation start → final summary state. */
  ms: number;
  /** Summary badge inserted (the content script started) → final state: the extension's part. */
  extMs: number;
}

export async function observeSummaries(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const w = globalThis as unknown as Done;
    const check = () => {
      if (w.__ppDone !== undefined) return;
      const el = document.querySelector('[data-provenance-summary]');
      if (el && w.__ppShown === undefined) w.__ppShown = performance.now();
      const state = el?.getAttribute('data-provenance-summary');
      if (state && state !== 'pending') {
        w.__ppDone = performance.now();
        w.__ppState = state;
      }
    };
    new MutationObserver(check).observe(document, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['data-provenance-summary'],
    });
  });
}

/** Opens `url` in a new tab; returns how long until the summary badge's final state. */
export async function pageLatency(
  context: BrowserContext,
  url: string,
  expected = 'verified',
): Promise<Latency> {
  const page = await context.newPage();
  try {
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForFunction(() => (globalThis as unknown as Done).__ppDone !== undefined, null, {
      timeout: 120_000,
      polling: 20,
    });
    const r = await page.evaluate(() => {
      const w = globalThis as unknown as Done;
      return {
        ms: w.__ppDone as number,
        shown: w.__ppShown as number,
        state: w.__ppState as string,
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
      const text = await page.evaluate(() => {
        const host = document.querySelector('[data-provenance-summary]');
        return (host?.shadowRoot?.textContent ?? host?.textContent ?? '').trim().slice(0, 300);
      });
      throw new Error(
        `${url}: summary ${r.state}, expected ${expected} (${text}; files: ${files.slice(0, 5).join(', ') || 'none listed'})`,
      );
    }
    return { ms: r.ms, extMs: r.ms - r.shown };
  } finally {
    await page.close();
  }
}
