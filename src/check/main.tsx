/** Check page entry: wiring only (the store over the background's messages, render). */
import { render } from 'preact';
import { ext } from '../shared/ext.js';
import { send, type SendFn } from '../shared/messages.js';
import { App } from './App.js';
import './check.css';
import { sha256OfFile } from './hash.js';
import { createCheckStore, isIndex } from './store.js';

const sendToBackground: SendFn = (type, payload) => send(ext.runtime, type, payload);

// `?index=https://test.pypi.org` (the popup passes its release's index).
const requested = new URLSearchParams(location.search).get('index');
const store = createCheckStore<File>({
  send: sendToBackground,
  hash: sha256OfFile,
  ...(isIndex(requested) && { index: requested }),
});
render(<App store={store} />, document.getElementById('app')!);
store.start();

// A file dropped anywhere on the page is checked, never opened by the browser in its place.
addEventListener('dragover', (event) => event.preventDefault());
addEventListener('drop', (event: DragEvent) => {
  event.preventDefault();
  const files = [...(event.dataTransfer?.files ?? [])];
  if (files.length > 0) store.add(files);
});
addEventListener('pagehide', () => store.dispose());
