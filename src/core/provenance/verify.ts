/**
 * Verifies one distribution file's PEP 740 provenance (verification-spec.md §2): for every
 * attestation in every bundle, Sigstore verification against the trusted root, the leaf and
 * log-body checks, the statement checks and the publisher's identity policy. The file is
 * `verified` only when all of them pass for all attestations.
 */
import type { Bundle } from '@sigstore/bundle';
import * as v from 'valibot';
import { decodeBase64, normalizeSha256, toHex } from '../encoding.js';
import { ProvenanceError } from '../errors.js';
import type { AttestationSummary, FileResult, Publisher, SignerDetails } from '../result.js';
import { certificateKey } from '../sigstore/cert-cache.js';
import { caChecks, signatureChecks } from '../sigstore/prepare.js';
import type { SignatureCheck, SignaturePreparer } from '../sigstore/signature-prep.js';
import { outdatedRootError } from '../sigstore/outdated.js';
import { productionTrust, type Trust } from '../sigstore/trust.js';
import {
  parseBundle,
  toProvenanceError,
  verifyBundle,
  type VerifiedBundle,
} from '../sigstore/verify-bundle.js';
import { parseAttestation } from './attestation.js';
import { parseCertificate, type FulcioCertificate } from './certificate.js';
import { logEntryLinks } from './links.js';
import { checkLogBodyCertificate } from './log-body.js';
import { checkPublisher, parsePublisher } from './policy.js';
import { AttestationBundleSchema, describeIssues, ProvenanceSchema } from './schema.js';
import { checkStatement } from './statement.js';

export interface VerifyProvenanceInput {
  filename: string;
  /** sha256 of the file as PyPI reports it (JSON or Simple API), hex. */
  sha256: string;
  /** The Integrity API provenance object (untrusted, any shape). */
  provenance: unknown;
  /** Trust material; defaults to the bundled Sigstore production root. */
  trust?: Trust;
  /** Also require the verified repository to be this URL (like pypi-attestations --repository). */
  repository?: string;
  /** The current time (ms), for signing times in the future; default Date.now(). */
  now?: number;
}

/** One attestation checked: what it proves, or why only an update of the root could tell. */
type CheckedAttestation = { cert: FulcioCertificate } & (
  | { summary: AttestationSummary; outdated?: undefined }
  | { outdated: ProvenanceError; summary?: undefined }
);

/** Verifies one attestation of a bundle and returns what it proves. Throws ProvenanceError. */
export function verifyAttestation(
  input: unknown,
  where: string,
  file: { filename: string; sha256: string },
  trust: Trust,
  now = Date.now(),
): { summary: AttestationSummary; cert: FulcioCertificate } {
  const checked = checkAttestation(input, where, file, trust, now);
  if (checked.outdated) throw checked.outdated;
  return checked;
}

/**
 * verifyAttestation, except that an attestation the trust root may be too old for (see
 * src/core/sigstore/outdated.ts) comes back as `outdated` once every check that does not need
 * the missing authority has passed, so the caller can still check its publisher.
 */
function checkAttestation(
  input: unknown,
  where: string,
  file: { filename: string; sha256: string },
  trust: Trust,
  now: number,
): CheckedAttestation {
  const { attestation, entry, bundleJson } = parseAttestation(input, where);
  const bundle = parseBundle(bundleJson);
  const certBytes = decodeBase64(attestation.verification_material.certificate);
  const cert = parseCertificateOnce(certBytes);
  const logId = decodeBase64(entry.logId.keyId);
  const verified = verifyOrOutdated(bundle, trust, logId, now);
  cert.assertSigningLeaf();
  const kindVersion = `${entry.kindVersion.kind}/${entry.kindVersion.version}`;
  checkLogBodyCertificate(kindVersion, entry.canonicalizedBody, certBytes);
  const statement = checkStatement(decodeBase64(attestation.envelope.statement), file);
  if (verified instanceof ProvenanceError) return { cert, outdated: verified };
  const logUrl = trust.logUrls.get(toHex(logId)) ?? '';
  const summary: AttestationSummary = {
    predicateType: statement.predicateType,
    signer: detailsOf(cert),
    tlogEntries: [
      logEntryLinks({
        logIndex: entry.logIndex,
        kind: entry.kindVersion.kind,
        version: entry.kindVersion.version,
        logUrl,
        hasPromise: entry.inclusionPromise !== undefined,
        ...(entry.integratedTime !== undefined && { integratedTime: entry.integratedTime }),
      }),
    ],
  };
  const first = verified.signedAt[0];
  if (first) summary.signedAt = first.toISOString();
  return { summary, cert };
}

