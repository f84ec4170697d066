/**
 * Reading the extension's own surfaces: the toolbar (through the worker), the popup opened as
 * a page for a given tab, the options page, and protocol messages sent as those pages send
 * them. Selectors are the product's test contract only (product.md "Test contract":
 * data-testids in the popup).
 */
import type { BrowserContext, Locator, Page, Worker } from '@playwright/test';
import { expect, popupUrl } from './fixtures.js';
import { openAnalysedRelease, SETTLE_TIMEOUT } from './page-readers.js';

/** The extension API as the worker sees it (evaluated in the browser, typed loosely here). */
declare const chrome: {
  tabs: { query(q: Record<string, never>): Promise<{ id?: number; url?: string }[]> };
  action: {
    getBadgeText(d: { tabId: number }): Promise<string>;
    getTitle(d: { tabId: number }): Promise<string>;
  };
};

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

/** Opens the popup's publisher history (collapsed when the popup opens) if it is closed. */
export async function openTimeline(popup: Page): Promise<void> {
  const toggle = popup.getByTestId('timeline-toggle');
  if ((await toggle.getAttribute('aria-expanded')) === 'false') await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
}

/** Opens the selected file's "All signer details" (closed when a file is selected). */
export async function openSignerDetails(popup: Page): Promise<void> {
  const more = popup.getByTestId('signer-more');
  if ((await more.getAttribute('open')) === null) await more.locator('summary').click();
  await expect(more).toHaveAttribute('open', '');
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
// The options page, and messages sent as the extension's pages send them.

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

// ---------------------------------------------------------------------------------------------
// A release page and its popup.

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
