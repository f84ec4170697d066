/**
 * The one way every context reaches the browser's extension API: Firefox's `browser`, or
 * Chrome's `chrome` (which returns promises in MV3), typed as webextension-polyfill declares
 * it. No polyfill is loaded anywhere (the content script must stay small, and both browsers
 * support promises and `sendResponse`); this module only picks the global. Undefined outside
 * an extension (unit tests under happy-dom): callers that can run there check it.
 */
import type { Browser } from 'webextension-polyfill';

const g = globalThis as { browser?: Browser; chrome?: Browser };

export const ext: Browser = (g.browser ?? g.chrome) as Browser;
