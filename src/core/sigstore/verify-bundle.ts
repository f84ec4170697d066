/**
 * One Sigstore bundle through sigstore-js's verifier, with its errors mapped to our reason
 * codes. Used by the PEP 740 path (one bundle per attestation) and by the conformance suite.
 */
// sigstore-js's API takes Buffers: Node's in Node, src/shims/buffer.ts in the worker.
import { Buffer } from 'buffer';
import { bundleFromJSON, type Bundle } from '@sigstore/bundle';
import { X509Certificate } from '@sigstore/core';
import {
  PolicyError,
  toSignedEntity,
  VerificationError,
  Verifier,
  type SignedEntity,
  type Signer,
} from '@sigstore/verify';
import { ProvenanceError, type ProvenanceErrorCode } from '../errors.js';
import { useCertificateCache } from './cert-cache.js';
// Installs the faster, byte-identical ASN1Obj.toDER (der.ts).
import './der.js';
import type { Trust } from './trust.js';

export interface VerifiedBundle {
  bundle: Bundle;
  entity: SignedEntity;
  signer: Signer;
  /** Verified signing times: integrated times with a SET, and RFC 3161 times. */
  signedAt: Date[];
}

/** Parses bundle JSON (sigstore's own schema checks), mapping failures to MALFORMED_PROVENANCE. */
export function parseBundle(json: unknown): Bundle {
  try {
    return bundleFromJSON(json);
  } catch (err) {
    throw new ProvenanceError(
      'MALFORMED_PROVENANCE',
      `invalid sigstore bundle: ${messageOf(err)}`,
      {
        cause: err,
      },
    );
  }
}

/**
 * Verifies the bundle's timestamps, certificate chain and SCT, transparency log inclusion
 * (SET, checkpoint, Merkle proof), log body and signature against `trust`. The optional
 * `artifact` is the signed message for message-signature bundles.
 */
export function verifyBundle(
  bundle: Bundle,
  trust: Trust,
  options: {
    artifact?: Uint8Array;
    policy?: { subjectAlternativeName?: string; issuer?: string };
  } = {},
): VerifiedBundle {
  try {
    const entity = toSignedEntity(
      bundle,
      options.artifact ? Buffer.from(options.artifact) : undefined,
    );
    const verifier = new Verifier(trust.material);
    // The signing certificate's chain and SCTs are checked once per certificate and trust
    // root (cert-cache.ts); its validity at this bundle's times is checked every time.
    const leafDer = signingCertificateBytes(bundle);
    if (leafDer) useCertificateCache(verifier, trust.material, leafDer);
    const policy = options.policy
      ? {
          ...(options.policy.subjectAlternativeName !== undefined && {
            subjectAlternativeName: options.policy.subjectAlternativeName,
          }),
          ...(options.policy.issuer !== undefined && {
            extensions: { issuer: options.policy.issuer },
          }),
        }
      : undefined;
    const signer = verifier.verify(entity, policy);
    return { bundle, entity, signer, signedAt: signedTimes(entity) };
  } catch (err) {
    const e = toProvenanceError(err);
    if (e.code === 'TIMESTAMP_INVALID' && !issuedByTrustedCa(bundle, trust)) {
      // sigstore-js checks RFC 3161 timestamps before the certificate chain, so a bundle from
      // another Sigstore instance (its own TSA, its own CA) would fail on the timestamp. Its
      // certificate was not issued by any CA we trust either: that is the reason to give.
      throw new ProvenanceError(
        'UNTRUSTED_CERTIFICATE',
        `neither the signing certificate nor its timestamp comes from an authority in the Sigstore trust root${UNTRUSTED_HINT}`,
        { cause: err },
      );
    }
    throw e;
  }
}

/**
 * Whether some CA certificate of the trust root has the signing certificate's issuer name and
 * verifies its signature (validity times aside: a fault there is the chain check's to report).
 * Only asked on the failure path.
 */
