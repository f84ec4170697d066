/**
 * How fresh the Sigstore trust root is: pure functions shared by the popup and the options
 * page. The root has two dates: its own (the validity start of its newest key: Sigstore adds a
 * key before signing with it) and when the build bundled it. Neither says whether a newer root
 * exists, so the notice to update rests on Sigstore's own schedule: its TUF repository re-signs
 * the root on a fixed cycle (tuf-on-ci), and from the bundled TUF root's expiry less its
 * signing period, a newer root is being published (`newerRootDueAt`, see
 * scripts/build-trust-root.js). A verified refresh over TUF moves that date on.
 */
import type { FileResult } from '../shared/domain.js';
import type { TrustInfo } from '../shared/view-model.js';
import { ROOT_OUTDATED_TEXT } from '../shared/warnings.js';
import { formatDay } from './format.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Without any TUF date (a seeds format we do not know): the age of the bundle, as before. */
export const FALLBACK_STALE_AFTER_DAYS = 180;

const time = (iso: string | null | undefined): number | undefined => {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(t) ? undefined : t;
};

/** The newest key of the root in force: the refreshed one's when a refresh is in force. */
export function rootNewestKey(trust: TrustInfo): string | null {
  return (trust.refresh?.refreshedAt && trust.refresh.newestKeyDate) || trust.newestKeyDate;
}

/** From when a newer Sigstore root exists than the one in force (ISO), if known. */
export function newerRootDueAt(trust: TrustInfo): string | undefined {
  const refreshed = trust.refresh?.refreshedAt ? trust.refresh.newerRootDueAt : undefined;
  const due = time(refreshed) ?? time(trust.newerRootDueAt);
  if (due !== undefined) return new Date(due).toISOString();
  const taken = time(trust.takenAt);
  return taken === undefined
    ? undefined
    : new Date(taken + FALLBACK_STALE_AFTER_DAYS * DAY_MS).toISOString();
}

/** True once a newer Sigstore root than the one in force is out. */
export function isTrustRootStale(trust: TrustInfo, now: number): boolean {
  const due = time(newerRootDueAt(trust));
  return due !== undefined && now >= due;
}

export function staleTrustRootText(trust: TrustInfo): string {
  const newest = rootNewestKey(trust);
  return `Sigstore has published a newer trust root since ${formatDay(newerRootDueAt(trust))}; this extension’s has keys up to ${formatDay(newest)}: update the extension to check newer attestations.`;
}

/** Failure codes meaning "chains to no CA or log in the root". */
const UNTRUSTED_CODES: ReadonlySet<string> = new Set([
  'UNTRUSTED_CERTIFICATE',
  'TLOG_UNTRUSTED_LOG',
]);

/**
 * A line about the trust root for a file it may explain: one it is too old to check
 * (TRUST_ROOT_OUTDATED), or one that failed on a CA or log the root does not have although it
 * covers the signing time. Undefined for every other result.
 */
export function trustRootHint(file: FileResult, trust: TrustInfo | undefined): string | undefined {
  if (file.state === 'unsupported' && file.code === 'TRUST_ROOT_OUTDATED') {
    const refresh = trust?.refresh?.enabled
      ? ''
      : ' Turning on the daily refresh of the trust root (options page) may also help.';
    return `${ROOT_OUTDATED_TEXT}${refresh}`;
  }
  if (file.state !== 'failed' || !UNTRUSTED_CODES.has(file.code)) return undefined;
  const what = file.code === 'TLOG_UNTRUSTED_LOG' ? 'transparency log' : 'certificate authority';
  const newest = trust ? rootNewestKey(trust) : null;
  return `The Sigstore trust root${newest ? ` (keys up to ${formatDay(newest)})` : ''} does not know this ${what}, and an outdated root does not explain it (the signature is older than the root, or another check failed too): this provenance may come from another Sigstore instance, or be forged.`;
}
