/** Types for find-firefox.js (plain JS so that `node scripts/start-firefox.js` runs it directly). */

export const FIREFOX_MIN_VERSION: string;
export const FIREFOX_CANDIDATES: readonly string[];
export const FIREFOX_NOT_FOUND_MESSAGE: string;

export interface FindFirefoxOptions {
  /** @default process.env */
  env?: Record<string, string | undefined>;
  /** @default fs.existsSync */
  exists?: (path: string) => boolean;
  /** @default FIREFOX_CANDIDATES */
  candidates?: readonly string[];
}

export type FindFirefoxResult = { ok: true; path: string } | { ok: false; message: string };

export function findFirefox(opts?: FindFirefoxOptions): FindFirefoxResult;

export function parseFirefoxVersion(output: string): string | undefined;

export function compareVersions(a: string, b: string): number;

export interface CheckFirefoxOptions extends FindFirefoxOptions {
  /** Runs `PATH --version` and returns its output. @default execFileSync */
  run?: (path: string) => string;
  /** @default FIREFOX_MIN_VERSION */
  min?: string;
}

export type CheckFirefoxResult =
  { ok: true; path: string; version: string } | { ok: false; message: string };

export function checkFirefox(opts?: CheckFirefoxOptions): CheckFirefoxResult;