function issuedByTrustedCa(bundle: Bundle, trust: Trust): boolean {
  const der = signingCertificateBytes(bundle);
  if (!der) return true;
  try {
    const leaf = X509Certificate.parse(Buffer.from(der));
    return trust.material.certificateAuthorities.some((ca) =>
      ca.certChain.some((c) => {
        try {
          return c.subject.equals(leaf.issuer) && leaf.verify(c);
        } catch {
          return false;
        }
      }),
    );
  } catch {
    return true; // not a certificate: the original reason stands
  }
}

/** The bytes toSignedEntity parses as the signing certificate, if the bundle has one. */
export function signingCertificateBytes(bundle: Bundle): Uint8Array | undefined {
  const content = bundle.verificationMaterial.content;
  switch (content.$case) {
    case 'certificate':
      return content.certificate.rawBytes;
    case 'x509CertificateChain':
      return content.x509CertificateChain.certificates[0]?.rawBytes;
    default:
      return undefined;
  }
}

function signedTimes(entity: SignedEntity): Date[] {
  const times: Date[] = [];
  for (const ts of entity.timestamps) {
    if (ts.$case === 'timestamp-authority') times.push(ts.timestamp.signingTime);
    else if (ts.tlogEntry.inclusionPromise) {
      times.push(new Date(Number(ts.tlogEntry.integratedTime) * 1000));
    }
  }
  return times;
}

function messageOf(err: unknown): string {
  if (err instanceof Error) {
    const cause = err.cause instanceof Error ? `: ${err.cause.message}` : '';
    return `${err.message}${cause}`;
  }
  return String(err);
}

// A CA the root lacks for a signature newer than the root becomes TRUST_ROOT_OUTDATED
// (outdated.ts); a failure that stays is one the root should have known.
const UNTRUSTED_HINT = ': it may come from another Sigstore instance, or be forged';

/** Maps a sigstore-js error (or any unexpected throw) to a reason code. Never returns success. */
export function toProvenanceError(err: unknown): ProvenanceError {
  if (err instanceof ProvenanceError) return err;
  const message = messageOf(err).toLowerCase();
  let code: ProvenanceErrorCode = 'MALFORMED_PROVENANCE';
  if (err instanceof PolicyError) code = 'PUBLISHER_MISMATCH';
  else if (err instanceof VerificationError) code = codeFor(err.code, message);
  const hint =
    code === 'UNTRUSTED_CERTIFICATE'
      ? ` (the signing certificate chains to no CA in the Sigstore trust root${UNTRUSTED_HINT})`
      : '';
  return new ProvenanceError(code, message + hint, { cause: err });
}

function codeFor(code: VerificationError['code'], message: string): ProvenanceErrorCode {
  switch (code) {
    case 'CERTIFICATE_ERROR':
      if (message.includes('sct')) return 'SCT_INVALID';
      // No path to a trusted CA: another Sigstore instance, or a forged chain.
      if (/no (trusted|valid) certificate path/.test(message)) return 'UNTRUSTED_CERTIFICATE';
      return 'CERTIFICATE_INVALID';
    case 'TLOG_INCLUSION_PROOF_ERROR':
      return message.includes('checkpoint')
        ? 'TLOG_CHECKPOINT_INVALID'
        : 'TLOG_INCLUSION_PROOF_INVALID';
    case 'TLOG_INCLUSION_PROMISE_ERROR':
      return 'TLOG_SET_INVALID';
    case 'TLOG_MISSING_INCLUSION_ERROR':
      return 'TLOG_INCLUSION_PROOF_INVALID';
    case 'TLOG_BODY_ERROR':
      return message.includes('unsupported') ? 'UNSUPPORTED_TLOG_ENTRY' : 'TLOG_BODY_MISMATCH';
    case 'TLOG_ERROR':
      return 'NO_TRANSPARENCY_ENTRY';
    case 'TIMESTAMP_ERROR':
      return 'TIMESTAMP_INVALID';
    case 'SIGNATURE_ERROR':
      return 'SIGNATURE_INVALID';
    case 'PUBLIC_KEY_ERROR':
      return 'SIGNATURE_INVALID';
    case 'NOT_IMPLEMENTED_ERROR':
      return 'UNSUPPORTED_TLOG_ENTRY';
  }
}
