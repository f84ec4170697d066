/**
 * Verifies each distinct signing certificate's chain and SCTs once per trust root.
 *
 * One Fulcio certificate usually signs every file of a release, and checking its chain (three
 * ECDSA P-384 signatures plus DER re-encoding) and its SCT is most of sigstore-js's work per
 * attestation. What can be remembered is exactly what does not depend on the attestation:
 *
 *  - per (certificate bytes, trusted CA): the certificate path sigstore-js builds to that CA
 *    and its path checks (`CertificateChainVerifier` sort + checkPath: signatures, names, CA
 *    flags, path lengths), or the error they threw;
 *  - per (certificate bytes, issuer, CT logs): the verified SCTs (only successes are kept);
 *  - per certificate bytes: the signer's public key.
 *
 * What depends on the attestation still runs every time, as in sigstore-js's
 * `verifyCertificateChain`: for each of THIS attestation's verified timestamps, the CAs valid at
 * that time are selected and every certificate of the path must be valid at that time. The
 * transparency-log checks and the signature are not touched (see verify-bundle.ts).
 *
 * The cache lives with the trust material (a WeakMap keyed by it), so a result is only reused
 * under the very same trust material, and is keyed by the exact certificate bytes the
 * verifier parsed. It is bounded (least recently used entries go first).
 *
 * This replaces sigstore-js 4.1.3's private `Verifier.verifySigningKey` for certificate keys,
 * with its own building blocks (`CertificateChainVerifier`, `verifySCTs`) and the same errors;
 * anything else (public keys, no timestamps, internals not where expected) goes to sigstore-js
 * unchanged. The conformance suite and the fixtures run through this path.
 */
// sigstore-js's API takes Buffers: Node's in Node, src/shims/buffer.ts in the worker.
import { Buffer } from 'buffer';
import { crypto, type X509Certificate } from '@sigstore/core';
import {
  VerificationError,
  type SignedEntity,
  type Signer,
  type TrustMaterial,
  type Verifier,
} from '@sigstore/verify';
// sigstore-js internals (not re-exported by the package index), pinned with the exact version.
import { CertificateChainVerifier } from '@sigstore/verify/dist/key/certificate.js';
import { verifySCTs } from '@sigstore/verify/dist/key/sct.js';

type CertAuthority = TrustMaterial['certificateAuthorities'][number];
type CTLogs = TrustMaterial['ctlogs'];
type Timestamps = Date[];

const OID_FULCIO_ISSUER_V1 = '1.3.6.1.4.1.57264.1.1';
const OID_FULCIO_ISSUER_V2 = '1.3.6.1.4.1.57264.1.8';

/** The default bound: distinct signing certificates remembered per trust material. */
export const CERTIFICATE_CACHE_LIMIT = 64;

type ChainOutcome = { path: X509Certificate[] } | { error: unknown };

/** What is remembered about one certificate (by its exact bytes). */
class CertificateEntry {
  readonly chains = new Map<CertAuthority, ChainOutcome>();
  readonly scts = new Map<X509Certificate, { ctlogs: CTLogs; scts: Buffer[] }>();
  key: Signer['key'] | undefined;
  #spki: Buffer | undefined;

  /** The certificate's SubjectPublicKeyInfo (DER). */
  get spki(): Buffer {
    this.#spki ??= this.leaf.publicKey;
    return this.#spki;
  }

  /** `leaf`: the first parsed instance of these bytes, used to build paths. */
  constructor(readonly leaf: X509Certificate) {}

  /** The time-independent outcome of building and checking a path to `ca`. */
  chainTo(ca: CertAuthority): ChainOutcome {
    let outcome = this.chains.get(ca);
    if (outcome === undefined) {
      try {
        const verifier = new CertificateChainVerifier({
          trustedCerts: ca.certChain,
          untrustedCert: this.leaf,
          // Only read by verify(), which we do not call: its date check runs per attestation.
          timestamp: new Date(0),
        }) as unknown as ChainVerifierInternals;
        const path = verifier.sort();
        verifier.checkPath(path);
        outcome = { path };
      } catch (error) {
        outcome = { error };
      }
      this.chains.set(ca, outcome);
    }
    return outcome;
  }
}

interface ChainVerifierInternals {
  sort(): X509Certificate[];
  checkPath(path: X509Certificate[]): void;
}

interface VerifierInternals {
  options?: { ctlogThreshold?: number };
  verifySigningKey?: (entity: SignedEntity, timestamps: Timestamps) => Signer;
}

/** The certificate verifications remembered under one trust material. */
export class CertificateVerifications {
  private readonly entries = new Map<string, CertificateEntry>();
  /** Counts for tests and the benchmark. */
  readonly stats = { hits: 0, misses: 0, chainsBuilt: 0, sctsVerified: 0 };

