/**
 * No real PEP 740 attestation uses Rekor v2 with RFC 3161 timestamps yet, so this takes the
 * conformance case rekor2-dsse-happy-path (a real in-toto DSSE bundle logged to a Rekor v2 log
 * as hashedrekord/0.0.2, with a TSA timestamp) and recasts it as a PEP 740 attestation: the
 * attestation → bundle mapping (timestamps → rfc3161Timestamps), Sigstore verification, the
 * log-body certificate check and the Rekor v2 links all run on real data.
 */
import { describe, expect, it } from 'vitest';
import { readFixtureJson } from '../../../test/fixtures.js';
import { loadTrust } from '../sigstore/trust.js';
import { parseAttestation } from './attestation.js';
import { verifyAttestation } from './verify.js';
import { parseBundle, verifyBundle } from '../sigstore/verify-bundle.js';
import { checkLogBodyCertificate } from './log-body.js';
import { decodeBase64 } from '../encoding.js';

const CASE = 'conformance/bundle-verify/rekor2-dsse-happy-path';
interface Bundle {
  verificationMaterial: {
    certificate: { rawBytes: string };
    tlogEntries: Record<string, unknown>[];
    timestampVerificationData: { rfc3161Timestamps: { signedTimestamp: string }[] };
  };
  dsseEnvelope: { payload: string; signatures: { sig: string }[] };
}

interface Attestation {
  verification_material: { timestamps: string[] };
}

function attestation(mutate: (a: Attestation) => void = () => undefined) {
  const b = readFixtureJson<Bundle>(CASE, 'bundle.sigstore.json');
  const a = {
    version: 1,
    verification_material: {
      certificate: b.verificationMaterial.certificate.rawBytes,
      transparency_entries: b.verificationMaterial.tlogEntries,
      timestamps: b.verificationMaterial.timestampVerificationData.rfc3161Timestamps.map(
        (t) => t.signedTimestamp,
      ),
    },
    envelope: { statement: b.dsseEnvelope.payload, signature: b.dsseEnvelope.signatures[0]!.sig },
  };
  mutate(a);
  return a;
}
const trust = loadTrust(readFixtureJson(CASE, 'trusted_root.json'));
// The statement's subject is a.txt: not a distribution, so the statement step must be the
// first to fail once the cryptography passed.
const FILE = {
  filename: 'a-1.0.tar.gz',
  sha256: 'a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf',
};

describe('a Rekor v2 attestation with an RFC 3161 timestamp', () => {
  it('maps timestamps into the bundle and verifies with its trust root', () => {
    const parsed = parseAttestation(attestation(), 'attestation');
    const vm = parsed.bundleJson.verificationMaterial as {
      timestampVerificationData: { rfc3161Timestamps: unknown[] };
    };
    const tsv = vm.timestampVerificationData;
    expect(tsv.rfc3161Timestamps).toHaveLength(1);
    const verified = verifyBundle(parseBundle(parsed.bundleJson), trust);
    expect(verified.signedAt).toHaveLength(1); // the TSA time; Rekor v2 has no integrated time
    checkLogBodyCertificate(
      'hashedrekord/0.0.2',
      parsed.entry.canonicalizedBody,
      decodeBase64(parsed.attestation.verification_material.certificate),
    );
  });

  it('passes every cryptographic check and stops at the statement', () => {
    expect(() => verifyAttestation(attestation(), 'a', FILE, trust)).toThrow(
      expect.objectContaining({ code: 'SUBJECT_MISMATCH' }),
    );
  });

  it('fails without its timestamp (Rekor v2 gives no signed time)', () => {
    const a = attestation((x) => (x.verification_material.timestamps = []));
    expect(() => verifyAttestation(a, 'a', FILE, trust)).toThrow(
      expect.objectContaining({ code: 'TIMESTAMP_INVALID' }),
    );
  });

  it('fails with a timestamp over something else', () => {
    const other = readFixtureJson<Bundle>(
      'conformance/bundle-verify/rekor2-timestamp-with-embedded-cert',
      'bundle.sigstore.json',
    ).verificationMaterial.timestampVerificationData.rfc3161Timestamps[0]!.signedTimestamp;
    const a = attestation((x) => (x.verification_material.timestamps = [other]));
    expect(() => verifyAttestation(a, 'a', FILE, trust)).toThrow(
      expect.objectContaining({ code: 'TIMESTAMP_INVALID' }),
    );
  });

  it('fails when the log entry names another certificate', () => {
    const parsed = parseAttestation(attestation(), 'attestation');
    const otherCert = readFixtureJson<Bundle>(
      'conformance/bundle-verify/rekor2-timestamp-with-embedded-cert',
      'bundle.sigstore.json',
    ).verificationMaterial.certificate.rawBytes;
    expect(() =>
      checkLogBodyCertificate(
        'hashedrekord/0.0.2',
        parsed.entry.canonicalizedBody,
        decodeBase64(otherCert),
      ),
    ).toThrow(expect.objectContaining({ code: 'TLOG_BODY_MISMATCH' }));
  });
});
