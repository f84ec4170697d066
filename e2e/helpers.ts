/**
 * Helpers for the end-to-end specs: waiting for the content script's states, reading text
 * inside its closed shadow roots (through the DevTools protocol, which sees them), opening the
 * popup for a tab, axe-core, screenshots on demand, and small site builders.
 *
 * Selectors are the product's test contract only (product.md "Test contract"): data attributes
 * on the content script's host elements and data-testids in the popup.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BrowserContext, Locator, Page, Worker } from '@playwright/test';
import type { Publisher } from '../src/core/result.js';
import { readFixtureJson } from '../test/fixtures.js';
import type {
  AttestRequest,
  GitHubIdentity,
  Identity as TestIdentity,
  PublisherJSON,
  TestInstance,
} from '../test/sigstore-instance/index.js';
import type { FakePypi } from './fake-pypi/server.js';
import { expect, popupUrl, REPO_ROOT } from './fixtures.js';
import { sitePath, type Host, type SiteFile } from './site.js';

/** The extension API as the worker sees it (evaluated in the browser, typed loosely here). */
declare const chrome: {
  tabs: { query(q: Record<string, never>): Promise<{ id?: number; url?: string }[]> };
  action: {
    getBadgeText(d: { tabId: number }): Promise<string>;
    getTitle(d: { tabId: number }): Promise<string>;
  };
};

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
// The worker: tabs and the toolbar.

/** The id of the tab showing `url` (host permissions let the worker see pypi.org URLs). */
export async function tabIdOf(worker: Worker, url: string): Promise<number> {
  let id: number | undefined;
  await expect
    .poll(
      async () => {
        const tabs = await worker.evaluate(() => chrome.tabs.query({}));
        id = tabs.find((t) => t.url === url)?.id;
        return id;
      },
      { timeout: 5_000, message: `no tab shows ${url}` },
    )
    .toBeDefined();
  return id!;
}

export async function toolbar(
  worker: Worker,
  tabId: number,
): Promise<{ text: string; title: string }> {
  return worker.evaluate(
    async (id) => ({
      text: await chrome.action.getBadgeText({ tabId: id }),
      title: await chrome.action.getTitle({ tabId: id }),
    }),
    tabId,
  );
}

// ---------------------------------------------------------------------------------------------
// The popup, opened as a page for a given tab.

export async function openPopup(
  context: BrowserContext,
  extensionId: string,
  tabId: number,
): Promise<Page> {
  const popup = await context.newPage();
  await popup.setViewportSize({ width: 400, height: 600 });
  await popup.goto(popupUrl(extensionId, tabId));
  return popup;
}

export const fileRows = (popup: Page): Locator => popup.getByTestId('file-row');

export const fileRow = (popup: Page, filename: string): Locator =>
  popup.locator(`[data-testid="file-row"][data-filename="${filename}"]`);

/** The popup's file rows' states by filename, once none is pending. */
export async function popupStates(popup: Page): Promise<Record<string, string | null>> {
  const rows = fileRows(popup);
  await expect(rows.first()).toBeVisible({ timeout: SETTLE_TIMEOUT });
  await expect(popup.locator('[data-testid="file-row"][data-state="pending"]')).toHaveCount(0, {
    timeout: SETTLE_TIMEOUT,
  });
  const out: Record<string, string | null> = {};
  for (const row of await rows.all()) {
    const name = await row.getAttribute('data-filename');
    if (name !== null) out[name] = await row.getAttribute('data-state');
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// axe-core (injected from node_modules; @axe-core/playwright is not a dependency).

interface AxeResult {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

export const AXE_PATH = join(REPO_ROOT, 'node_modules', 'axe-core', 'axe.min.js');

/**
 * axe-core's violations on the page (injected once per document). Extension pages forbid
 * inline scripts (CSP `script-src 'self'`), which is what addScriptTag inserts; there the
 * source is evaluated through the DevTools protocol instead, which CSP does not govern.
 */
export async function axeViolations(page: Page): Promise<AxeResult[]> {
  if (!(await page.evaluate(() => 'axe' in window))) {
    try {
      await page.addScriptTag({ path: AXE_PATH });
    } catch (err) {
      if (!String(err).includes('Content Security Policy')) throw err;
      await page.evaluate(readFileSync(AXE_PATH, 'utf8'));
    }
  }
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run(ctx: Document): Promise<{ violations: AxeResult[]; passes: unknown[] }> };
      }
    ).axe;
    const results = await axe.run(document);
    // A run that checked nothing would pass vacuously.
    if (results.passes.length === 0) throw new Error('axe-core checked no rule on this page');
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  });
}

