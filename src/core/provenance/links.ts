/**
 * Human and API links for transparency log entries (verification-spec.md §4). Rekor v1:
 * search.sigstore.dev by the global log index. Rekor v2 (rekor-tiles) has no search UI yet,
 * so both links point at the log's own tile API.
 */
import type { TransparencyLogEntry } from '../result.js';

const REKOR_V2_KINDS = new Set(['hashedrekord/0.0.2', 'dsse/0.0.2']);

/** C2SP tlog-tiles path for tile N: groups of three digits, all but the last prefixed "x". */
export function tilePath(n: number): string {
  const digits = String(n).padStart(3, '0');
  const padded = digits.padStart(Math.ceil(digits.length / 3) * 3, '0');
  const groups = padded.match(/\d{3}/g) ?? ['000'];
  return groups.map((g, i) => (i < groups.length - 1 ? `x${g}` : g)).join('/');
}

export function logEntryLinks(entry: {
  logIndex: string;
  integratedTime?: string;
  kind: string;
  version: string;
  logUrl: string;
  hasPromise: boolean;
}): TransparencyLogEntry {
  const logIndex = Number(entry.logIndex);
  const kv = `${entry.kind}/${entry.version}`;
  const base = entry.logUrl.replace(/\/+$/, '');
  const result: TransparencyLogEntry = {
    logIndex,
    logUrl: base,
    kind: entry.kind,
    version: entry.version,
    entryUrl: '',
    apiUrl: '',
  };
  if (REKOR_V2_KINDS.has(kv)) {
    const tile = `${base}/api/v2/tile/entries/${tilePath(Math.floor(logIndex / 256))}`;
    result.entryUrl = tile;
    result.apiUrl = tile;
  } else {
    result.apiUrl = `${base}/api/v1/log/entries?logIndex=${logIndex}`;
    // search.sigstore.dev indexes the public-good Rekor only; another log's index there would
    // show an unrelated entry, so link to that log's own API instead.
    result.entryUrl =
      base === 'https://rekor.sigstore.dev'
        ? `https://search.sigstore.dev/?logIndex=${logIndex}`
        : result.apiUrl;
  }
  // Only a Rekor v1 entry with a signed entry timestamp has a verified integrated time.
  if (entry.hasPromise && entry.integratedTime && entry.integratedTime !== '0') {
    result.integratedTime = new Date(Number(entry.integratedTime) * 1000).toISOString();
  }
  return result;
}
