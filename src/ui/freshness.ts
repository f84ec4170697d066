/**
 * How fresh the bundled Sigstore trust root is (issue 4, "Trust-root freshness"): pure
 * functions shared by the popup and the options page. `takenAt` is when the build took the
 * root from @sigstore/tuf; after 180 days, new Fulcio CAs or logs may be missing from it.
 */
import type { FileResult } from '../shared/domain.js';
import { formatDay } from './format.js';

export const STALE_AFTER_DAYS = 180;

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole days from `takenAt` to `now`; undefined when `takenAt` is not a date. */
export function trustRootAgeDays(
  takenAt: string | null | undefined,
  now: number,
): number | undefined {
  if (!takenAt) return undefined;
  const t = new Date(takenAt).getTime();
  if (Number.isNaN(t)) return undefined;
  return Math.floor((now - t) / DAY_MS);
}

/** True when the root was taken more than 180 days before `now`. */
export function isTrustRootStale(takenAt: string | null | undefined, now: number): boolean {
  const age = trustRootAgeDays(takenAt, now);
  return age !== undefined && age > STALE_AFTER_DAYS;
}

export function staleTrustRootText(takenAt: string | null | undefined): string {
  return `This extension’s Sigstore trust root is from ${formatDay(takenAt)}: update the extension to check newer attestations.`;
}

/** Failure codes meaning "chains to no CA or log in the bundled root". */
const UNTRUSTED_CODES: ReadonlySet<string> = new Set([
  'UNTRUSTED_CERTIFICATE',
  'TLOG_UNTRUSTED_LOG',
]);

/**
 * For a file that failed because its certificate or log is unknown to the bundled root: a
 * line saying the root may be out of date. Undefined for every other result.
 */
export function trustRootHint(
  file: FileResult,
  takenAt: string | null | undefined,
): string | undefined {
  if (file.state !== 'failed' || !UNTRUSTED_CODES.has(file.code)) return undefined;
  const what = file.code === 'TLOG_UNTRUSTED_LOG' ? 'transparency log' : 'certificate authority';
  return `The bundled Sigstore trust root (from ${formatDay(takenAt)}) may be out of date: it does not know this ${what}. An update of the extension may fix this.`;
}
