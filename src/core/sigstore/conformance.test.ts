/**
 * Sigstore's client conformance cases (fixtures/conformance/bundle-verify) through the same
 * bundle verifier the extension uses. Each case runs in path and digest mode; a `_fail` case
 * must fail with the reason code recorded below, so it cannot pass for the wrong reason.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CASES_DIR, runCase, type Mode } from '../../../test/conformance.js';

/**
 * The reason each `_fail` case fails with. Some are reached incidentally (the README says so):
 * bundle-with-root-cert_fail's 2023 inclusion proof has no checkpoint; managed-key-wrong-key_fail's
 * key.pub is a corrupted PEM; trust-root-tlog-missing-validity-start_fail's log is dropped from
 * the trust root (no validity start), so no checkpoint key matches.
 */
const EXPECTED_FAILURE: Record<string, string> = {
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
const DIGEST_MODE_FAILURE: Record<string, string> = {
  'message-digest-mismatch_fail': 'DIGEST_MISMATCH',
  'wrong-material_fail': 'DIGEST_MISMATCH',
};

const names = readdirSync(CASES_DIR)
  .filter((n) => statSync(join(CASES_DIR, n)).isDirectory())
  .sort();
/** Runs per case that gave the expected outcome (2 = path and digest mode both). */
const asExpected = new Map<string, number>();

describe('sigstore-conformance bundle-verify', () => {
  it('has the 70 cases of the pinned suite', () => {
    expect(names).toHaveLength(70);
    expect(names.filter((n) => n.endsWith('_fail'))).toHaveLength(49);
    expect(Object.keys(EXPECTED_FAILURE).sort()).toEqual(names.filter((n) => n.endsWith('_fail')));
  });

  for (const mode of ['path', 'digest'] as Mode[]) {
    describe(`in ${mode} mode`, () => {
      it.each(names)('%s', (name) => {
        const outcome = runCase(name, mode);
        const expectedCode =
          (mode === 'digest' ? DIGEST_MODE_FAILURE[name] : undefined) ?? EXPECTED_FAILURE[name];
        if (name.endsWith('_fail')) {
          expect(outcome.ok).toBe(false);
          if (!outcome.ok) expect(outcome.code, outcome.message).toBe(expectedCode);
        } else {
          expect(outcome, outcome.ok ? '' : outcome.message).toEqual({ ok: true });
        }
        asExpected.set(name, (asExpected.get(name) ?? 0) + 1);
      });
    });
  }

  afterAll(() => {
    const bad = names.filter((n) => asExpected.get(n) !== 2);
    console.log(
      `conformance: ${names.length - bad.length}/${names.length} as expected (path and digest mode)` +
        (bad.length ? `; not as expected: ${bad.join(', ')}` : ''),
    );
  });
});