export function formatViolations(violations: AxeResult[]): string {
  return violations
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} ${v.helpUrl}\n` +
        v.nodes
          .map(
            (n) =>
              `    ${JSON.stringify(n.target)}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`,
          )
          .join('\n'),
    )
    .join('\n');
}

// ---------------------------------------------------------------------------------------------
// Screenshots, only when SCREENSHOTS=DIR is set (normal runs write nothing).

export function screenshotDir(): string | undefined {
  const dir = process.env.SCREENSHOTS;
  if (!dir) return undefined;
  const abs = resolve(dir);
  mkdirSync(abs, { recursive: true });
  return abs;
}

export async function screenshot(target: Locator | Page, name: string): Promise<void> {
  const dir = screenshotDir();
  if (dir === undefined) return;
  const path = join(dir, `${name}.png`);
  if ('goto' in target) await target.screenshot({ path, animations: 'disabled', fullPage: true });
  else await target.screenshot({ path, animations: 'disabled' });
}

// ---------------------------------------------------------------------------------------------
// Requests and site data.

export function integrityRequests(fake: FakePypi): number {
  return fake.requests.filter((r) => r.path.startsWith('/integrity/')).length;
}

/** An Integrity API provenance object from one PEP 740 attestation fixture and its publisher. */
export function provenanceFromAttestation(file: string, publisher: Publisher): unknown {
  return {
    version: 1,
    attestation_bundles: [{ publisher, attestations: [readFixtureJson(file)] }],
  };
}

/** A page that is on pypi.org but is not a project page. */
export const SEARCH_PAGE = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Search results · PyPI</title></head>
<body><main id="content"><h1>Search results</h1><p>0 projects for "x"</p></main></body></html>
`;

/** Removes a fault written with site.ts `writeStatus` (the URL answers normally again). */
export function clearStatus(site: string, host: Host, urlPath: string): void {
  rmSync(`${sitePath(site, host, urlPath)}.status`, { force: true });
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

/** Loads a release page (tracking its warnings), waits for its summary and its analysis. */
export async function openAnalysedRelease(
  page: Page,
  url: string,
): Promise<{ summary: string; warnings: string[] }> {
  await trackWarnings(page);
  const summary = await openRelease(page, url);
  return { summary, warnings: await settledWarnings(page) };
}

// ---------------------------------------------------------------------------------------------
// Extension pages.

export const optionsUrl = (extensionId: string): string =>
  `chrome-extension://${extensionId}/src/options/index.html`;

export async function openOptions(context: BrowserContext, extensionId: string): Promise<Page> {
  const options = await context.newPage();
  await options.goto(optionsUrl(extensionId));
  return options;
}

/**
 * Sends one protocol message from an extension page (popup or options), as the product's own
 * pages do, and returns the reply's value (throws on an error reply).
 */
export async function sendFromPage<T = unknown>(
  extensionPage: Page,
  type: string,
  payload: object,
): Promise<T> {
  const reply = await extensionPage.evaluate(
    ([t, p]) =>
      (
        globalThis as unknown as {
          chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } };
        }
      ).chrome.runtime.sendMessage({ type: t, payload: p }),
    [type, payload] as const,
  );
  const r = reply as { ok: boolean; value?: T; error?: { code: string; message: string } };
  if (!r?.ok) throw new Error(`${type}: ${JSON.stringify(r?.error ?? r)}`);
  return r.value as T;
}

