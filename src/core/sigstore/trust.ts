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

type RootJSON = {
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
  const trust = { material, logUrls };
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
