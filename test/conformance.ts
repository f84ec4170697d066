/**
 * Runs one sigstore-conformance `bundle-verify` case through our bundle verifier
 * (src/core/sigstore), following the case layout in fixtures/conformance/README.md: the
 * case's trusted root or the production root, its identity/issuer or the defaults, key.pub
 * for managed-key cases, the artifact (path mode) or its sha256 (digest mode).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { toTrustMaterial } from '@sigstore/verify';
import {
  parseBundle,
  verifyBundle,
  toProvenanceError,
} from '../src/core/sigstore/verify-bundle.js';
import { loadTrust, withoutUnboundedAuthorities, type Trust } from '../src/core/sigstore/trust.js';
import { ProvenanceError } from '../src/core/errors.js';
import { fixturePath, readFixtureJson } from './fixtures.js';

export const CASES_DIR = fixturePath('conformance', 'bundle-verify');
const DEFAULT_IDENTITY =
  'https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main';
const DEFAULT_ISSUER = 'https://token.actions.githubusercontent.com';

export type Mode = 'path' | 'digest';

/** The case folders, sorted. */
export function caseNames(): string[] {
  return readdirSync(CASES_DIR)
    .filter((n) => statSync(join(CASES_DIR, n)).isDirectory())
    .sort();
}

/**
 * The reason each `_fail` case fails with. Some are reached incidentally (the README says so):
 * bundle-with-root-cert_fail's 2023 inclusion proof has no checkpoint; managed-key-wrong-key_fail's
 * key.pub is a corrupted PEM; trust-root-tlog-missing-validity-start_fail's log is dropped from
 * the trust root (no validity start), so no checkpoint key matches.
 */
export const EXPECTED_FAILURE: Record<string, string> = {
  'bundle-empty-certificate-chain_fail': 'MALFORMED_PROVENANCE',
  'bundle-from-wrong-instance_fail': 'UNTRUSTED_CERTIFICATE',
  'bundle-invalid-base64-signature_fail': 'TLOG_SET_INVALID',
  'bundle-malformed-json_fail': 'MALFORMED_PROVENANCE',
  'bundle-negative-log-index_fail': 'TLOG_SET_INVALID',
  'bundle-unknown-version_fail': 'MALFORMED_PROVENANCE',
  'bundle-with-root-cert_fail': 'MALFORMED_PROVENANCE',
  'checkpoint-bad-keyhint_fail': 'TLOG_CHECKPOINT_INVALID',
  'checkpoint-wrong-roothash_fail': 'TLOG_INCLUSION_PROOF_INVALID',
  'dsse-invalid-sig_fail': 'TLOG_BODY_MISMATCH',
  'dsse-mismatch-envelope_fail': 'TLOG_BODY_MISMATCH',
  'dsse-mismatch-sig_fail': 'TLOG_BODY_MISMATCH',
  'inclusion-proof-corrupted-hash_fail': 'TLOG_INCLUSION_PROOF_INVALID',
  'incorrect-public-key_fail': 'TLOG_SET_INVALID',
  'integrated-time-in-future_fail': 'CERTIFICATE_INVALID',
  'intoto-expired-certificate_fail': 'CERTIFICATE_INVALID',
  'intoto-log-entry-mismatch_fail': 'TLOG_BODY_MISMATCH',
  'intoto-missing-inclusion-proof_fail': 'MALFORMED_PROVENANCE',
  'intoto-set-outside-signing-cert-validity_fail': 'CERTIFICATE_INVALID',
  'intoto-tsa-timestamp-outside-cert-validity_fail': 'CERTIFICATE_INVALID',
  'invalid-checkpoint-signature_fail': 'TLOG_CHECKPOINT_INVALID',
  'invalid-ct-key_fail': 'SCT_INVALID',
  'invalid-inclusion-proof_fail': 'MALFORMED_PROVENANCE',
  'managed-key-no-key_fail': 'SIGNATURE_INVALID',
  'managed-key-wrong-key_fail': 'MALFORMED_PROVENANCE',
  'message-digest-mismatch_fail': 'TLOG_BODY_MISMATCH',
  'rekor2-checkpoint-missing-log-signature_fail': 'TLOG_CHECKPOINT_INVALID',
  'rekor2-checkpoint-missing-origin_fail': 'TLOG_CHECKPOINT_INVALID',
  'rekor2-checkpoint-missing-root-hash_fail': 'TLOG_CHECKPOINT_INVALID',
  'rekor2-checkpoint-missing-size_fail': 'TLOG_CHECKPOINT_INVALID',
  'rekor2-checkpoint-no-matching-signature_fail': 'TLOG_CHECKPOINT_INVALID',
  'rekor2-dsse-invalid-sig_fail': 'TLOG_BODY_MISMATCH',
  'rekor2-dsse-mismatch-envelope_fail': 'TLOG_BODY_MISMATCH',
  'rekor2-dsse-mismatch-sig_fail': 'TLOG_BODY_MISMATCH',
  'rekor2-no-inclusion-proof_fail': 'MALFORMED_PROVENANCE',
  'rekor2-no-timestamp_fail': 'TIMESTAMP_INVALID',
  'rekor2-timestamp-outside-trust-root-tsa-validity_fail': 'TIMESTAMP_INVALID',
  'rekor2-timestamp-outside-tsa-cert-validity_fail': 'TIMESTAMP_INVALID',
  'rekor2-timestamp-payload-mismatch_fail': 'TIMESTAMP_INVALID',
  'rekor2-timestamp-untrusted-tsa-with-embedded-cert_fail': 'TIMESTAMP_INVALID',
  'rekor2-timestamp-untrusted-tsa-without-embedded-cert_fail': 'TIMESTAMP_INVALID',
  'rekor2-timestamp-with-incorrect-time_fail': 'CERTIFICATE_INVALID',
  'set-invalid-signature_fail': 'TLOG_SET_INVALID',
  'signature-mismatch_fail': 'TLOG_BODY_MISMATCH',
  'trust-root-tlog-missing-validity-start_fail': 'TLOG_CHECKPOINT_INVALID',
  'wrong-hashedrekord-artifact_fail': 'TLOG_BODY_MISMATCH',
  'wrong-hashedrekord-cert-and-sig_fail': 'TLOG_BODY_MISMATCH',
  'wrong-hashedrekord-entry_fail': 'TLOG_BODY_MISMATCH',
  'wrong-material_fail': 'SIGNATURE_INVALID',
};