/** Waits until the popup has the release's analysis (the Publisher section shows). */
export async function popupAnalysed(popup: Page): Promise<void> {
  await expect(popup.getByTestId('publisher-memory')).toBeVisible({ timeout: SETTLE_TIMEOUT });
}

/** The popup's warnings' kinds, in order (after `popupAnalysed`). */
export async function popupWarningKinds(popup: Page): Promise<string[]> {
  return popup
    .getByTestId('warning')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-kind') ?? ''));
}

/** The popup timeline's entries, newest first: version, state and the row's text. */
export async function timelineEntries(
  popup: Page,
): Promise<{ version: string; state: string; changed: string; text: string }[]> {
  const timeline = popup.getByTestId('timeline');
  await expect(timeline).toHaveAttribute('data-status', 'ready', { timeout: SETTLE_TIMEOUT });
  return popup.getByTestId('timeline-entry').evaluateAll((els) =>
    els.map((e) => ({
      version: e.getAttribute('data-version') ?? '',
      state: e.getAttribute('data-state') ?? '',
      changed: e.getAttribute('data-changed') ?? '',
      text: (e.textContent ?? '').replace(/\s+/g, ' ').trim(),
    })),
  );
}

// ---------------------------------------------------------------------------------------------
// Releases signed by the test Sigstore instance (test/sigstore-instance): any identity.

/** A made-up distribution digest (the fake index never serves the bytes). */
export function fakeSha256(filename: string): string {
  return createHash('sha256').update(`${filename} (pypi-provenance e2e file)`).digest('hex');
}

/** A GitHub identity: release.yml, environment pypi, push, GitHub-hosted (tag: see signedFile). */
export function github(repository: string, over: Partial<GitHubIdentity> = {}): GitHubIdentity {
  return { kind: 'GitHub', repository, workflow: 'release.yml', environment: 'pypi', ...over };
}

/** A file whose provenance the test instance signed for `identity`. */
export function signedFile(
  instance: TestInstance,
  filename: string,
  identity: TestIdentity,
  opts: Partial<Pick<AttestRequest, 'rekor' | 'signedAt' | 'timestamp'>> & {
    publisher?: PublisherJSON;
  } = {},
): SiteFile {
  const sha256 = fakeSha256(filename);
  // Built from the release's tag unless the identity says otherwise (a branch is a risk hint).
  const version = /^[^-]+-(.+?)(?:\.tar\.gz|\.zip|-[^-]+-[^-]+-[^-]+\.whl)$/.exec(filename)?.[1];
  const tagged =
    identity.kind !== 'Google' && identity.ref === undefined && version !== undefined
      ? { ...identity, ref: `refs/tags/v${version}` }
      : identity;
  const req: AttestRequest = {
    filename,
    sha256,
    identity: tagged,
    rekor: opts.rekor ?? 'v1',
    ...(opts.signedAt && { signedAt: opts.signedAt }),
    ...(opts.timestamp !== undefined && { timestamp: opts.timestamp }),
  };
  return { filename, sha256, provenance: instance.provenance([req], opts.publisher) };
}

/** A file PyPI has no provenance for (Integrity API 404, Simple API `provenance: null`). */
export function unsignedFile(filename: string): SiteFile {
  return { filename, sha256: fakeSha256(filename) };
}

/**
 * Opens the release in `page` (tracking its warnings), waits for its summary and analysis,
 * then opens the popup for its tab and waits for the popup's analysis.
 */
export async function visitRelease(
  page: Page,
  args: { context: BrowserContext; extensionId: string; serviceWorker: Worker },
  url: string,
): Promise<{ summary: string; warnings: string[]; popup: Page; tabId: number }> {
  const { summary, warnings } = await openAnalysedRelease(page, url);
  const tabId = await tabIdOf(args.serviceWorker, url);
  const popup = await openPopup(args.context, args.extensionId, tabId);
  await popupAnalysed(popup);
  return { summary, warnings, popup, tabId };
}
