/**
 * The background service worker: wiring only. It answers the typed messages of
 * src/shared/messages.ts from the extension's own contexts and ignores everything else, and
 * keeps each tab's toolbar icon in step with the release it shows.
 */
import browser, { type Runtime } from 'webextension-polyfill';
import { isEnvelope, type Handlers, type MessageName, type Reply } from '../shared/messages.js';
import { indexedDbStore, type KeyValueStore } from './cache.js';
import { createHandlers } from './handlers.js';
import { HistoryService, MemoryStore } from './history-service.js';
import { ReleaseService } from './release-service.js';
import { TabStates } from './tab-state.js';
import { toolbarLook } from './toolbar.js';
import { trustInfo } from './verifier.js';

const sessionStore: KeyValueStore = {
  get: async (key) => (await browser.storage.session.get(key))[key],
  set: (key, value) => browser.storage.session.set({ [key]: value }),
  delete: (key) => browser.storage.session.remove(key),
};

// The last toolbar look per tab: setIcon decodes PNGs, so unchanged looks are not re-sent.
const shown = new Map<number, string>();
const tabs = new TabStates(sessionStore, (tabId, state) => {
  const look = toolbarLook(state);
  const key = JSON.stringify(look);
  if (shown.get(tabId) === key) return;
  shown.set(tabId, key);
  // A tab may close while we work: icon updates are best effort.
  void browser.action.setIcon({ tabId, path: look.path }).catch(() => undefined);
  void browser.action.setBadgeText({ tabId, text: look.text }).catch(() => undefined);
  void browser.action.setBadgeBackgroundColor({ tabId, color: look.color }).catch(() => undefined);
  void browser.action.setTitle({ tabId, title: look.title }).catch(() => undefined);
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
  void tabs.remove(tabId);
});
// A tab that loads another page forgets its release; if the new page is a project page its
// content script lists it afresh (and a page restored by back/forward re-lists on pageshow).
browser.tabs.onUpdated.addListener((tabId, change, tab) => {
  // tab.url is visible to us only on pypi.org/test.pypi.org (host permissions).
  if (change.status === 'loading') {
    // Chrome resets a tab's action on navigation: the next look must be sent again.
    shown.delete(tabId);
    void tabs.navigated(tabId, tab.url);
  }
});

browser.runtime.onMessage.addListener(
  (message: unknown, sender: Runtime.MessageSender): Promise<Reply<MessageName>> | undefined => {
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
    return handler(message.payload, from).then(
      (value) => ({ ok: true, value }) as Reply<MessageName>,
      (err: unknown) => ({
        ok: false,
        error: {
          code: (err as { code?: string }).code ?? 'INTERNAL_ERROR',
          message: err instanceof Error ? err.message : String(err),
        },
      }),
    );
  },
);