/**
 * The bundle verified against the root; or, when it fails only for a CA or log the root may be
 * too old to have, TRUST_ROOT_OUTDATED (returned, not thrown). Throws any other failure.
 */
function verifyOrOutdated(
  bundle: Bundle,
  trust: Trust,
  logId: Uint8Array,
  now: number,
): VerifiedBundle | ProvenanceError {
  try {
    return verifyBundle(bundle, trust);
  } catch (err) {
    let e = toProvenanceError(err);
    // Checked in sigstore-js's order (certificate chain first), but a log missing from the
    // trust root gets its own reason.
    if (
      e.code.startsWith('TLOG_') &&
      !trust.material.tlogs.some((t) => sameBytes(t.logID, logId))
    ) {
      e = new ProvenanceError(
        'TLOG_UNTRUSTED_LOG',
        `transparency log ${toHex(logId).slice(0, 16)}… is not in the trust root`,
        { cause: err },
      );
    }
    // Signed after the root's newest key through a CA or log it lacks: it may be one Sigstore
    // added since (src/core/sigstore/outdated.ts). Otherwise the failure stands.
    const outdated = outdatedRootError(bundle, trust, e, now);
    if (outdated) return outdated;
    throw e;
  }
}

/**
 * The signing certificate, parsed once per distinct DER (one certificate usually signs a whole
 * release): FulcioCertificate only reads its certificate. Invalid DER throws as
 * parseCertificate does, every time.
 */
const certificates = new Map<string, FulcioCertificate>();
const CERTIFICATES_KEPT = 32;
const details = new WeakMap<FulcioCertificate, SignerDetails>();

function parseCertificateOnce(der: Uint8Array): FulcioCertificate {
  const key = certificateKey(der);
  let cert = certificates.get(key);
  if (cert) {
    certificates.delete(key);
  } else {
    cert = parseCertificate(der);
    while (certificates.size >= CERTIFICATES_KEPT) {
      certificates.delete(certificates.keys().next().value as string);
    }
  }
  certificates.set(key, cert);
  return cert;
}

