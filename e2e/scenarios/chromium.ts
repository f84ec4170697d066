/**
 * The shared scenarios' ExtensionDriver (./driver.ts) over Chromium: the Playwright context of
 * e2e/fixtures.ts and the helpers of the Chromium specs (closed shadow roots through the
 * DevTools protocol). The tabs and the toolbar are read from an extension page, so they stay
 * readable while the service worker is stopped.
 */
import { expect, type BrowserContext, type Page } from '@playwright/test';
import { popupUrl } from '../fixtures.js';
import {
  cardText,
  clickInShadow,
  fileStates,
  settledSummary,
  settledWarnings,
  shadowText,
  summaryHistory,
  trackSummary,
  trackWarnings,
} from '../page-readers.js';
import { openOptions } from '../popup-readers.js';
import type {
  ExtensionDriver,
  ExtensionPageDriver,
  FoundElement,
  TabDriver,
  ToolbarState,
} from './driver.js';

/** The extension API as an extension page sees it (evaluated in Chromium, typed loosely). */
type WithChrome = typeof globalThis & {
  chrome: {
    tabs: { query(q: object): Promise<{ id?: number; url?: string }[]> };
    action: {
      getBadgeText(d: { tabId: number }): Promise<string>;
      getTitle(d: { tabId: number }): Promise<string>;
    };
  };
};

interface TargetInfo {
  targetId: string;
  type: string;
  url: string;
}

class ChromiumTab implements TabDriver {
  url = '';
  private id: number | undefined;
  constructor(
    private readonly driver: ChromiumDriver,
    readonly page: Page,
  ) {}

  async goto(url: string): Promise<void> {
    this.url = url;
    expect((await this.page.goto(url))?.status(), `GET ${url}`).toBe(200);
  }

  async reload(): Promise<void> {
    expect((await this.page.reload())?.status(), `reload ${this.url}`).toBe(200);
  }

  async goBack(): Promise<void> {
    await this.page.goBack();
    this.url = this.page.url();
  }

  settledSummary(timeout?: number): Promise<string> {
    return settledSummary(this.page, timeout);
  }

  summary(): Promise<string | null> {
    return this.page.evaluate(
      () =>
        document
          .querySelector('[data-provenance-summary]')
          ?.getAttribute('data-provenance-summary') ?? null,
    );
  }

  summaryHistory(): Promise<string[]> {
    return summaryHistory(this.page);
  }

  fileStates(): Promise<Record<string, string | null>> {
    return fileStates(this.page);
  }

  cardState(filename: string): Promise<string | null> {
    return this.page.evaluate(
      (f) =>
        [...document.querySelectorAll('[data-provenance-card]')]
          .find((e) => e.getAttribute('data-provenance-card') === f)
          ?.getAttribute('data-provenance-state') ?? null,
      filename,
    );
  }

  shadowText(name: string, value?: string): Promise<string> {
    return shadowText(this.page, name, value);
  }

  cardText(filename: string): Promise<string> {
    return cardText(this.page, filename);
  }

  clickInShadow(label: string, name: string, value?: string): Promise<void> {
    return clickInShadow(this.page, label, name, value);
  }

  settledWarnings(): Promise<string[]> {
    return settledWarnings(this.page);
  }

  async setHash(hash: string): Promise<void> {
    await this.page.evaluate((h) => {
      location.hash = h;
    }, hash);
    // Let the browser tell the background about the same-document navigation.
    await this.page.waitForTimeout(300);
  }

  async tabId(): Promise<number> {
    if (this.id !== undefined) return this.id;
    const control = await this.driver.control();
    let id: number | undefined;
    await expect
      .poll(
        async () => {
          const tabs = await control.evaluate(() =>
            (globalThis as WithChrome).chrome.tabs.query({}),
          );
          id = tabs.find((t) => t.url === this.url || t.url?.split('#')[0] === this.url)?.id;
          return id;
        },
        { timeout: 5_000, message: `no tab shows ${this.url}` },
      )
      .toBeDefined();
    this.id = id;
    return id!;
  }

  async toolbar(): Promise<ToolbarState> {
    const tabId = await this.tabId();
    const control = await this.driver.control();
    return control.evaluate(
      async (id) => ({
        text: await (globalThis as WithChrome).chrome.action.getBadgeText({ tabId: id }),
        title: await (globalThis as WithChrome).chrome.action.getTitle({ tabId: id }),
      }),
      tabId,
    );
  }

  async close(): Promise<void> {
    await this.page.close().catch(() => undefined);
  }
}

class ChromiumExtensionPage implements ExtensionPageDriver {
  constructor(readonly page: Page) {}

  query(selector: string): Promise<FoundElement[]> {
    return this.page.locator(selector).evaluateAll((els) =>
      els.map((e) => ({
        text: (e.textContent ?? '').replace(/\s+/g, ' ').trim(),
        attrs: Object.fromEntries([...e.attributes].map((a) => [a.name, a.value])),
      })),
    );
  }

  async click(selector: string): Promise<void> {
    await this.page.locator(selector).first().click();
  }

  async press(selector: string, key: 'Enter'): Promise<void> {
    await this.page.locator(selector).first().focus();
    await this.page.keyboard.press(key);
  }

  async fill(selector: string, text: string): Promise<void> {
    await this.page.locator(selector).first().fill(text);
  }

  async reload(): Promise<void> {
    await this.page.reload();
  }

  async close(): Promise<void> {
    await this.page.close().catch(() => undefined);
  }
}

export class ChromiumDriver implements ExtensionDriver {
  readonly browser = 'chromium' as const;
  private controlPage: Promise<Page> | undefined;

