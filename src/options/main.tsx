/** Options page entry: wiring only (the store over the background's messages, render). */
import { render } from 'preact';
import { ext } from '../shared/ext.js';
import { send, type SendFn } from '../shared/messages.js';
import { createHostAccessStore } from '../ui/host-access-store.js';
import { App } from './App.js';
import './options.css';
import { createOptionsStore, type PermissionsLike } from './store.js';

const sendToBackground: SendFn = (type, payload) => send(ext.runtime, type, payload);

const store = createOptionsStore({
  send: sendToBackground,
  // Absent outside an extension (the page opened as a file): the refresh cannot be turned on.
  permissions: ext.permissions as PermissionsLike | undefined,
});
// Which indexes the browser lets the extension read (docs/site-access.md).
const access = createHostAccessStore({ permissions: ext.permissions });
render(<App store={store} access={access} />, document.getElementById('app')!);
void store.load();
void access.start();
addEventListener('pagehide', () => access.dispose());
