/** Content script entry: finds the extension runtime and starts (see app.ts). */
import { start } from './app.js';
import type { Runtime } from './release.js';

declare const chrome: { runtime: Runtime } | undefined;
declare const browser: { runtime: Runtime } | undefined;

// Firefox exposes `browser`, Chrome `chrome`; both return promises in MV3. No polyfill: this
// script must stay small.
const runtime: Runtime | undefined =
  typeof browser !== 'undefined'
    ? browser.runtime
    : typeof chrome !== 'undefined'
      ? chrome.runtime
      : undefined;

if (runtime) start(runtime);
