/**
 * The shared scenarios' ExtensionDriver (e2e/scenarios/driver.ts) over Firefox: pages through
 * puppeteer-core, moz-extension:// pages and closed shadow roots through raw BiDi (bidi.ts),
 * the extension APIs (tabs, toolbar action) from a quiet extension page, and the event page's
 * state from the browser's chrome scope.
 */
import { expect } from '@playwright/test';
import type { Page } from 'puppeteer-core';
import {
  POLL_INTERVALS,
  type ExtensionDriver,
  type ExtensionPageDriver,
  type FoundElement,
  type TabDriver,
  type ToolbarState,
} from '../scenarios/driver.js';
import { Bidi, nodeText, normalize, walkNodes, type RemoteNode } from './bidi.js';
import { EXTENSION_ORIGIN, GECKO_ID, type FirefoxSession } from './session.js';

const SETTLE_TIMEOUT = 20_000;
const PAGE_LOAD_TIMEOUT = 15_000;

export const popupUrl = (tabId?: number): string =>
  `${EXTENSION_ORIGIN}/src/popup/index.html${tabId === undefined ? '' : `?tabId=${tabId}`}`;
export const optionsUrl = (): string => `${EXTENSION_ORIGIN}/src/options/index.html`;
/** An extension document that runs no code of ours: a place to call extension APIs from. */
const CONTROL_URL = `${EXTENSION_ORIGIN}/manifest.json`;

/** The extension API as an extension page sees it (evaluated in Firefox, typed loosely). */
interface BrowserApi {
  tabs: { query(q: object): Promise<{ id?: number; url?: string }[]> };
  action: {
    getBadgeText(d: { tabId: number }): Promise<string>;
    getTitle(d: { tabId: number }): Promise<string>;
  };
}
type WithApi = typeof globalThis & { browser: BrowserApi };

/** Before the page's own scripts: records every summary state and each warnings update. */
function track(): void {
  const w = window as unknown as { __summaryStates: string[]; __warningUpdates: string[] };
  w.__summaryStates = [];
  w.__warningUpdates = [];
  new MutationObserver((records) => {
    const value = document
      .querySelector('[data-provenance-summary]')
      ?.getAttribute('data-provenance-summary');
    if (value && w.__summaryStates[w.__summaryStates.length - 1] !== value) {
      w.__summaryStates.push(value);
    }
    for (const r of records) {
      if (
        r.type === 'attributes' &&
        r.attributeName === 'data-provenance-warnings' &&
        r.target instanceof Element
      ) {
        w.__warningUpdates.push(r.target.getAttribute('data-provenance-warnings') ?? '');
      }
    }
  }).observe(document, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ['data-provenance-summary', 'data-provenance-warnings'],
  });
}

/** Waits until `page` shows `url` with its document loaded (after a BiDi navigation). */
async function loaded(page: Page, url: string): Promise<void> {
  await expect
    .poll(
      () =>
        page
          .evaluate(() => `${location.href} ${document.readyState}`)
          .catch((err: unknown) => String(err)),
      { timeout: PAGE_LOAD_TIMEOUT, intervals: POLL_INTERVALS, message: `${url} did not load` },
    )
    .toBe(`${url} complete`);
}

class FirefoxTab implements TabDriver {
  url = '';
  private id: number | undefined;
  constructor(
    private readonly driver: FirefoxDriver,
    readonly page: Page,
  ) {}

  async goto(url: string): Promise<void> {
    this.url = url;
    const response = await this.page.goto(url, { waitUntil: 'domcontentloaded' });
    expect(response?.status(), `GET ${url}`).toBe(200);
  }

  async reload(): Promise<void> {
    const response = await this.page.reload({ waitUntil: 'domcontentloaded' });
    expect(response?.status(), `reload ${this.url}`).toBe(200);
  }

  async goBack(): Promise<void> {
    // puppeteer's goBack waits for a load that a page from the back/forward cache never fires.
    const before = this.url;
    await this.driver.bidi.send('browsingContext.traverseHistory', {
      context: Bidi.contextOf(this.page),
      delta: -1,
    });
    await expect
      .poll(() => this.page.evaluate(() => location.href).catch(() => before), {
        timeout: PAGE_LOAD_TIMEOUT,
        intervals: POLL_INTERVALS,
        message: 'Back did not leave the page',
      })
      .not.toBe(before);
    this.url = await this.page.evaluate(() => location.href);
  }

