/**
 * The background service worker: wiring only. It answers the typed messages of
 * src/shared/messages.ts from the extension's own contexts (each request checked against its
 * schema first, src/shared/requests.ts) and ignores everything else, keeps each tab's toolbar
 * icon in step with the release it shows, and starts on a project page as its tab loads.
 */
import type { Runtime } from 'webextension-polyfill';
import { ext } from '../shared/ext.js';
import { hasAccess } from '../shared/host-access.js';
import type { Sender } from '../shared/messages.js';
import { parseProjectUrl } from '../shared/project-page.js';
import { extensionStore, indexedDbStore, indexedDbTable } from './cache.js';
import { dispatch } from './dispatch.js';
import { createHandlers } from './handlers.js';
import { HistoryService } from './history-service.js';
import { MemoryStore } from './memory-store.js';
import { ReleaseService } from './release-service.js';
import { TabStates } from './tab-state.js';
import { SessionListed } from './session-listed.js';
import { Toolbar } from './toolbar.js';
import { TUF_ORIGIN, TUF_PERMISSION } from '../shared/tuf-repository.js';
import { fetchTufFile, TrustRoot } from './trust-root.js';
import {
  productionRootJson,
  productionTrust,
  trustInfo,
  verifyProvenanceAsync,
  warmUpVerifier,
} from './verifier.js';

const toolbar = new Toolbar(ext.action as never, (path) => ext.runtime.getURL(path));
const tabs = new TabStates(extensionStore(ext.storage.session), (tabId, state) =>
  toolbar.show(tabId, state),
);

/** The index is asked without cookies: what it answers is public. */
const fetchIndex: typeof fetch = (input, init) => fetch(input, { ...init, credentials: 'omit' });

/** The bundled trust root, and what an optional refresh over TUF added (trust-root.ts). */
const trustRoot = new TrustRoot(indexedDbTable('pypi-provenance-trust', 'trust'), {
  json: productionRootJson,
  trust: productionTrust(),
  info: trustInfo,
});
void trustRoot.current();

/** Verification against the root in force. */
const verify: typeof verifyProvenanceAsync = async (input) =>
  verifyProvenanceAsync({ ...input, trust: await trustRoot.trust() });

const service = new ReleaseService({
  fetch: fetchIndex,
  store: indexedDbStore(),
  listed: new SessionListed(extensionStore(ext.storage.session)),
  trustKey: () => trustRoot.key(),
  verifier: { verify, warmUp: async () => warmUpVerifier(await trustRoot.trust()) },
});

const handlers = createHandlers({
  version: ext.runtime.getManifest().version,
  trust: {
    info: () => trustRoot.info(),
    refreshState: () => trustRoot.refreshState(),
    update: (req) => trustRoot.update(req),
    fetchTuf: (path, maxLength) =>
      fetchTufFile(
        { fetch, permitted: () => ext.permissions.contains(TUF_PERMISSION), origin: TUF_ORIGIN },
        path,
        maxLength,
      ),
  },
  service,
  tabs,
  // The memory lives in the worker's IndexedDB (content scripts cannot read it), moved over
  // from storage.local where earlier versions kept it.
  history: new HistoryService(
    service,
    new MemoryStore(
      indexedDbTable('pypi-provenance-memory', 'memory'),
      extensionStore(ext.storage.local),
    ),
  ),
  verify,
  // A request that fails while the user withholds our access to the index is no `error`.
  hasAccess: (index) => hasAccess(ext.permissions, index),
});

ext.tabs.onRemoved.addListener((tabId) => {
  toolbar.removed(tabId);
  void tabs.remove(tabId);
});

// A tab that loads another page forgets its release; if the new page is a project page its
// content script lists it afresh (and a page restored by back/forward re-lists on pageshow).
ext.tabs.onUpdated.addListener((tabId, change, tab) => {
  // tab.url is visible to us only on pypi.org/test.pypi.org (host permissions).
  // Also when the page changed its URL itself (history.pushState: Chrome reports it as
  // loading, keeps the toolbar as it was, and no content script runs again): what the tab
  // showed no longer belongs to its URL, so it is forgotten and the toolbar cleared.
  // Only a URL that changed, or a site we may not see, says where the tab is now: Firefox's
  // first loading event still names the page being left (docs/firefox.md, difference 2).
  if (change.status === 'loading' || change.url !== undefined) {
    toolbar.navigated(tabId);
    if (change.url !== undefined || tab.url === undefined) {
      void tabs.navigated(tabId, change.url).then((forgot) => {
        if (forgot) toolbar.clear(tabId);
      });
    }
  }
  // A project page is loading: its content script will ask for its release in a moment (once
  // the renderer has the document); the listing and checks start now, and its requests join
  // them. The URL is the one the tab is going to (a URL not yet committed is Chrome's
  // pendingUrl), never tab.url: Firefox's first loading event still names the page being left
  // (docs/firefox.md), which must not be listed again.
  if (change.status === 'loading') {
    const url = change.url ?? (tab as { pendingUrl?: string }).pendingUrl;
    const page = url === undefined ? undefined : parseProjectUrl(url);
    if (page) void service.warm(page.index, page.project, page.version);
    // The tab in front: its release's requests go first (the listing is the one warm asked for).
    if (page && tab.active) {
      // Its listing too, when the URL names the version (a bare URL's is known once listed).
      if (page.version !== undefined) service.focus(page.index, page.project, page.version);
      void service
        .listRelease(page.index, page.project, page.version)
        .then((r) => service.focus(page.index, page.project, r.version))
        .catch(() => undefined);
    }
  }
});

// The user turned to another tab: the release it shows (if any) goes first.
ext.tabs.onActivated.addListener(({ tabId }) => {
  void tabs.get(tabId).then((s) => {
    if (s?.version) service.focus(s.index, s.project, s.version);
    else service.focus();
  });
});

// The tabs' states (their URLs and releases) are for the extension's own pages: never for
// content scripts. Chrome's default already; said explicitly where the browser supports it.
void (ext.storage.session as { setAccessLevel?: (o: { accessLevel: string }) => Promise<void> })
  .setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' })
  .catch(() => undefined);

/**
 * Who sent a message: one of the extension's own pages (also when opened in a tab of its own:
 * it names the tab it is about in the request), or a content script, which speaks for its tab.
 */
function senderOf(sender: Runtime.MessageSender): Sender {
  const fromPage = sender.url?.startsWith(ext.runtime.getURL('')) ?? false;
  if (fromPage) return { context: 'extension', url: sender.url! };
  return {
    context: 'content',
    ...(sender.tab?.id !== undefined && { tabId: sender.tab.id }),
    ...(sender.url !== undefined && { url: sender.url }),
  };
}

ext.runtime.onMessage.addListener(((
  message: unknown,
  sender: Runtime.MessageSender,
  sendResponse: (reply: unknown) => void,
) => {
  // Only our own pages and content scripts can reach us (no externally_connectable), but
  // check anyway: a message from elsewhere, or not of our protocol, gets no answer at all.
  if (sender.id !== ext.runtime.id) return undefined;
  const reply = dispatch(handlers, message, senderOf(sender));
  if (!reply) return undefined;
  void reply.then(sendResponse);
  return true;
}) as Runtime.OnMessageListener);
