/**
 * Issue 12 §2, many tabs at once: ten release pages opened together (every third a 60-file
 * release) all reach their right final state with no `error`, each file asked for; and the
 * tabs' session copies stay compact and within their budget (src/background/tab-session.ts).
 * How a small release fares among big ones is measured by the bench (page.tabs20*), and the
 * order of requests and verifications between releases is unit-tested
 * (src/background/fair-limit.test.ts, release-service.test.ts).
 */
import type { Page } from '@playwright/test';
import { release60 } from '../bench/lib/inputs.js';
import { expect, test } from './fixtures.js';
import { fileStates, settledSummary } from './page-readers.js';
import type { SiteSpec } from './site.js';

declare const chrome: {
  storage: {
    session: {
      get(keys: null): Promise<Record<string, unknown>>;
      getBytesInUse(keys: null): Promise<number>;
    };
  };
};

const TABS = 10;
/** Tab i shows project `tabs-i`: every third (0, 3, 6, 9) a 60-file release, the others 2 files. */
const project = (i: number) => `tabs-${i}`;
const big = (i: number) => i % 3 === 0;
const url = (i: number) => `https://pypi.org/project/${project(i)}/1.0.0/`;

const spec: SiteSpec = {
  'pypi.org': Object.fromEntries(
    Array.from({ length: TABS }, (_, i) => [project(i), { '1.0.0': release60(big(i) ? 60 : 2) }]),
  ),
};
test.use({ siteSpec: spec });
test.describe.configure({ timeout: 180_000 });

/**
 * Where each file of tab i's release was first asked for, in the order the index received
 * the requests (the history, after the final badge, asks for files under the versions their
 * names carry, and for some again).
 */
const integrityOf = (paths: string[], i: number) =>
  paths.flatMap((p, n) =>
    p.startsWith(`/integrity/${project(i)}/1.0.0/`) && paths.indexOf(p) === n ? [n] : [],
  );

test('ten tabs opened together all end verified, none in error', async ({ context, fakePypi }) => {
  const pages: Page[] = [];
  for (let i = 0; i < TABS; i++) pages.push(await context.newPage());
  // All navigations started together, as a search result's links opened at once.
  await Promise.all(pages.map((page, i) => page.goto(url(i))));
  const states = await Promise.all(pages.map((page) => settledSummary(page, 120_000)));
  expect(states).toEqual(Array(TABS).fill('verified'));
  for (let i = 0; i < TABS; i++) {
    expect(Object.values(await fileStates(pages[i]!))).toEqual(
      Array(big(i) ? 60 : 2).fill('verified'),
    );
  }
  // Each tab's files were asked for (no tab's checks lost behind another's).
  const paths = fakePypi.requests.map((r) => r.path);
  for (let i = 0; i < TABS; i++) expect(integrityOf(paths, i)).toHaveLength(big(i) ? 60 : 2);
});

test('the tabs’ session copies are compact and within their budget', async ({
  context,
  serviceWorker,
}) => {
  const pages: Page[] = [];
  for (let i = 0; i < TABS; i++) pages.push(await context.newPage());
  await Promise.all(pages.map((page, i) => page.goto(url(i))));
  await Promise.all(pages.map((page) => settledSummary(page, 120_000)));
  // The copies are written a moment after the last change.
  await expect
    .poll(
      () =>
        serviceWorker.evaluate(async () => {
          const all = await chrome.storage.session.get(null);
          return Object.keys(all).filter((k) => k.startsWith('tab:')).length;
        }),
      { timeout: 10_000 },
    )
    .toBeGreaterThanOrEqual(TABS);
  const stored = await serviceWorker.evaluate(async () => {
    const all = await chrome.storage.session.get(null);
    const tabs = Object.entries(all).filter(([k]) => k.startsWith('tab:'));
    return {
      bytes: await chrome.storage.session.getBytesInUse(null),
      packed: tabs.every(([, v]) => (v as { packed?: number }).packed === 1),
      biggest: Math.max(...tabs.map(([, v]) => JSON.stringify(v).length)),
    };
  });
  expect(stored.packed).toBe(true);
  // A 60-file tab written plainly took ~100-200 KB; shared publishers and signers, far less.
  expect(stored.biggest).toBeLessThan(60_000);
  expect(stored.bytes).toBeLessThan(4_000_000);
});