  summary(): Promise<string | null> {
    return this.page.evaluate(
      () =>
        document
          .querySelector('[data-provenance-summary]')
          ?.getAttribute('data-provenance-summary') ?? null,
    );
  }

  async settledSummary(timeout = SETTLE_TIMEOUT): Promise<string> {
    let state = 'missing';
    await expect
      .poll(async () => (state = (await this.summary()) ?? 'missing'), {
        timeout,
        intervals: POLL_INTERVALS,
        message: 'the summary badge stays pending (or never shows)',
      })
      .not.toMatch(/^(pending|missing)$/);
    return state;
  }

  summaryHistory(): Promise<string[]> {
    return this.page.evaluate(() => [
      ...((window as unknown as { __summaryStates?: string[] }).__summaryStates ?? []),
    ]);
  }

  fileStates(): Promise<Record<string, string | null>> {
    return this.page.evaluate(() => {
      const out: Record<string, string | null> = {};
      for (const badge of document.querySelectorAll('[data-provenance-file]')) {
        out[badge.getAttribute('data-provenance-file') ?? ''] =
          badge.getAttribute('data-provenance-state');
      }
      return out;
    });
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

  /** The host element with attribute `name` (= `value`), serialized with its closed shadow root. */
  private async host(name: string, value?: string): Promise<RemoteNode> {
    const result = await this.driver.bidi.callFunction(
      this.page,
      `(name, value) => [...document.querySelectorAll('[' + name + ']')]
        .find((e) => value === undefined || e.getAttribute(name) === value) ?? null`,
      [
        { type: 'string', value: name },
        value === undefined ? { type: 'undefined' } : { type: 'string', value },
      ],
    );
    if (result.type !== 'node') {
      throw new Error(`no element with ${name}${value === undefined ? '' : `="${value}"`}`);
    }
    return result as RemoteNode;
  }

  async shadowText(name: string, value?: string): Promise<string> {
    const host = await this.host(name, value);
    return normalize(nodeText(host.value?.shadowRoot ?? undefined));
  }

  async cardText(filename: string): Promise<string> {
    // Cards are built when first on screen (a details panel opened).
    await this.page.evaluate((f) => {
      [...document.querySelectorAll('[data-provenance-card]')]
        .find((e) => e.getAttribute('data-provenance-card') === f)
        ?.scrollIntoView({ block: 'center' });
    }, filename);
    let text = '';
    await expect
      .poll(async () => (text = await this.shadowText('data-provenance-card', filename)), {
        timeout: SETTLE_TIMEOUT,
        intervals: POLL_INTERVALS,
      })
      .not.toBe('');
    return text;
  }

  async clickInShadow(label: string, name: string, value?: string): Promise<void> {
    const host = await this.host(name, value);
    const button = [...walkNodes(host.value?.shadowRoot ?? undefined)].find(
      (n) => n.value?.localName === 'button' && normalize(nodeText(n)) === label,
    );
    if (!button?.sharedId) throw new Error(`no "${label}" button in the shadow root of [${name}]`);
    const point = await this.driver.bidi.callFunction(
      this.page,
      `function () {
        this.scrollIntoView({ block: 'center' });
        const r = this.getBoundingClientRect();
        return [r.x + r.width / 2, r.y + r.height / 2];
      }`,
      [],
      { sharedId: button.sharedId },
    );
    const [x, y] = ((point.value ?? []) as { value: number }[]).map((v) => v.value);
    if (x === undefined || y === undefined) throw new Error(`the "${label}" button has no box`);
    // The point must hit our host (the page sees a shadow root's content as its host).
    const hit = await this.page.evaluate(
      (px, py, attr) => document.elementFromPoint(px, py)?.hasAttribute(attr) ?? false,
      x,
      y,
      name,
    );
    expect(hit, `the point (${x}, ${y}) is not on [${name}]`).toBe(true);
    await this.page.mouse.click(x, y);
  }

  async settledWarnings(): Promise<string[]> {
    await expect
      .poll(
        () =>
          this.page.evaluate(
            () =>
              (window as unknown as { __warningUpdates?: string[] }).__warningUpdates?.length ?? -1,
          ),
        {
          timeout: SETTLE_TIMEOUT,
          intervals: POLL_INTERVALS,
          message: 'the content script never showed the release analysis (warnings)',
        },
      )
      .toBeGreaterThan(0);
    const value = await this.page.evaluate(() => {
      const hosts = document.querySelectorAll('[data-provenance-warnings]');
      return hosts.length === 1 ? (hosts[0]?.getAttribute('data-provenance-warnings') ?? '') : null;
    });
    expect(value, 'exactly one warnings host').not.toBeNull();
    return (value ?? '').split(' ').filter((k) => k !== '');
  }

  async setHash(hash: string): Promise<void> {
    await this.page.evaluate((h) => {
      location.hash = h;
    }, hash);
    // Let the browser tell the background about the same-document navigation.
    await new Promise((r) => setTimeout(r, 300));
  }

  async tabId(): Promise<number> {
    if (this.id !== undefined) return this.id;
    const control = await this.driver.control();
    let id: number | undefined;
    await expect
      .poll(
        async () => {
          const tabs = await control.evaluate(() => (globalThis as WithApi).browser.tabs.query({}));
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
        text: await (globalThis as WithApi).browser.action.getBadgeText({ tabId: id }),
        title: await (globalThis as WithApi).browser.action.getTitle({ tabId: id }),
      }),
      tabId,
    );
  }

