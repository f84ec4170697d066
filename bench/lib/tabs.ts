/**
 * Issue 12 §2, many tabs: twenty release pages opened together (every third a 60-file
 * release, the others 2 files; each a project of its own, so nothing is shared through the
 * listing or provenance caches), measured from the moment they are opened until every summary
 * badge is final, next to one 60-file tab and one 2-file tab alone (same run). The last 2-file
 * tab opened is timed on its own (navigation start → final) among the twenty.
 */
import type { BrowserContext, Page } from '@playwright/test';
import type { SiteSpec } from '../../e2e/site.js';
import { release60 } from './inputs.js';
import { summaryFinal } from './pages.js';

export const TABS = 20;
const project = (i: number) => `tabs-${i}`;
export const isBig = (i: number): boolean => i % 3 === 0;
export const tabUrl = (i: number): string => `https://pypi.org/project/${project(i)}/1.0.0/`;
/** The 2-file tab timed among the twenty: the last one opened. */
export const SMALL_AMONG = TABS - 1;
/** A 60-file and a 2-file release of their own, opened alone for the ratios. */
export const ALONE_60 = 'https://pypi.org/project/tabs-alone-60/1.0.0/';
export const ALONE_2 = 'https://pypi.org/project/tabs-alone-2/1.0.0/';

/** The twenty releases and the two opened alone, added to `spec` (pypi.org). */
export function addTabsToSpec(spec: SiteSpec): SiteSpec {
  const big = release60(60);
  const small = release60(2);
  spec['pypi.org'] = {
    ...spec['pypi.org'],
    ...Object.fromEntries(
      Array.from({ length: TABS }, (_, i) => [project(i), { '1.0.0': isBig(i) ? big : small }]),
    ),
    'tabs-alone-60': { '1.0.0': big },
    'tabs-alone-2': { '1.0.0': small },
  };
  return spec;
}

/**
 * Opens the twenty tabs first, then navigates them all at once (each to `waitUntil`); `started`
 * is when the navigations began (ms since the epoch).
 */
export async function openTwenty(
  context: BrowserContext,
  waitUntil: 'commit' | 'domcontentloaded',
): Promise<{ pages: Page[]; started: number }> {
  const pages: Page[] = [];
  for (let i = 0; i < TABS; i++) pages.push(await context.newPage());
  const started = Date.now();
  await Promise.all(pages.map((page, i) => page.goto(tabUrl(i), { waitUntil })));
  return { pages, started };
}

interface Done {
  __ppShown?: number;
  __ppDone?: number;
  __ppState?: string;
}

export interface TabsRun {
  /** Opening the twenty → the last summary final. */
  allFinalMs: number;
  /** The last 2-file tab: its navigation start → its final summary. */
  smallAmongMs: number;
  /** The same tab's badge inserted (its content script running) → final: the extension's part. */
  smallAmongExtMs: number;
  /** Each tab's final state (all `verified` when right). */
  states: string[];
}

/**
 * Opens the twenty tabs together (observeSummaries must be installed on the context) and
 * waits for every final summary.
 */
export async function openTabsTogether(context: BrowserContext): Promise<TabsRun> {
  const { pages, started } = await openTwenty(context, 'commit');
  const ends = await Promise.all(
    pages.map(async (page) => {
      await summaryFinal(page, 240_000);
      return page.evaluate(() => {
        const w = globalThis as unknown as Done;
        return {
          at: performance.timeOrigin + (w.__ppDone as number),
          ms: w.__ppDone as number,
          extMs: (w.__ppDone as number) - (w.__ppShown as number),
          state: w.__ppState as string,
        };
      });
    }),
  );
  await Promise.all(pages.map((page) => page.close()));
  return {
    allFinalMs: Math.max(...ends.map((e) => e.at)) - started,
    smallAmongMs: ends[SMALL_AMONG]!.ms,
    smallAmongExtMs: ends[SMALL_AMONG]!.extMs,
    states: ends.map((e) => e.state),
  };
}

export interface PlainTabsRun {
  /** Opening the twenty → the last one's DOMContentLoaded. */
  allDomMs: number;
  /** The last 2-file tab: its navigation start → its DOMContentLoaded. */
  smallDomMs: number;
}

/**
 * The same twenty tabs opened together in a browser **without** the extension, timed to each
 * page's DOMContentLoaded: no badge can be placed before a page's file rows are parsed, so
 * these, over the same run's tabs alone with the extension, are the floors of
 * `ratios.tabs20VsOne` and `ratios.tabs20SmallVsAlone` (what they would be if the extension
 * cost nothing at all among the twenty).
 */
export async function openTabsPlain(context: BrowserContext): Promise<PlainTabsRun> {
  const { pages, started } = await openTwenty(context, 'domcontentloaded');
  const ends = await Promise.all(
    pages.map((page) =>
      page.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
        return {
          at: performance.timeOrigin + nav.domContentLoadedEventStart,
          ms: nav.domContentLoadedEventStart,
        };
      }),
    ),
  );
  await Promise.all(pages.map((page) => page.close()));
  return {
    allDomMs: Math.max(...ends.map((e) => e.at)) - started,
    smallDomMs: ends[SMALL_AMONG]!.ms,
  };
}
