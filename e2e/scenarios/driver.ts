/**
 * What a shared scenario (e2e/scenarios/index.ts) may do with a browser: the same small
 * interface over Chromium (Playwright, e2e/scenarios/chromium.ts) and Firefox (puppeteer-core
 * over WebDriver BiDi, e2e/firefox/driver.ts). Everything it reads is the product's test
 * contract (product.md): data attributes on the content script's host elements, text inside
 * their closed shadow roots, data-testids on the extension pages, and the toolbar action.
 */

export type BrowserName = 'chromium' | 'firefox';

/** How often waits look again (ms): Playwright's default backs off to a full second. */
export const POLL_INTERVALS = [100, 250];

export interface ToolbarState {
  text: string;
  title: string;
}

/** A project page (or any pypi.org page) open in a tab of its own. */
export interface TabDriver {
  /** The URL last opened in this tab. */
  readonly url: string;
  /** Loads `url` (HTTP 200 expected), recording the summary's states and the warnings. */
  goto(url: string): Promise<void>;
  /** Reloads the page, recording afresh. */
  reload(): Promise<void>;
  /** Goes back one page in the tab's history (the page may come from the back/forward cache). */
  goBack(): Promise<void>;
  /** Waits until the summary leaves `pending` (up to `timeout` ms); returns that state. */
  settledSummary(timeout?: number): Promise<string>;
  /** The summary's current state (`data-provenance-summary`), null when there is none. */
  summary(): Promise<string | null>;
  /** Every distinct summary state since the page started loading, in order. */
  summaryHistory(): Promise<string[]>;
  /** The file badges' states by filename. */
  fileStates(): Promise<Record<string, string | null>>;
  /** A details card's `data-provenance-state`, null when there is no such card. */
  cardState(filename: string): Promise<string | null>;
  /** Text inside the closed shadow root of the host with attribute `name` (= `value`). */
  shadowText(name: string, value?: string): Promise<string>;
  /** A details card's text, once built (it is scrolled into view first, as a reader would). */
  cardText(filename: string): Promise<string>;
  /** Clicks, with the mouse, the button labelled `label` inside a host's closed shadow root. */
  clickInShadow(label: string, name: string, value?: string): Promise<void>;
  /** Waits for the release's analysis; returns its warning kinds (`data-provenance-warnings`). */
  settledWarnings(): Promise<string[]>;
  /** Sets `location.hash` (a same-document navigation, e.g. PyPI's tabs). */
  setHash(hash: string): Promise<void>;
  /**
   * The browser's id of this tab (as `tabs.query` sees it). Found by the tab's URL, which the
   * extension sees only while it may read the site: ask before withholding access (the id is
   * kept from then on).
   */
  tabId(): Promise<number>;
  /** The toolbar action's badge text and title for this tab. */
  toolbar(): Promise<ToolbarState>;
  close(): Promise<void>;
}

/** One element found on an extension page: its normalized text and its attributes. */
export interface FoundElement {
  text: string;
  attrs: Record<string, string>;
}

/** The popup or the options page, opened as a page. */
export interface ExtensionPageDriver {
  /** Every element matching the CSS selector, in document order. */
  query(selector: string): Promise<FoundElement[]>;
  /** Clicks the (first) element matching the selector, with the mouse. */
  click(selector: string): Promise<void>;
  /** Focuses the (first) element matching the selector and presses `key` (e.g. Enter). */
  press(selector: string, key: 'Enter'): Promise<void>;
  /** Types `text` into the (first) matching text field, replacing its content. */
  fill(selector: string, text: string): Promise<void>;
  reload(): Promise<void>;
  close(): Promise<void>;
}

export interface ExtensionDriver {
  readonly browser: BrowserName;
  /** A new tab on `url` (HTTP 200 expected), recording the summary and warnings from the start. */
  open(url: string): Promise<TabDriver>;
  /** The popup for `tab` (`?tabId=N`, product.md "Test contract"). */
  popup(tab: TabDriver): Promise<ExtensionPageDriver>;
  options(): Promise<ExtensionPageDriver>;
  /**
   * Returns once the extension's background (Chromium's service worker, Firefox's event page)
   * is not running: Chromium's is stopped as Chromium does after ~30 s idle; Firefox's goes
   * by itself, after the `extensions.background.idle.timeout` the scenario asked for.
   */
  suspended(): Promise<void>;
  /** Whether the background runs right now. */
  backgroundRunning(): Promise<boolean>;
  /**
   * Withholds the extension's access to `hosts` (pypi.org, test.pypi.org) as a user does in
   * the browser's own settings: Chromium's site access in chrome://extensions ("on click", or
   * "on specific sites" with the other host), Firefox's host permissions of the add-on
   * (about:addons → Permissions). Resolves once the extension's pages can tell.
   */
  withholdSiteAccess(hosts: readonly string[]): Promise<void>;
  /**
   * The user answers "Allow" to the browser's permission request that a click in an
   * extension page just made. Firefox: its prompt is found and allowed. Chromium: its prompt
   * is native UI that a headless test cannot reach; the site access is granted in
   * chrome://extensions instead, as the user could (docs/site-access.md).
   */
  acceptSiteAccessRequest(): Promise<void>;
}