  constructor(
    private readonly context: BrowserContext,
    private readonly extensionId: string,
  ) {}

  /** An extension page to call extension APIs from (it sends the worker no message). */
  control(): Promise<Page> {
    this.controlPage ??= (async () => {
      const page = await this.context.newPage();
      await page.goto(`chrome-extension://${this.extensionId}/manifest.json`);
      return page;
    })();
    return this.controlPage;
  }

  async open(url: string): Promise<TabDriver> {
    const page = await this.context.newPage();
    await trackSummary(page);
    await trackWarnings(page);
    const tab = new ChromiumTab(this, page);
    await tab.goto(url);
    return tab;
  }

  async popup(tab: TabDriver): Promise<ExtensionPageDriver> {
    const page = await this.context.newPage();
    await page.setViewportSize({ width: 400, height: 600 });
    await page.goto(popupUrl(this.extensionId, await tab.tabId()));
    return new ChromiumExtensionPage(page);
  }

  async options(): Promise<ExtensionPageDriver> {
    return new ChromiumExtensionPage(await openOptions(this.context, this.extensionId));
  }

  /**
   * Runs `expression` in chrome://extensions, where `chrome.developerPrivate` is what the
   * page's own "Site access" controls call.
   */
  private async inExtensionsPage<T>(expression: string): Promise<T> {
    const page = await this.context.newPage();
    try {
      await page.goto('chrome://extensions/');
      return (await page.evaluate(expression)) as T;
    } finally {
      await page.close().catch(() => undefined);
    }
  }

  /** Whether an extension page may read `host` now (permissions.contains). */
  private async granted(host: string): Promise<boolean> {
    const control = await this.control();
    return control.evaluate(
      (origin) =>
        (
          globalThis as unknown as {
            chrome: { permissions: { contains(p: object): Promise<boolean> } };
          }
        ).chrome.permissions.contains({ origins: [origin] }),
      `https://${host}/*`,
    );
  }

  async withholdSiteAccess(hosts: readonly string[]): Promise<void> {
    // permissions.remove cannot remove a manifest's host permissions in Chrome ("You cannot
    // remove required permissions"); the user's site access setting can withhold them.
    const id = JSON.stringify(this.extensionId);
    const kept = ['pypi.org', 'test.pypi.org'].filter((h) => !hosts.includes(h));
    await this.inExtensionsPage(`(async () => {
      await chrome.developerPrivate.updateExtensionConfiguration({
        extensionId: ${id},
        hostAccess: ${JSON.stringify(kept.length === 0 ? 'ON_CLICK' : 'ON_SPECIFIC_SITES')},
      });
      for (const host of ${JSON.stringify(kept)}) {
        await chrome.developerPrivate.addHostPermission(${id}, 'https://' + host + '/*');
      }
    })()`);
    for (const host of hosts) {
      await expect.poll(() => this.granted(host), { message: `${host} still granted` }).toBe(false);
    }
  }

  async acceptSiteAccessRequest(): Promise<void> {
    // Chrome's permission prompt is a native dialog: no DevTools or Playwright API reaches it,
    // and no command-line switch accepts it in a release build. The user's other way to say
    // yes: site access "on all sites" in chrome://extensions.
    await this.inExtensionsPage(
      `chrome.developerPrivate.updateExtensionConfiguration({
        extensionId: ${JSON.stringify(this.extensionId)}, hostAccess: 'ON_ALL_SITES' })`,
    );
  }

  /** Runs `fn` with a DevTools session (on the control page) that sees every target. */
  private async withCdp<T>(
    fn: (send: (method: string, params?: object) => Promise<unknown>) => Promise<T>,
  ): Promise<T> {
    const cdp = await this.context.newCDPSession(await this.control());
    const send = (method: string, params?: object) =>
      cdp.send(method as 'Target.getTargets', params as never) as Promise<unknown>;
    try {
      return await fn(send);
    } finally {
      await cdp.detach().catch(() => undefined);
    }
  }

  private async workerTargets(send: (method: string) => Promise<unknown>): Promise<string[]> {
    const { targetInfos } = (await send('Target.getTargets')) as { targetInfos: TargetInfo[] };
    return targetInfos
      .filter(
        (t) =>
          t.type === 'service_worker' &&
          t.url.startsWith(`chrome-extension://${this.extensionId}/`),
      )
      .map((t) => t.targetId);
  }

  async backgroundRunning(): Promise<boolean> {
    return this.withCdp(async (send) => (await this.workerTargets(send)).length > 0);
  }

  /**
   * Stops the service worker that runs now, as Chromium does after ~30 s idle, and waits until
   * it is gone. A worker started afterwards (a page asking again) is left alone: stopping that
   * one too would lose the very messages the scenario expects to be asked again.
   */
  async suspended(): Promise<void> {
    await this.withCdp(async (send) => {
      const running = await this.workerTargets(send);
      if (running.length === 0) return;
      await send('ServiceWorker.enable');
      try {
        let polls = 0;
        await expect
          .poll(
            async () => {
              const still = (await this.workerTargets(send)).filter((id) => running.includes(id));
              // A worker still starting ignores the stop (bench/lib/browser.ts): ask again.
              if (still.length > 0 && polls++ % 20 === 0) {
                await send('ServiceWorker.stopAllWorkers');
              }
              return still.length;
            },
            { timeout: 15_000, intervals: [50], message: 'the worker did not stop' },
          )
          .toBe(0);
      } finally {
        await send('ServiceWorker.disable').catch(() => undefined);
      }
    });
  }
}
