/**
 * Issue 12 §4, a worker that stops: Chrome stops an idle MV3 worker after ~30 s and may stop a
 * busy one; here DevTools' `ServiceWorker.stopAllWorkers` stops it at chosen moments.
 *  - Stopped in the middle of a cold 60-file page, the worker resumes: the page ends right, and
 *    the index is not asked again for the listing nor for any provenance the worker had stored.
 *  - Stopped at any point of its start (module evaluation, the listeners, the first message),
 *    it still answers every page.
 *  - While the page cannot reach it at all, the page says it is checking (never `error`), keeps
 *    asking in the background, and ends right once the worker answers, without a reload.
 */
import type { BrowserContext, CDPSession, Worker } from '@playwright/test';
import { release60 } from '../bench/lib/inputs.js';
import { expect, popupUrl, test } from './fixtures.js';
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
  let activated = false;
  const listeners: ((status: string) => void)[] = [];
  cdp.on('ServiceWorker.workerVersionUpdated', (e: { versions: Version[] }) => {
    for (const v of e.versions) {
      if (!v.scriptURL.startsWith(`chrome-extension://${extensionId}/`)) continue;
      running = v.runningStatus;
      activated ||= v.status === 'activated';
      for (const f of listeners) f(running);
    }
  });
  await cdp.send('ServiceWorker.enable');
  // Installed and running first: Chromium 156 itself crashes (SIGTRAP) now and then when
  // DevTools stops a worker in the middle of its installation.
  await expect.poll(() => activated && running === 'running', { timeout: 15_000 }).toBe(true);
  await new Promise((r) => setTimeout(r, 500));
  return {
    status: () => running,
    /** Calls `f` with every running status the worker goes through from now on. */
    onStatus: (f: (status: string) => void) => listeners.push(f),
    stop: () => cdp.send('ServiceWorker.stopAllWorkers'),
  };
}

/**
 * The worker's cache entries by kind (`result`, `provenance`, `unverified`, ...), and the files
 * whose provenance it has stored (`provenance:` keys end with `|filename`).
 */
function storedKinds(
  worker: Worker,
): Promise<{ kinds: Record<string, number>; fetched: string[] }> {
  return worker.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('pypi-provenance');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error ?? new Error('indexedDB.open failed'));
    });
    const keys = await new Promise<IDBValidKey[]>((resolve, reject) => {
      const r = db.transaction('cache').objectStore('cache').getAllKeys();
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error ?? new Error('getAllKeys failed'));
    });
    db.close();
    const kinds: Record<string, number> = {};
    const fetched: string[] = [];
    for (const k of keys) {
      const kind = String(k).split(':')[0] ?? '';
      kinds[kind] = (kinds[kind] ?? 0) + 1;
      if (kind === 'provenance') fetched.push(String(k).split('|').pop() ?? '');
    }
    return { kinds, fetched };
  });
}

test('stopped in the middle of a cold 60-file page, the worker resumes without asking again', async ({
  context,
  extensionId,
  fakePypi,
  serviceWorker,
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
  const page = await context.newPage();
  await page.goto(PAGE_60);
  // Stopped once it has stored some results, and fetched provenance it has not verified yet.
  let stored: Record<string, number> = {};
  let fetched: string[] = [];
  await expect
    .poll(
      async () => {
        ({ kinds: stored, fetched } = await storedKinds(serviceWorker).catch(() => ({
          kinds: {},
          fetched: [],
        })));
        const results = stored.result ?? 0;
        return results >= 5 && (stored.provenance ?? 0) >= results + 5;
      },
      { timeout: 20_000, intervals: [10], message: 'the worker was never caught half-way' },
    )
    .toBe(true);
  await worker.stop();
  expect(await settledSummary(page)).toBe('verified');
  expect(Object.values(await fileStates(page))).toEqual(Array(60).fill('verified'));
  const asked = (prefix: string) => fakePypi.requests.filter((r) => r.path.startsWith(prefix));
  // Nothing the worker had stored is asked for again: each file whose provenance it had kept
  // (verified or not) once, the listing once. A response still in flight, or arrived but not
  // yet written when the worker stopped, is lost with it: asked again, once.
  const perFile = new Map<string, number>();
  for (const r of asked(`/integrity/${SIXTY}/1.0.0/`)) {
    const filename = r.path.split('/')[4] ?? '';
    perFile.set(filename, (perFile.get(filename) ?? 0) + 1);
  }
  expect(fetched.length, JSON.stringify(stored)).toBeGreaterThanOrEqual(10);
  for (const f of FILES_60) {
    const times = perFile.get(f.filename) ?? 0;
    if (fetched.includes(f.filename)) expect(times, f.filename).toBe(1);
    else expect([1, 2], f.filename).toContain(times);
  }
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

test('a message that wakes the stopped worker is answered at once (its listeners are registered in its first turn)', async ({
  context,
  extensionId,
}) => {
  const worker = await workerControl(context, extensionId);
  const page = await context.newPage();
  await page.goto(popupUrl(extensionId));
  for (let i = 0; i < 5; i++) {
    await expect.poll(async () => (await worker.stop(), worker.status())).toBe('stopped');
    // Sent once, not asked again: a listener registered after an await would miss it
    // ("Could not establish connection. Receiving end does not exist.").
    const reply = await page.evaluate(() =>
      (
        globalThis as unknown as {
          chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } };
        }
      ).chrome.runtime
        .sendMessage({ type: 'getInfo', payload: {} })
        .then(
          (r) => (r as { ok: boolean }).ok,
          (e: unknown) => String(e),
        ),
    );
    expect(reply).toBe(true);
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