/** In digest mode the signed digest is compared before any signature check. */
export const DIGEST_MODE_FAILURE: Record<string, string> = {
  'message-digest-mismatch_fail': 'DIGEST_MISMATCH',
  'wrong-material_fail': 'DIGEST_MISMATCH',
};

export type CaseOutcome = { ok: true } | { ok: false; code: string; message: string };

function read(dir: string, name: string): string | undefined {
  const p = join(dir, name);
  return existsSync(p) ? readFileSync(p, 'utf8') : undefined;
}

function pemBody(pem: string): Buffer {
  const m = /-----BEGIN PUBLIC KEY-----([\s\S]*?)-----END PUBLIC KEY-----/.exec(pem);
  if (!m?.[1]) throw new ProvenanceError('SIGNATURE_INVALID', 'key.pub is not a PEM public key');
  return Buffer.from(m[1].replace(/\s+/g, ''), 'base64');
}

function trustWithKey(rootJson: Record<string, unknown>, hint: string, keyPem: string): Trust {
  const root = TrustedRoot.fromJSON(withoutUnboundedAuthorities(rootJson));
  const rawBytes = pemBody(keyPem);
  const material = toTrustMaterial(root, {
    [hint]: { rawBytes, keyDetails: 0, validFor: undefined },
  } as never);
  return { material, logUrls: new Map() };
}

/** Statement subjects' sha256 digests of a DSSE bundle (in-toto payload). */
function subjectDigests(payload: Buffer): string[] {
  const statement = JSON.parse(payload.toString('utf8')) as {
    subject?: { digest?: { sha256?: string } }[];
  };
  return (statement.subject ?? []).flatMap((s) => (s.digest?.sha256 ? [s.digest.sha256] : []));
}

export function runCase(name: string, mode: Mode): CaseOutcome {
  const dir = join(CASES_DIR, name);
  try {
    let json: unknown;
    try {
      json = JSON.parse(read(dir, 'bundle.sigstore.json') ?? '');
    } catch {
      throw new ProvenanceError('MALFORMED_PROVENANCE', 'bundle is not valid JSON');
    }
    const bundle = parseBundle(json);
    const rootText = read(dir, 'trusted_root.json');
    const rootJson = rootText
      ? (JSON.parse(rootText) as Record<string, unknown>)
      : readFixtureJson<Record<string, unknown>>('trust', 'sigstore-prod.trusted_root.json');
    const keyPem = read(dir, 'key.pub');
    const vm = bundle.verificationMaterial.content;
    const trust =
      keyPem !== undefined && vm.$case === 'publicKey'
        ? trustWithKey(rootJson, vm.publicKey.hint, keyPem)
        : loadTrust(rootJson);
    const artifactPath = existsSync(join(dir, 'artifact'))
      ? join(dir, 'artifact')
      : join(CASES_DIR, 'a.txt');
    const artifact = readFileSync(artifactPath);
    const digest = createHash('sha256').update(artifact).digest();
    const policy =
      keyPem !== undefined
        ? undefined
        : {
            subjectAlternativeName: read(dir, 'identity')?.trim() ?? DEFAULT_IDENTITY,
            issuer: read(dir, 'issuer')?.trim() ?? DEFAULT_ISSUER,
          };
    if (bundle.content.$case === 'dsseEnvelope') {
      // For DSSE the artifact (or its digest) must be one of the statement's subjects.
      const digests = subjectDigests(Buffer.from(bundle.content.dsseEnvelope.payload));
      if (!digests.includes(digest.toString('hex'))) {
        throw new ProvenanceError('DIGEST_MISMATCH', 'artifact is not a subject of the statement');
      }
      verifyBundle(bundle, trust, { ...(policy && { policy }) });
    } else if (mode === 'path') {
      verifyBundle(bundle, trust, { artifact, ...(policy && { policy }) });
    } else {
      // Digest mode for a message signature: the signed digest must be the artifact's; the
      // signature itself is then checked over the artifact bytes that digest stands for.
      const signed = Buffer.from(bundle.content.messageSignature.messageDigest?.digest ?? []);
      if (!signed.equals(digest)) {
        throw new ProvenanceError('DIGEST_MISMATCH', 'signed digest is not the artifact digest');
      }
      verifyBundle(bundle, trust, { artifact, ...(policy && { policy }) });
    }
    return { ok: true };
  } catch (err) {
    const e = toProvenanceError(err);
    return { ok: false, code: e.code, message: e.message };
  }
}
