/**
 * The background service worker: wiring only. It answers the typed messages of
 * src/shared/messages.ts from the extension's own contexts and ignores everything else, and
 * keeps each tab's toolbar icon in step with the release it shows.
 */
import type { Action, Browser, Runtime } from 'webextension-polyfill';
import {
  isEnvelope,
  type Handlers,
  type MessageName,
  type Reply,
  type TabState,
} from '../shared/messages.js';
import { indexedDbStore, type KeyValueStore } from './cache.js';
import { parseProjectUrl } from '../shared/project-page.js';
import { createHandlers } from './handlers.js';
import { HistoryService, MemoryStore } from './history-service.js';
import { ReleaseService } from './release-service.js';
import { TabStates } from './tab-state.js';
import { toolbarLook, type ToolbarLook } from './toolbar.js';
import { trustInfo } from './verifier.js';

declare const chrome: unknown;
/**
 * The extension API with promises: Firefox's `browser`, or Chrome's `chrome` (which returns
 * promises in MV3). The worker does without webextension-polyfill (9.6 kB of its bundle);
 * replies go through `sendResponse`, which both browsers support.
 */
const browser = ((globalThis as { browser?: unknown }).browser ?? chrome) as Browser;

const sessionStore: KeyValueStore = {
  get: async (key) => (await browser.storage.session.get(key))[key],
  set: (key, value) => browser.storage.session.set({ [key]: value }),
  delete: (key) => browser.storage.session.remove(key),
};

/**
 * The toolbar icons, decoded once per worker life. `setIcon({ path })` fetches and decodes
 * every size's PNG on each call (~20 ms of the worker's time per call, measured by profiling
 * `npm run bench`); pixels kept in memory make a change of look a plain message.
 */
const decoded = new Map<string, Promise<Record<string, ImageData>>>();
function iconPixels(path: ToolbarLook['path']): Promise<Record<string, ImageData>> {
  // The toolbar shows 16 px (32 px on high-density screens); the other sizes are for menus.
  const files = { '16': path['16'], '32': path['32'] };
  const key = JSON.stringify(files);
  let pixels = decoded.get(key);
  if (!pixels) {
    pixels = (async () => {
      const out: Record<string, ImageData> = {};
      for (const [size, file] of Object.entries(files)) {
        const response = await fetch(browser.runtime.getURL(file));
        const bitmap = await createImageBitmap(await response.blob());
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const context = canvas.getContext('2d');
        if (!context) throw new Error('no 2D canvas');
        context.drawImage(bitmap, 0, 0);
        out[size] = context.getImageData(0, 0, bitmap.width, bitmap.height);
      }
      return out;
    })();
    decoded.set(key, pixels);
    pixels.catch(() => decoded.delete(key));
  }
  return pixels;
}

async function setIcon(tabId: number, path: ToolbarLook['path']): Promise<void> {
  try {
    const imageData = (await iconPixels(path)) as Record<string, Action.ImageDataType>;
    await browser.action.setIcon({ tabId, imageData });
  } catch {
    // No canvas here, or the pixels were refused: the browser loads the files itself.
    await browser.action.setIcon({ tabId, path });
  }
}

// The last toolbar look per tab (unchanged looks are not re-sent), and the states waiting to
// be shown: the changes of a burst (a listing's "pending" and its results) become one update,
// at most 100 ms late, and the icons' decoding stays off a first visit's busiest moment.
const shown = new Map<number, string>();
const queued = new Map<number, TabState>();
function showToolbar(): void {
  for (const [tabId, state] of queued) {
    const look = toolbarLook(state);
    const key = JSON.stringify(look);
    if (shown.get(tabId) === key) continue;
    shown.set(tabId, key);
    // A tab may close while we work: icon updates are best effort.
    void setIcon(tabId, look.path).catch(() => undefined);
    void browser.action.setBadgeText({ tabId, text: look.text }).catch(() => undefined);
    void browser.action
      .setBadgeBackgroundColor({ tabId, color: look.color })
      .catch(() => undefined);
    void browser.action.setTitle({ tabId, title: look.title }).catch(() => undefined);
  }
  queued.clear();
}
const tabs = new TabStates(sessionStore, (tabId, state) => {
  if (queued.size === 0) setTimeout(showToolbar, 100);
  queued.set(tabId, state);
});

const fetchIndex: typeof fetch = (input, init) => fetch(input, { ...init, credentials: 'omit' });

const service = new ReleaseService({
  fetch: fetchIndex,
  store: indexedDbStore(),
  trustKey: trustInfo.sha256.slice(0, 16),
});

const localStore: KeyValueStore = {
  get: async (key) => (await browser.storage.local.get(key))[key],
  set: (key, value) => browser.storage.local.set({ [key]: value }),
  delete: (key) => browser.storage.local.remove(key),
};

const handlers: Handlers = createHandlers({
  fetch: fetchIndex,
  version: browser.runtime.getManifest().version,
  service,
  tabs,
  history: new HistoryService(service, new MemoryStore(localStore)),
});

browser.tabs.onRemoved.addListener((tabId) => {
  shown.delete(tabId);
  queued.delete(tabId);
  void tabs.remove(tabId);
});
// A tab that loads another page forgets its release; if the new page is a project page its
// content script lists it afresh (and a page restored by back/forward re-lists on pageshow).
browser.tabs.onUpdated.addListener((tabId, change, tab) => {
  // tab.url is visible to us only on pypi.org/test.pypi.org (host permissions).
  if (change.status === 'loading') {
    // Chrome resets a tab's action on navigation: the next look must be sent again, and a
    // look still waiting for the page the tab left must not be shown on the new one.
    shown.delete(tabId);
    queued.delete(tabId);
    void tabs.navigated(tabId, tab.url);
  }
  // A project page is loading: its content script will ask for its release in a moment (once
  // the renderer has the document); the listing and checks start now, and its requests join
  // them. (A URL not yet committed is the tab's pendingUrl.)
  if (change.status === 'loading' || change.url !== undefined) {
    const url = change.url ?? tab.pendingUrl ?? tab.url;
    const page = url === undefined ? undefined : parseProjectUrl(url);
    if (page) void service.warm(page.index, page.project, page.version);
  }
});

browser.runtime.onMessage.addListener(((
  message: unknown,
  sender: Runtime.MessageSender,
  sendResponse: (reply: unknown) => void,
) => {
  // Only our own pages and content scripts can reach us (no externally_connectable), but
  // check anyway: a message from elsewhere gets no answer at all.
  if (sender.id !== browser.runtime.id || !isEnvelope(message)) return undefined;
  const handler = handlers[message.type] as (
    req: unknown,
    s: { tabId?: number; url?: string },
  ) => Promise<unknown>;
  // A content script speaks for its tab; an extension page (the popup, also when opened in
  // a tab of its own) names the tab it is about in the request.
  const fromPage = sender.url?.startsWith(browser.runtime.getURL('')) ?? false;
  const from = {
    ...(!fromPage && sender.tab?.id !== undefined && { tabId: sender.tab.id }),
    ...(sender.url !== undefined && { url: sender.url }),
  };
  void handler(message.payload, from)
    .then(
      (value) => ({ ok: true, value }) as Reply<MessageName>,
      (err: unknown) => ({
        ok: false,
        error: {
          code: (err as { code?: string }).code ?? 'INTERNAL_ERROR',
          message: err instanceof Error ? err.message : String(err),
        },
      }),
    )
    .then(sendResponse);
  return true;
}) as Runtime.OnMessageListener);
