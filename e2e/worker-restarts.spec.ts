/**
 * Issue 12 §4, a worker that stops: Chrome stops an idle MV3 worker after ~30 s and may stop a
 * busy one; here DevTools' `ServiceWorker.stopAllWorkers` stops it at chosen moments.
 *  - Stopped in the middle of a cold 60-file page, the worker resumes: the page ends right, and
 *    the index is asked for each file's provenance and for the listing once in all.
 *  - Stopped at any point of its start (module evaluation, the listeners, the first message),
 *    it still answers every page.
 *  - While the page cannot reach it at all, the page says it is checking (never `error`), keeps
 *    asking in the background, and ends right once the worker answers, without a reload.
 */
import type { BrowserContext, CDPSession, Page } from '@playwright/test';
import { release60 } from '../bench/lib/inputs.js';
import { expect, test } from './fixtures.js';
import { fileStates, settledSummary, summaryBadge } from './page-readers.js';
import { readFileSync, writeFileSync } from 'node:fs';
import {
  integrityUrlPath,
  sampleprojectSite,
  sitePath,
  type SiteFile,
  type SiteSpec,
} from './site.js';

const SIXTY = 'bench-sixty';
const PAGE_60 = `https://pypi.org/project/${SIXTY}/1.0.0/`;
const PAGE_2 = 'https://pypi.org/project/sampleproject/4.0.0/';
const FILES_60: SiteFile[] = release60();
const spec: SiteSpec = {
  'pypi.org': { ...sampleprojectSite()['pypi.org'], [SIXTY]: { '1.0.0': FILES_60 } },
};
test.use({ siteSpec: spec });

interface Version {
  runningStatus: string;
  status: string;
  scriptURL: string;
}

/** The extension's worker as DevTools sees it: its running status, and a way to stop it. */
async function workerControl(context: BrowserContext, extensionId: string) {
  const anchor = context.pages()[0] ?? (await context.newPage());
  const cdp: CDPSession = await context.newCDPSession(anchor);
  let running = '';
  const listeners: ((status: string) => void)[] = [];
  cdp.on('ServiceWorker.workerVersionUpdated', (e: { versions: Version[] }) => {
    for (const v of e.versions) {
      if (!v.scriptURL.startsWith(`chrome-extension://${extensionId}/`)) continue;
      running = v.runningStatus;
      for (const f of listeners) f(running);
    }
  });
  await cdp.send('ServiceWorker.enable');
  return {
    status: () => running,
    /** Calls `f` with every running status the worker goes through from now on. */
    onStatus: (f: (status: string) => void) => listeners.push(f),
    stop: () => cdp.send('ServiceWorker.stopAllWorkers'),
  };
}

/**
 * Calls `f(n)` from the page whenever the number of files showing a final state changes
 * (a MutationObserver in the page: no polling delay between a result and the call).
 */
async function onFinalFiles(page: Page, f: (n: number) => void): Promise<void> {
  await page.exposeFunction('__finalFiles', f);
  await page.addInitScript(() => {
    let last = 0;
    new MutationObserver(() => {
      const n = document.querySelectorAll(
        '[data-provenance-file]:not([data-provenance-state="pending"])',
      ).length;
      if (n !== last)
        (window as unknown as { __finalFiles(n: number): void }).__finalFiles((last = n));
    }).observe(document, { subtree: true, attributes: true, childList: true });
  });
}

