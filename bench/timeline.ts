/**
 * One twenty-tab visit as a timeline (bench/README.md, eighth round): what the worker received
 * and did for one tab, and when, next to that tab's own page timings, all on one clock
 * (`performance.timeOrigin + performance.now()`, in ms from the tab's navigation start).
 *
 *   node scripts/run-ts.js bench/timeline.ts [--runs 2] [--tab 19] [dist]
 *
 * The worker's copy loads a script before its code that records every tab loading event, every
 * `fetch()` (started, headers) and every IndexedDB request (issued, answered) in its global
 * scope; its messages (received, answered) are the bench hook's (bench/lib/browser.ts), so a
 * message still unanswered at the end is not shown. Nothing else of the extension changes. Printed per
 * run: the tab's navigation, DOMContentLoaded, badge and final state; the worker's events for
 * that tab; and, for every tab, how late its loading event and its first message reached the
 * worker (the delivery delays the eighth round found).
 */
import { parseArgs } from 'node:util';
import type { Page } from '@playwright/test';
import { startFakePypi } from '../e2e/fake-pypi/server.js';
import { buildSite, removeSite } from '../e2e/site.js';
import { instrumentedExtension, launch, workerEval, type WorkerBench } from './lib/browser.js';
import { benchSite } from './lib/inputs.js';
import { asleep, summaryFinal } from './lib/pages.js';
import { median } from './lib/stats.js';
import { addTabsToSpec, openTwenty, SMALL_AMONG, TABS } from './lib/tabs.js';

/** Loaded before the worker's code; plain JavaScript (copied as is into the extension). */
const RECORDER = `// Benchmark instrumentation (bench/timeline.ts): a timeline of the worker's events.
const log = (globalThis.__ppTimeline = []);
const now = () => performance.timeOrigin + performance.now();
const keep = (e) => { if (log.length < 50000) log.push(e); return e; };
const realFetch = globalThis.fetch;
globalThis.fetch = function (input, init) {
  const e = keep({ kind: 'fetch', what: typeof input === 'string' ? input : input.url, at: now() });
  const p = realFetch.call(this, input, init);
  p.then(() => { e.end = now(); }, () => { e.end = -1; });
  return p;
};
chrome.tabs.onUpdated.addListener((_tabId, change, tab) => {
  if (change.status !== 'loading') return;
  keep({ kind: 'loading', what: change.url ?? tab.pendingUrl ?? tab.url ?? '', at: now() });
});
for (const op of ['get', 'getAll', 'getAllKeys', 'put', 'delete', 'openCursor']) {
  const real = IDBObjectStore.prototype[op];
  IDBObjectStore.prototype[op] = function (...args) {
    const key = args[op === 'put' ? 1 : 0];
    const e = keep({ kind: 'idb', what: op + ' ' + (typeof key === 'string' ? key : ''), at: now() });
    const request = real.apply(this, args);
    request.addEventListener('success', () => { e.end ??= now(); });
    return request;
  };
}
`;

interface Entry {
  kind: 'fetch' | 'loading' | 'message' | 'idb';
  what: string;
  at: number;
  end?: number;
  project?: string;
}

interface PageTimes {
  origin: number;
  responseStart: number;
  domContentLoaded: number;
  shown: number;
  done: number;
  state: string;
}

const { values, positionals } = parseArgs({
  options: { runs: { type: 'string', default: '2' }, tab: { type: 'string' } },
  allowPositionals: true,
});
const RUNS = Number(values.runs);
const TAB = values.tab === undefined ? SMALL_AMONG : Number(values.tab);
if (!Number.isInteger(TAB) || TAB < 0 || TAB >= TABS) {
  console.error(`--tab: 0 to ${TABS - 1}`);
  process.exit(2);
}
const site = buildSite(addTabsToSpec(benchSite()), { projectTabs: true });
const server = await startFakePypi({ site });
const extension = instrumentedExtension(positionals[0] ?? 'dist', RECORDER);

const pageTimes = (page: Page): Promise<PageTimes> =>
  page.evaluate(() => {
    const w = globalThis as unknown as { __ppShown: number; __ppDone: number; __ppState: string };
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const o = performance.timeOrigin;
    return {
      origin: o,
      responseStart: o + nav.responseStart,
      domContentLoaded: o + nav.domContentLoadedEventStart,
      shown: o + w.__ppShown,
      done: o + w.__ppDone,
      state: w.__ppState,
    };
  });

try {
  for (let run = 1; run <= RUNS; run++) {
    const s = await launch(extension, server);
    try {
      await asleep(s);
      const { pages } = await openTwenty(s.context, 'commit');
      await Promise.all(pages.map((page) => summaryFinal(page, 240_000)));
      const times = await Promise.all(pages.map(pageTimes));
      // Messages from the bench's own hook (received, answered: ms since the worker's origin).
      const worker = await workerEval<{ origin: number; bench: WorkerBench }>(
        s,
        '({ origin: performance.timeOrigin, bench: globalThis.__ppBench })',
      );
      const log = [
        ...(await workerEval<Entry[]>(s, 'globalThis.__ppTimeline')),
        ...worker.bench.timings.map((m): Entry => ({
          kind: 'message',
          what: m.type,
          project: m.project,
          at: worker.origin + m.start,
          end: worker.origin + m.start + m.ms,
        })),
      ].sort((a, b) => a.at - b.at);
      const ms = (at: number | undefined, origin: number) =>
        at === undefined ? '-' : at < 0 ? 'failed' : `${Math.round(at - origin)}`;

      const t = times[TAB]!;
      const project = `tabs-${TAB}`;
      console.log(
        `run ${run}, tab ${TAB} (${project}), ms from its navigation start: response ${ms(t.responseStart, t.origin)}, DOMContentLoaded ${ms(t.domContentLoaded, t.origin)}, badge ${ms(t.shown, t.origin)}, final ${ms(t.done, t.origin)} (${t.state})`,
      );
      for (const e of log) {
        const mine =
          e.project === project ||
          e.what.includes(`/${project}/`) ||
          e.what.includes(`|${project}|`);
        if (!mine) continue;
        const what = e.what.replace(/^https:\/\/pypi\.org/, '');
        const end = e.end === undefined ? '' : ` → ${ms(e.end, t.origin)}`;
        console.log(`  ${e.kind.padEnd(7)} ${what.slice(0, 90)} @${ms(e.at, t.origin)}${end}`);
      }
      // Delivery: each tab's loading event and first message, against its navigation start
      // and its response's first byte (its content script asks at document_start).
      const loadingLate: number[] = [];
      const messageLate: number[] = [];
      times.forEach((p, i) => {
        const name = `tabs-${i}`;
        const loading = log.find((e) => e.kind === 'loading' && e.what.includes(`/${name}/`));
        const message = log.find((e) => e.kind === 'message' && e.project === name);
        if (loading) loadingLate.push(loading.at - p.origin);
        if (message) messageLate.push(message.at - p.responseStart);
      });
      const summary = (v: number[]) =>
        v.length === 0
          ? 'none'
          : `median ${Math.round(median(v))} ms, max ${Math.round(Math.max(...v))} ms (${v.length} tabs)`;
      console.log(
        `  every tab's loading event reached the worker: ${summary(loadingLate)} after navigation start`,
      );
      console.log(
        `  every tab's first message reached the worker: ${summary(messageLate)} after its response's first byte`,
      );
      await Promise.all(pages.map((page) => page.close()));
    } finally {
      await s.close();
    }
  }
} finally {
  await server.close();
  removeSite(site);
}
