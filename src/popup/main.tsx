/** Popup entry: wiring only (which tab, the store over the background's messages, render). */
import { render } from 'preact';
import { ext } from '../shared/ext.js';
import { send, type SendFn } from '../shared/messages.js';
import { createHostAccessStore } from '../ui/host-access-store.js';
import { App } from './App.js';
import './popup.css';
import { createPopupStore } from './store.js';
import { tabIdFromSearch } from './tab-id.js';

const sendToBackground: SendFn = (type, payload) => send(ext.runtime, type, payload);

async function resolveTabId(): Promise<number | undefined> {
  const fromQuery = tabIdFromSearch(location.search);
  if (fromQuery !== undefined) return fromQuery;
  // The active tab's id needs no "tabs" permission (only its URL and title would).
  const [tab] = await ext.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

const tabId = resolveTabId();
tabId.catch(() => undefined);
const store = createPopupStore({ send: sendToBackground, resolveTabId: () => tabId });
// What the browser lets the extension read, and the tab's URL when it may see it (no `tabs`
// permission: docs/site-access.md).
const access = createHostAccessStore({
  permissions: ext.permissions,
  tabs: ext.tabs,
  tabId: () => tabId,
});
render(<App store={store} access={access} />, document.getElementById('app')!);
void store.start();
void access.start();
addEventListener('pagehide', () => {
  store.dispose();
  access.dispose();
});
