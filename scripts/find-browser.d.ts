/** Types for find-browser.js (plain JS so that `node scripts/start.js` runs it directly). */

export const CANDIDATES: readonly string[];
export const NOT_FOUND_MESSAGE: string;

export interface FindBrowserOptions {
  /** @default process.env */
  env?: Record<string, string | undefined>;
  /** @default fs.existsSync */
  exists?: (path: string) => boolean;
  /** @default CANDIDATES */
  candidates?: readonly string[];
}

export type FindBrowserResult = { ok: true; path: string } | { ok: false; message: string };

export function findBrowser(opts?: FindBrowserOptions): FindBrowserResult;

export const BRANDED_CHROME_IGNORES_LOAD_EXTENSION: number;
export const USE_CHROMIUM_HINT: string;

export function parseBrowserVersion(
  output: string,
): { product: string; version: string; major: number } | undefined;

export type LoadExtensionSupport =
  | { ok: true; path: string; product?: string; version?: string; warning?: string }
  | { ok: false; message: string };

export function loadExtensionSupport(
  path: string,
  versionOutput: string | undefined,
): LoadExtensionSupport;

export function checkBrowser(
  opts?: FindBrowserOptions & { run?: (path: string) => string },
): LoadExtensionSupport;