  async close(): Promise<void> {
    await this.page.close().catch(() => undefined);
  }
}

class FirefoxExtensionPage implements ExtensionPageDriver {
  constructor(
    private readonly driver: FirefoxDriver,
    readonly page: Page,
    private readonly url: string,
  ) {}

  query(selector: string): Promise<FoundElement[]> {
    return this.page.evaluate(
      (sel) =>
        [...document.querySelectorAll(sel)].map((e) => ({
          text: (e.textContent ?? '').replace(/\s+/g, ' ').trim(),
          attrs: Object.fromEntries([...e.attributes].map((a) => [a.name, a.value])),
        })),
      selector,
    );
  }

  async click(selector: string): Promise<void> {
    await this.page.waitForSelector(selector, { visible: true, timeout: SETTLE_TIMEOUT });
    await this.page.click(selector);
  }

  async press(selector: string, key: 'Enter'): Promise<void> {
    await this.page.waitForSelector(selector, { visible: true, timeout: SETTLE_TIMEOUT });
    await this.page.focus(selector);
    await this.page.keyboard.press(key);
  }

  async fill(selector: string, text: string): Promise<void> {
    await this.page.waitForSelector(selector, { visible: true, timeout: SETTLE_TIMEOUT });
    // As Playwright's fill: the value set at once, then an input event.
    await this.page.$eval(
      selector,
      (el, value) => {
        const field = el as HTMLTextAreaElement | HTMLInputElement;
        field.focus();
        field.value = value;
        field.dispatchEvent(new Event('input', { bubbles: true }));
      },
      text,
    );
  }

  async reload(): Promise<void> {
    await this.driver.bidi.reload(this.page);
    await new Promise((r) => setTimeout(r, 100));
    await loaded(this.page, this.url);
  }

  async close(): Promise<void> {
    await this.page.close().catch(() => undefined);
  }
}

export class FirefoxDriver implements ExtensionDriver {
  readonly browser = 'firefox' as const;
  readonly bidi: Bidi;
  private controlPage: Promise<Page> | undefined;

  constructor(readonly session: FirefoxSession) {
    this.bidi = new Bidi(session.browser);
  }

  /** An extension page to call extension APIs from (opened once, it sends us no message). */
  control(): Promise<Page> {
    this.controlPage ??= this.extensionPage(CONTROL_URL);
    return this.controlPage;
  }

  /** A new tab on a moz-extension:// URL (BiDi navigation, see bidi.ts). */
  async extensionPage(url: string, viewport?: { width: number; height: number }): Promise<Page> {
    const page = await this.session.browser.newPage();
    if (viewport) await page.setViewport(viewport);
    await this.bidi.navigate(page, url);
    await loaded(page, url);
    return page;
  }

  async open(url: string): Promise<TabDriver> {
    const page = await this.session.browser.newPage();
    await page.evaluateOnNewDocument(track);
    const tab = new FirefoxTab(this, page);
    await tab.goto(url);
    return tab;
  }

  async popup(tab: TabDriver): Promise<ExtensionPageDriver> {
    const url = popupUrl(await tab.tabId());
    const page = await this.extensionPage(url, { width: 400, height: 600 });
    return new FirefoxExtensionPage(this, page, url);
  }

