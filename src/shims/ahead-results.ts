/**
 * Results of signature checks made ahead of sigstore-js's synchronous calls (by
 * src/shims/webcrypto-ahead.ts), which the crypto shim's `verify` answers from. Each result is
 * kept with a copy of the exact bytes it was made on: a lookup on other bytes finds nothing.
 * Only the checks of the verification that prepared them are needed, so few are kept.
 */

type Bytes = Uint8Array;

const checked = new Map<string, { data: Bytes; ok: boolean }>();
const CHECKED_LIMIT = 512;

/** Counts for tests and the benchmark. */
export const signatureCheckStats = { prepared: 0, hits: 0 };

function sameBytes(a: Bytes, b: Bytes): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Remembers a check's result; `data` must be a copy no one else writes. */
export function rememberCheck(name: string, data: Bytes, ok: boolean): void {
  checked.delete(name);
  checked.set(name, { data, ok });
  signatureCheckStats.prepared++;
  while (checked.size > CHECKED_LIMIT) checked.delete(checked.keys().next().value as string);
}

/** Whether a check of this name on exactly these bytes was made already (no count). */
export function isChecked(name: string, data: Bytes): boolean {
  const known = checked.get(name);
  return known !== undefined && sameBytes(known.data, data);
}

/** The result of a check made ahead on exactly these bytes, or undefined. */
export function checkedResult(name: string, data: Bytes): boolean | undefined {
  if (checked.size === 0) return undefined;
  const known = checked.get(name);
  if (known === undefined || !sameBytes(known.data, data)) return undefined;
  signatureCheckStats.hits++;
  return known.ok;
}

/** Forgets every check made ahead (tests). */
export function clearCheckedResults(): void {
  checked.clear();
  signatureCheckStats.prepared = 0;
  signatureCheckStats.hits = 0;
}
