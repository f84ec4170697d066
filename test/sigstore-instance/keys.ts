/**
 * Deterministic test keys. Every key of a test instance is derived from the instance seed and a
 * label (`SHA-512(domain ‖ seed ‖ label)` expanded to the curve's seed length and mapped onto
 * the scalar field, as @noble/curves' randomSecretKey does with a given seed), and ECDSA
 * signatures use RFC 6979 nonces, so the same seed always yields the same trusted root and the
 * same attestation bytes. The seed is therefore the instance's only secret: anyone who knows it
 * can sign as the instance, which is the point (tests and the e2e site share it).
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { p256, p384 } from '@noble/curves/nist.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { algorithm, bitString, concat, oid, sequence } from './der.js';

export type KeyKind = 'p256' | 'p384' | 'ed25519';

export interface SigningKey {
  kind: KeyKind;
  /** DER SubjectPublicKeyInfo. */
  spki: Uint8Array;
  /** Raw public key: the uncompressed EC point, or the 32 Ed25519 bytes. */
  publicKey: Uint8Array;
  /** ECDSA: DER signature over SHA-256 (P-256) or SHA-384 (P-384). Ed25519: 64 raw bytes. */
  sign(data: Uint8Array): Uint8Array;
  /** The X.509 signature algorithm OID of `sign` (ECDSA keys only). */
  signatureAlgorithm: string;
  /** trusted_root.json `keyDetails`. */
  keyDetails: string;
}

const DOMAIN = 'pypi-provenance test sigstore instance\0';
const text = new TextEncoder();

/** `n` deterministic bytes for (seed, label). */
export function deriveBytes(seed: string, label: string, n: number): Uint8Array {
  const blocks: Uint8Array[] = [];
  for (let i = 0; blocks.length * 64 < n; i++) {
    blocks.push(sha512(text.encode(`${DOMAIN}${seed}\0${label}\0${i}`)));
  }
  return concat(...blocks).subarray(0, n);
}

const OID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';
const CURVES = {
  p256: {
    curve: p256,
    oid: '1.2.840.10045.3.1.7',
    sigAlg: '1.2.840.10045.4.3.2',
    details: 'PKIX_ECDSA_P256_SHA_256',
  },
  p384: {
    curve: p384,
    oid: '1.3.132.0.34',
    sigAlg: '1.2.840.10045.4.3.3',
    details: 'PKIX_ECDSA_P384_SHA_384',
  },
} as const;

export function deriveKey(seed: string, label: string, kind: KeyKind): SigningKey {
  if (kind === 'ed25519') {
    const secret = deriveBytes(seed, label, ed25519.lengths.seed ?? 32);
    const publicKey = ed25519.getPublicKey(secret);
    return {
      kind,
      publicKey,
      spki: sequence(algorithm('1.3.101.112'), bitString(publicKey)),
      sign: (data) => ed25519.sign(data, secret),
      signatureAlgorithm: '1.3.101.112',
      keyDetails: 'PKIX_ED25519',
    };
  }
  const spec = CURVES[kind];
  const secret = spec.curve.utils.randomSecretKey(
    deriveBytes(seed, label, spec.curve.lengths.seed ?? 48),
  );
  const publicKey = spec.curve.getPublicKey(secret, false);
  return {
    kind,
    publicKey,
    spki: sequence(sequence(oid(OID_EC_PUBLIC_KEY), oid(spec.oid)), bitString(publicKey)),
    // prehash with the curve's own hash (SHA-256 for P-256, SHA-384 for P-384).
    sign: (data) => spec.curve.sign(data, secret, { format: 'der' }),
    signatureAlgorithm: spec.sigAlg,
    keyDetails: spec.details,
  };
}

/** RFC 6962 / Rekor log ID and CT log ID: SHA-256 of the DER SubjectPublicKeyInfo. */
export const spkiKeyId = (key: SigningKey): Uint8Array => sha256(key.spki);

/**
 * C2SP signed-note key ID of an Ed25519 note verifier, as Rekor v2 (rekor-tiles) uses for its
 * log ID: SHA-256(name ‖ "\n" ‖ 0x01 ‖ public key). Its first 4 bytes are the note's key hint.
 */
export function noteKeyId(name: string, key: SigningKey): Uint8Array {
  if (key.kind !== 'ed25519') throw new Error('note key IDs are defined here for Ed25519 only');
  return sha256(concat(text.encode(`${name}\n`), Uint8Array.of(0x01), key.publicKey));
}
