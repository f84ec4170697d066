/**
 * Trusted roots → sigstore-js trust material, with the checks sigstore-js 4.1.3 lacks.
 *
 * sigstore-js treats a key without `validFor.start` as valid since the beginning of time; the
 * conformance case `trust-root-tlog-missing-validity-start_fail` requires such a key to be
 * rejected. We drop every authority (log, CT log, CA, TSA) whose validity has no start, so
 * nothing can verify against it.
 */
import type { X509Certificate } from '@sigstore/core';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { toTrustMaterial, type TrustMaterial } from '@sigstore/verify';
import { toHex } from '../encoding.js';
import productionRootJson from '../../generated/trusted-root.json' with { type: 'json' };

export type RootJSON = {
  tlogs?: unknown[];
  ctlogs?: unknown[];
  certificateAuthorities?: unknown[];
  timestampAuthorities?: unknown[];
  [k: string]: unknown;
};

function hasStart(entry: unknown, path: 'publicKey' | 'self'): boolean {
  if (typeof entry !== 'object' || entry === null) return false;
  const holder = path === 'publicKey' ? (entry as { publicKey?: unknown }).publicKey : entry;
  if (typeof holder !== 'object' || holder === null) return false;
  const validFor = (holder as { validFor?: { start?: unknown } }).validFor;
  return typeof validFor?.start === 'string' && validFor.start.length > 0;
}

/** What names an entry of a trusted root: its key (logs) or its first certificate (CAs). */
function entryKey(group: (typeof ROOT_GROUPS)[number], entry: unknown): string | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const e = entry as {
    publicKey?: { rawBytes?: unknown };
    certChain?: { certificates?: { rawBytes?: unknown }[] };
  };
  const bytes =
    group === 'tlogs' || group === 'ctlogs'
      ? e.publicKey?.rawBytes
      : e.certChain?.certificates?.[0]?.rawBytes;
  return typeof bytes === 'string' && bytes.length > 0 ? bytes : undefined;
}

/**
 * The bundled root with what a refreshed one adds: every log, CT log, CA and TSA of `added`
 * whose key (or first certificate) the floor lacks, appended. The floor's own entries stay
 * exactly as they are, validity included: a refresh can add keys, never remove or shorten
 * one. `added` counts the appended entries.
 */
export function mergeTrustedRoots(
  floor: RootJSON,
  refreshed: RootJSON,
): { root: RootJSON; added: number } {
  const root: RootJSON = { ...floor };
  let added = 0;
  for (const group of ROOT_GROUPS) {
    const own = Array.isArray(floor[group]) ? floor[group] : [];
    const known = new Set(own.map((e) => entryKey(group, e)));
    const extra = (Array.isArray(refreshed[group]) ? refreshed[group] : []).filter((e) => {
      const key = entryKey(group, e);
      if (key === undefined || known.has(key)) return false;
      known.add(key);
      return true;
    });
    added += extra.length;
    root[group] = [...own, ...extra];
  }
  return { root, added };
}

/** The trusted root JSON with every authority lacking a validity start removed. */
export function withoutUnboundedAuthorities(root: RootJSON): RootJSON {
  return {
    ...root,
    tlogs: (root.tlogs ?? []).filter((t) => hasStart(t, 'publicKey')),
    ctlogs: (root.ctlogs ?? []).filter((t) => hasStart(t, 'publicKey')),
    certificateAuthorities: (root.certificateAuthorities ?? []).filter((c) => hasStart(c, 'self')),
    timestampAuthorities: (root.timestampAuthorities ?? []).filter((c) => hasStart(c, 'self')),
  };
}

export interface Trust {
  material: TrustMaterial;
  /** tlog base URLs by hex log ID, for links to entries. */
  logUrls: Map<string, string>;
  /**
   * Up to when this root is known to list every key Sigstore uses: the start of its newest key
   * (Sigstore adds a key to its trusted root before signing with it), or later when a refresh
   * verified the root at a later time. A CA or log missing from the root for a signature made
   * after this may be one Sigstore added since: see src/core/sigstore/outdated.ts. Undefined
   * when the root dates none of its keys.
   */
  coversUntil?: Date;
}

type Dated = { validFor?: { start?: unknown } };

const ROOT_GROUPS = ['tlogs', 'ctlogs', 'certificateAuthorities', 'timestampAuthorities'] as const;

/**
 * The newest validity start of any key or CA in a trusted_root.json (ISO string as written), or
 * undefined. scripts/build-trust-root.js computes the same for src/generated/trust-info.json.
 */
export function newestKeyDate(rootJson: unknown): string | undefined {
  if (typeof rootJson !== 'object' || rootJson === null) return undefined;
  let newest: { at: number; text: string } | undefined;
  for (const group of ROOT_GROUPS) {
    const entries = (rootJson as RootJSON)[group];
    if (!Array.isArray(entries)) continue;
    for (const entry of entries as { publicKey?: Dated; validFor?: Dated['validFor'] }[]) {
      const holder = group === 'tlogs' || group === 'ctlogs' ? entry?.publicKey : entry;
      const start = holder?.validFor?.start;
      const at = typeof start === 'string' ? Date.parse(start) : NaN;
      if (!Number.isNaN(at) && (!newest || at > newest.at)) {
        newest = { at, text: start as string };
      }
    }
  }
  return newest?.text;
}

const cache = new WeakMap<object, Trust>();

/** Builds (once per root object) the trust material for a trusted_root.json document. */
export function loadTrust(rootJson: unknown): Trust {
  if (typeof rootJson !== 'object' || rootJson === null) {
    throw new TypeError('expected a trusted root JSON object');
  }
  const cached = cache.get(rootJson);
  if (cached) return cached;
  const root = TrustedRoot.fromJSON(withoutUnboundedAuthorities(rootJson as RootJSON));
  const material = toTrustMaterial(root);
  rememberCaSignatures(material);
  const logUrls = new Map<string, string>();
  for (const t of material.tlogs) {
    if (t.baseURL) logUrls.set(toHex(t.logID), t.baseURL);
  }
  const newest = newestKeyDate(rootJson);
  const trust: Trust = { material, logUrls, ...(newest && { coversUntil: new Date(newest) }) };
  cache.set(rootJson, trust);
  return trust;
}

/**
 * Makes each trusted CA certificate remember its signature checks against the trusted CA
 * certificates (itself included: a root's self-signature), so that the CA part of every
 * certificate path (intermediate ← root, root ← root) is verified once per trust material
 * instead of once per signing certificate. Only checks between these fixed, never-modified
 * certificate objects are remembered, and only their results (a throw is not remembered);
 * a check against any other certificate (e.g. a signing certificate posing as an issuer)
 * runs every time.
 */
function rememberCaSignatures(material: TrustMaterial): void {
  const caCerts = new Set<X509Certificate>(
    material.certificateAuthorities.flatMap((ca) => ca.certChain),
  );
  for (const cert of caCerts) {
    const verify = cert.verify.bind(cert);
    const results = new Map<X509Certificate | undefined, boolean>();
    cert.verify = (issuer?: X509Certificate): boolean => {
      if (issuer !== undefined && !caCerts.has(issuer)) return verify(issuer);
      let ok = results.get(issuer);
      if (ok === undefined) {
        ok = verify(issuer);
        results.set(issuer, ok);
      }
      return ok;
    };
  }
}

/** The Sigstore public-good production root bundled at build time (scripts/build-trust-root.js). */
export function productionTrust(): Trust {
  return loadTrust(productionRootJson);
}