  constructor(
    private readonly material: TrustMaterial,
    private readonly limit = CERTIFICATE_CACHE_LIMIT,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** Whether the certificate with these bytes (certificateKey) has been verified here. */
  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** The public key (SPKI DER) of a certificate verified here, without touching the order. */
  publicKey(key: string): Uint8Array | undefined {
    return this.entries.get(key)?.spki;
  }

  private entry(key: string, leaf: X509Certificate): CertificateEntry {
    let entry = this.entries.get(key);
    if (entry) {
      this.stats.hits++;
      this.entries.delete(key); // most recently used last
    } else {
      this.stats.misses++;
      entry = new CertificateEntry(leaf);
      while (this.entries.size >= this.limit) {
        const oldest = this.entries.keys().next().value as string;
        this.entries.delete(oldest);
      }
    }
    this.entries.set(key, entry);
    return entry;
  }

  /**
   * sigstore-js's `verifySigningKey` for a certificate `leaf` parsed from exactly the bytes
   * `key` names (see certificateKey), with at least one timestamp: the chain at every
   * timestamp, the SCTs, the signer.
   */
  verifySigningKey(
    key: string,
    leaf: X509Certificate,
    timestamps: Timestamps,
    ctlogThreshold: number,
  ): Signer {
    const entry = this.entry(key, leaf);
    // As sigstore-js: a chain for every timestamp, the last one's path is used.
    let path: X509Certificate[] = [];
    for (const timestamp of timestamps) path = this.chainAt(entry, leaf, timestamp);
    const scts = this.verifiedScts(entry, path);
    if (containsDupes(scts)) {
      throw new VerificationError({ code: 'CERTIFICATE_ERROR', message: 'duplicate SCT' });
    }
    if (scts.length < ctlogThreshold) {
      throw new VerificationError({
        code: 'CERTIFICATE_ERROR',
        message: `expected ${ctlogThreshold} SCTs, got ${scts.length}`,
      });
    }
    entry.key ??= crypto.createPublicKey(leaf.publicKey);
    return { key: entry.key, identity: identityOf(leaf) };
  }

  /** sigstore-js's `verifyCertificateChain(timestamp, leaf, CAs)`, remembering the paths. */
  private chainAt(entry: CertificateEntry, leaf: X509Certificate, timestamp: Date) {
    let error: unknown;
    for (const ca of this.material.certificateAuthorities) {
      // filterCertAuthorities: the CAs valid at this attestation's time.
      if (!(ca.validFor.start <= timestamp && ca.validFor.end >= timestamp)) continue;
      const known = entry.chains.has(ca);
      const outcome = entry.chainTo(ca);
      if (!known) this.stats.chainsBuilt++;
      if ('error' in outcome) {
        error = outcome.error;
        continue;
      }
      // The path was built from the first instance of these bytes: put this one in its place.
      const path = outcome.path.map((c) => (c === entry.leaf ? leaf : c));
      if (path.every((c) => c.validForDate(timestamp))) return path;
      error = new VerificationError({
        code: 'CERTIFICATE_ERROR',
        message: 'certificate is not valid or expired at the specified date',
      });
    }
    throw new VerificationError({
      code: 'CERTIFICATE_ERROR',
      message: 'Failed to verify certificate chain',
      cause: error,
    });
  }

  private verifiedScts(entry: CertificateEntry, path: X509Certificate[]): Buffer[] {
    const [leaf, issuer] = path as [X509Certificate, X509Certificate];
    const known = entry.scts.get(issuer);
    if (known && known.ctlogs === this.material.ctlogs) return [...known.scts];
    const scts = verifySCTs(leaf, issuer, this.material.ctlogs);
    this.stats.sctsVerified++;
    entry.scts.set(issuer, { ctlogs: this.material.ctlogs, scts });
    return [...scts];
  }
}

const caches = new WeakMap<TrustMaterial, CertificateVerifications>();

/** The cache of certificate verifications made under `material`. */
export function certificateVerifications(material: TrustMaterial): CertificateVerifications {
  let cache = caches.get(material);
  if (!cache) {
    cache = new CertificateVerifications(material);
    caches.set(material, cache);
  }
  return cache;
}

/**
 * Makes `verifier` (built on `material`) check the certificate parsed from `der` through the
 * cache. Returns false, leaving sigstore-js as is, when its internals are not as expected.
 */
export function useCertificateCache(
  verifier: Verifier,
  material: TrustMaterial,
  der: Uint8Array,
): boolean {
  const internals = verifier as unknown as VerifierInternals;
  const original = internals.verifySigningKey;
  const ctlogThreshold = internals.options?.ctlogThreshold;
  if (typeof original !== 'function' || typeof ctlogThreshold !== 'number') return false;
  const cache = certificateVerifications(material);
  const key = certificateKey(der);
  internals.verifySigningKey = (entity, timestamps) => {
    if (entity.key.$case !== 'certificate' || timestamps.length === 0) {
      return original.call(verifier, entity, timestamps);
    }
    return cache.verifySigningKey(key, entity.key.certificate, timestamps, ctlogThreshold);
  };
  return true;
}

/** The cache key of a certificate: its exact DER bytes, one character per byte. */
export function certificateKey(der: Uint8Array): string {
  return Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('latin1');
}

/** The signer identity, as sigstore-js's `getSigner` reads it from the certificate. */
function identityOf(cert: X509Certificate): NonNullable<Signer['identity']> {
  let issuer: string | undefined;
  const v2 = cert.extension(OID_FULCIO_ISSUER_V2);
  if (v2) {
    issuer = v2.valueObj.subs?.[0]?.value.toString('ascii');
  } else {
    issuer = cert.extension(OID_FULCIO_ISSUER_V1)?.value.toString('ascii');
  }
  const oids = cert.extensions.map((ext) => {
    const oid = (ext.subs[0] as (typeof ext.subs)[number]).toOID();
    return {
      oid: { id: oid.split('.').map(Number) },
      value: (ext.subs[ext.subs.length - 1] as (typeof ext.subs)[number]).value,
    };
  });
  return { extensions: { issuer }, subjectAlternativeName: cert.subjectAltName, oids };
}

/** sigstore-js compares SCT log IDs (Buffers) with isDeepStrictEqual: byte equality. */
function containsDupes(items: Buffer[]): boolean {
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      if (Buffer.compare(items[i] as Buffer, items[j] as Buffer) === 0) return true;
    }
  }
  return false;
}
