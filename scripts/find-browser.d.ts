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