test('stopped twice in the middle of a cold 60-file page, the worker resumes without asking again', async ({
  context,
  extensionId,
  fakePypi,
  site,
}) => {
  // Provenance served uncacheable, so that every request the worker sends reaches the server
  // (with PyPI's max-age=600 the browser's HTTP cache would answer a repeated one unseen).
  for (const f of FILES_60) {
    const file = sitePath(site, 'pypi.org', integrityUrlPath(SIXTY, '1.0.0', f.filename));
    const body = readFileSync(file, 'utf8');
    writeFileSync(`${file}.status`, `200\nCache-Control: no-store\n\n${body}`);
  }
  const worker = await workerControl(context, extensionId);
  const statuses: string[] = [];
  worker.onStatus((st) => statuses.push(st));
  const page = await context.newPage();
  // Stopped once some files are final (their results stored) while the rest are being
  // verified (their provenance fetched), and again later.
  const stoppedAt: number[] = [];
  const thresholds = [3, 30];
  await onFinalFiles(page, (n) => {
    if (n < 60 && thresholds[0] !== undefined && n >= thresholds[0]) {
      thresholds.shift();
      stoppedAt.push(n);
      void worker.stop();
    }
  });
  await page.goto(PAGE_60);
  const settled = await settledSummary(page).catch(() => 'stuck');
  if (settled === 'stuck') {
    const st = Object.values(await fileStates(page));
    console.log('STUCK', stoppedAt, statuses.join(','), st.filter((x) => x === 'pending').length, st.length);
  }
  expect(settled).toBe('verified');
  expect(Object.values(await fileStates(page))).toEqual(Array(60).fill('verified'));
  expect(
    stoppedAt.length,
    'the worker was stopped while the page was being checked',
  ).toBeGreaterThan(0);
  const counts: Record<string, number> = {};
  for (const r of fakePypi.requests) {
    const k = r.path.replace(/[^/]*\.(whl|tar\.gz)/, 'F');
    counts[k] = (counts[k] ?? 0) + 1;
  }
  console.log('stopped at', stoppedAt, statuses.join(','), JSON.stringify(counts).slice(0, 200));
  const asked = (prefix: string) => fakePypi.requests.filter((r) => r.path.startsWith(prefix));
  // Each file's provenance once, the listing once: nothing finished was asked for again.
  expect(asked(`/integrity/${SIXTY}/1.0.0/`)).toHaveLength(60);
  expect(asked(`/pypi/${SIXTY}/1.0.0/json`)).toHaveLength(1);
});

// Delays after the worker begins to start (ms): in its module's evaluation, as it registers its
// listeners, as it takes the first message.
const START_DELAYS = [0, 5, 15, 30, 60, 100, 200];

test('stopped at any point of its start, the worker answers every page', async ({
  context,
  extensionId,
}) => {
  test.setTimeout(180_000);
  const worker = await workerControl(context, extensionId);
  for (const delay of START_DELAYS) {
    await expect.poll(async () => (await worker.stop(), worker.status())).toBe('stopped');
    // The page's first message wakes the worker; it is stopped `delay` ms into its start.
    let armed = true;
    worker.onStatus((status) => {
      if (armed && status === 'starting') {
        armed = false;
        setTimeout(() => void worker.stop(), delay);
      }
    });
    const page = await context.newPage();
    await page.goto(delay % 2 ? PAGE_2 : 'https://pypi.org/project/sampleproject/');
    expect(await settledSummary(page, 30_000), `stopped ${delay} ms into its start`).toBe(
      'verified',
    );
    await page.close();
  }
});

test('a page that cannot reach the worker keeps checking, and ends right once it can', async ({
  context,
  extensionId,
}) => {
  const worker = await workerControl(context, extensionId);
  // The worker is stopped whenever it starts, for 8 s: longer than the page used to keep
  // asking (2.6 s) and than the 7-11 s after which pages ended in `error`.
  let blocking = true;
  worker.onStatus((status) => {
    if (blocking && (status === 'starting' || status === 'running')) void worker.stop();
  });
  await expect.poll(async () => (await worker.stop(), worker.status())).toBe('stopped');
  const page = await context.newPage();
  const states: string[] = [];
  await page.exposeFunction('__summaryState', (s: string) => states.push(s));
  await page.addInitScript(() => {
    new MutationObserver(() => {
      const s = document.querySelector('[data-provenance-summary]');
      const state = s?.getAttribute('data-provenance-summary');
      if (state) (window as unknown as { __summaryState(s: string): void }).__summaryState(state);
    }).observe(document, { subtree: true, attributes: true, childList: true });
  });
  await page.goto(PAGE_2);
  await page.waitForTimeout(8_000);
  await expect(summaryBadge(page)).toHaveAttribute('data-provenance-summary', 'pending');
  blocking = false;
  expect(await settledSummary(page, 30_000)).toBe('verified');
  expect(states.filter((s) => s !== 'pending' && s !== 'verified')).toEqual([]);
});