  async options(): Promise<ExtensionPageDriver> {
    const url = optionsUrl();
    return new FirefoxExtensionPage(this, await this.extensionPage(url), url);
  }

  /** The event page's state: running, stopped, suspending, starting (Extension.sys.mjs). */
  backgroundState(): Promise<string> {
    return this.bidi.evaluateChrome<string>(
      `WebExtensionPolicy.getByID(${JSON.stringify(GECKO_ID)})?.extension?.backgroundState ?? 'no extension'`,
    );
  }

  /** Whether an extension page may read `host` now (permissions.contains). */
  private async granted(host: string): Promise<boolean> {
    const control = await this.control();
    return control.evaluate(
      (origin) =>
        (
          globalThis as unknown as {
            browser: { permissions: { contains(p: object): Promise<boolean> } };
          }
        ).browser.permissions.contains({ origins: [origin] }),
      `https://${host}/*`,
    );
  }

  async withholdSiteAccess(hosts: readonly string[]): Promise<void> {
    // What about:addons does when the user turns a site off under Permissions
    // (addon-card.mjs setAddonPermission): ExtensionPermissions.remove, normalized against
    // the add-on's optional permissions (Firefox MV3 host permissions are optional).
    const id = JSON.stringify(GECKO_ID);
    const origins = JSON.stringify(hosts.map((h) => `https://${h}/*`));
    await this.bidi.evaluateChrome<boolean>(`(async () => {
      const { ExtensionPermissions } = ChromeUtils.importESModule(
        'resource://gre/modules/ExtensionPermissions.sys.mjs');
      const { AddonManager } = ChromeUtils.importESModule(
        'resource://gre/modules/AddonManager.sys.mjs');
      const addon = await AddonManager.getAddonByID(${id});
      const perms = ExtensionPermissions.normalizeOptional(
        { permissions: [], origins: ${origins} }, addon.optionalPermissions);
      await ExtensionPermissions.remove(${id}, perms, WebExtensionPolicy.getByID(${id}).extension);
      return true;
    })()`);
    for (const host of hosts) {
      await expect.poll(() => this.granted(host), { message: `${host} still granted` }).toBe(false);
    }
  }

  async acceptSiteAccessRequest(): Promise<void> {
    // The prompt Firefox shows for permissions.request (ExtensionsUI.sys.mjs, a doorhanger
    // "addon-webext-permissions" on the requesting tab); its main button is "Allow".
    const find = `(() => {
      for (const w of Services.wm.getEnumerator('navigator:browser')) {
        for (const b of w.gBrowser.browsers) {
          const n = w.PopupNotifications.getNotification('addon-webext-permissions', b);
          if (n) return { w, n };
        }
      }
      return undefined;
    })()`;
    await expect
      .poll(() => this.bidi.evaluateChrome<boolean>(`${find} !== undefined`), {
        timeout: SETTLE_TIMEOUT,
        intervals: POLL_INTERVALS,
        message: 'Firefox shows no permission prompt',
      })
      .toBe(true);
    // Its "Allow" button, clicked as the user would (the doorhanger is open on that tab).
    const clicked = await this.bidi.evaluateChrome<string>(`(() => {
      const { w, n } = ${find};
      const el = [...w.PopupNotifications.panel.children].find((e) => e.notification === n);
      if (!el?.button) return 'no button in the panel';
      el.button.click();
      return el.button.label || el.button.textContent || '';
    })()`);
    expect(clicked, 'the prompt’s main button').toMatch(/^\s*Allow\s*$/i);
    await expect
      .poll(() => this.bidi.evaluateChrome<boolean>(`${find} === undefined`), {
        timeout: 5_000,
        intervals: POLL_INTERVALS,
        message: `the prompt is still there after a click on its button (${clicked})`,
      })
      .toBe(true);
  }

  async backgroundRunning(): Promise<boolean> {
    return (await this.backgroundState()) === 'running';
  }

  async suspended(): Promise<void> {
    const idle = this.session.prefs['extensions.background.idle.timeout'];
    if (typeof idle !== 'number') {
      throw new Error(
        'this Firefox was started without extensions.background.idle.timeout: its event page ' +
          'would take 30 s to suspend (set the scenario`s backgroundIdleTimeoutMs)',
      );
    }
    await expect
      .poll(() => this.backgroundState(), {
        timeout: idle + 15_000,
        intervals: [50, 100],
        message: 'the event page was not suspended',
      })
      .toBe('stopped');
  }
}