/** cert.details(), computed once per certificate; each result gets its own copy. */
function detailsOf(cert: FulcioCertificate): SignerDetails {
  let d = details.get(cert);
  if (!d) {
    d = cert.details();
    details.set(cert, d);
  }
  return { ...d };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function fail(
  filename: string,
  sha256: string,
  err: unknown,
  extra: { publisher?: Publisher } = {},
): FileResult {
  const e = toProvenanceError(err);
  if (
    e.code === 'UNSUPPORTED_PUBLISHER' ||
    e.code === 'UNSUPPORTED_TLOG_ENTRY' ||
    e.code === 'UNSUPPORTED_KEY' ||
    e.code === 'TRUST_ROOT_OUTDATED'
  ) {
    return { filename, sha256, state: 'unsupported', code: e.code, message: e.message, ...extra };
  }
  return { filename, sha256, state: 'failed', code: e.code, message: e.message, ...extra };
}

export function verifyProvenance(input: VerifyProvenanceInput): FileResult {
  const { filename } = input;
  const sha256 = normalizeSha256(input.sha256);
  if (!sha256) {
    return {
      filename,
      sha256: input.sha256,
      state: 'error',
      code: 'BAD_RESPONSE',
      message: `expected a sha256 hex digest for ${filename}, got ${JSON.stringify(input.sha256).slice(0, 80)}`,
    };
  }
  let publisher: Publisher | undefined;
  try {
    const trust = input.trust ?? productionTrust();
    const now = input.now ?? Date.now();
    const top = v.safeParse(ProvenanceSchema, input.provenance);
    if (!top.success) {
      throw new ProvenanceError(
        'MALFORMED_PROVENANCE',
        `provenance: ${describeIssues(top.issues)}`,
      );
    }
    if (top.output.version !== 1) {
      throw new ProvenanceError(
        'ATTESTATION_VERSION',
        `expected provenance version 1, got ${JSON.stringify(top.output.version)}`,
      );
    }
    const bundles = top.output.attestation_bundles;
    if (bundles.length === 0)
      throw new ProvenanceError('NO_ATTESTATIONS', 'provenance has no attestation bundles');
    const attestations: AttestationSummary[] = [];
    let unsupported: ProvenanceError | undefined;
    for (const [b, rawBundle] of bundles.entries()) {
      const where = `attestation_bundles[${b}]`;
      const parsed = v.safeParse(AttestationBundleSchema, rawBundle);
      if (!parsed.success) {
        throw new ProvenanceError(
          'MALFORMED_PROVENANCE',
          `${where}: ${describeIssues(parsed.issues)}`,
        );
      }
      const bundlePublisher = parsePublisher(parsed.output.publisher, `${where}.publisher`);
      publisher ??= bundlePublisher;
      if (parsed.output.attestations.length === 0) {
        throw new ProvenanceError('NO_ATTESTATIONS', `${where} has no attestations`);
      }
      for (const [a, raw] of parsed.output.attestations.entries()) {
        const checked = checkAttestation(
          raw,
          `${where}.attestations[${a}]`,
          { filename, sha256 },
          trust,
          now,
        );
        // The publisher check comes last: a cryptographic failure outranks an unknown kind.
        // It runs for an attestation the root is too old for as well: a certificate naming
        // someone else than PyPI's publisher is a failure whoever issued it.
        try {
          checkPublisher(bundlePublisher, checked.cert);
        } catch (err) {
          const e = toProvenanceError(err);
          if (e.code !== 'UNSUPPORTED_PUBLISHER') throw e;
          unsupported ??= e;
        }
        if (checked.outdated) unsupported ??= checked.outdated;
        else attestations.push(checked.summary);
      }
    }
    if (unsupported) throw unsupported;
    if (input.repository !== undefined) {
      for (const att of attestations) {
        if (att.signer.repositoryUrl !== input.repository) {
          throw new ProvenanceError(
            'REPOSITORY_MISMATCH',
            `expected repository ${input.repository}, got ${att.signer.repositoryUrl ?? 'none'}`,
          );
        }
      }
    }
    return {
      filename,
      sha256,
      state: 'verified',
      publisher: publisher ?? { kind: 'unknown' },
      attestations,
    };
  } catch (err) {
    return fail(filename, sha256, err, publisher ? { publisher } : {});
  }
}

/**
 * verifyProvenance, faster where the platform can check signatures asynchronously (WebCrypto
 * in the extension's worker): `prepare` runs the ECDSA checks sigstore-js is about to make
 * first, then verifyProvenance runs exactly as the synchronous call and finds them done (see
 * src/core/sigstore/prepare.ts). Same result as verifyProvenance(input), always; without
 * `prepare` it is verifyProvenance.
 */
export async function verifyProvenanceAsync(
  input: VerifyProvenanceInput,
  prepare?: SignaturePreparer,
): Promise<FileResult> {
  if (prepare) {
    const checks = provenanceSignatureChecks(input);
    if (checks.length > 0) await prepare(checks).catch(() => undefined);
  }
  return verifyProvenance(input);
}

/**
 * Gets the verifier ready ahead of the first verification (e.g. while a release's provenance
 * is being fetched): the trusted root parsed, and with `prepare`, the CA chain's signatures
 * checked. Changes no result; never throws.
 */
export async function warmUpVerifier(prepare?: SignaturePreparer, trust?: Trust): Promise<void> {
  try {
    const material = (trust ?? productionTrust()).material;
    const checks = prepare ? caChecks(material) : [];
    if (prepare && checks.length > 0) await prepare(checks);
  } catch {
    // the verification itself will report any problem
  }
}

/** The signature checks of every attestation that parses; never throws. */
function provenanceSignatureChecks(input: VerifyProvenanceInput): SignatureCheck[] {
  const checks: SignatureCheck[] = [];
  try {
    const trust = input.trust ?? productionTrust();
    const top = v.safeParse(ProvenanceSchema, input.provenance);
    if (!top.success) return checks;
    for (const rawBundle of top.output.attestation_bundles) {
      const parsed = v.safeParse(AttestationBundleSchema, rawBundle);
      if (!parsed.success) continue;
      for (const raw of parsed.output.attestations) {
        try {
          const { attestation, bundleJson } = parseAttestation(raw, '');
          const bundle = parseBundle(bundleJson);
          // Parsed once here for both passes (the bundle carries the same bytes).
          const cert = parseCertificateOnce(
            decodeBase64(attestation.verification_material.certificate),
          );
          checks.push(...signatureChecks(bundle, trust, cert.cert));
        } catch {
          // verifyProvenance reports it
        }
      }
    }
  } catch {
    // verifyProvenance reports it
  }
  return checks;
}
