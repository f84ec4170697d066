/**
 * The part of the core that only the extension's pages use, apart from domain.ts: the worker
 * reaches domain.ts (through warnings.ts and signer.ts), and whatever domain.ts re-exports is
 * bundled into a chunk the worker loads, used or not (its budget is 250 kB). So page-only code
 * comes through here, like the content script's domain-lite.ts; the background never imports
 * this module (eslint.config.js).
 */
export type { InstallText, ListedDownload } from '../core/install.js';
export { installText } from '../core/install.js';
export { exportTexts } from '../core/memory-export.js';
