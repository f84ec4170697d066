/**
 * PEP 740 attestation → Sigstore bundle v0.3 (verification-spec.md §2 steps 0–1; mirrors
 * pypi-attestations `Attestation.to_bundle`).
 */
import * as v from 'valibot';
import { ProvenanceError } from '../errors.js';
import {
  AttestationSchema,
  describeIssues,
  TransparencyEntrySchema,
  type AttestationJSON,
  type TransparencyEntryJSON,
} from './schema.js';

export const BUNDLE_V03_MEDIA_TYPE = 'application/vnd.dev.sigstore.bundle.v0.3+json';
export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';

/**
 * Kinds of Rekor entries a PEP 740 attestation may carry: Rekor v1 `dsse` 0.0.1, and Rekor v2
 * `dsse` 0.0.2 (rekor-tiles' DSSE type: payload hash and signature, certificate as verifier)
 * or `hashedrekord` 0.0.2 over SHA-256 of the DSSE PAE (as sigstore-python 4 logs DSSE).
 * sigstore-js checks each body against the envelope (@sigstore/verify 4.1.3
 * dist/tlog/dsse.js `verifyDSSE002TLogBody`, hashedrekord.js); log-body.ts adds the
 * certificate check.
 */
const SUPPORTED_ENTRIES = new Set(['dsse/0.0.1', 'dsse/0.0.2', 'hashedrekord/0.0.2']);

export interface ParsedAttestation {
  attestation: AttestationJSON;
  entry: TransparencyEntryJSON;
  bundleJson: Record<string, unknown>;
}

/** Checks one attestation strictly and rebuilds the Sigstore bundle it stands for. */
export function parseAttestation(input: unknown, where: string): ParsedAttestation {
  const parsed = v.safeParse(AttestationSchema, input);
  if (!parsed.success) {
    throw new ProvenanceError('MALFORMED_PROVENANCE', `${where}: ${describeIssues(parsed.issues)}`);
  }
  const attestation = parsed.output;
  // PEP 740: "Verifiers MUST reject attestations with an unknown version".
  if (attestation.version !== 1) {
    throw new ProvenanceError(
      'ATTESTATION_VERSION',
      `${where}: expected attestation version 1, got ${JSON.stringify(attestation.version)}`,
    );
  }
  const entries = attestation.verification_material.transparency_entries;
  if (entries.length === 0) {
    throw new ProvenanceError(
      'NO_TRANSPARENCY_ENTRY',
      `${where}: expected at least 1 transparency log entry, got 0`,
    );
  }
  // pypi-attestations uses only the first entry; so do we (the others are not checked, so
  // they are not shown either).
  const entryParsed = v.safeParse(TransparencyEntrySchema, entries[0]);
  if (!entryParsed.success) {
    throw new ProvenanceError(
      'MALFORMED_PROVENANCE',
      `${where}.transparency_entries[0]: ${describeIssues(entryParsed.issues)}`,
    );
  }
  const entry = entryParsed.output;
  const kindVersion = `${entry.kindVersion.kind}/${entry.kindVersion.version}`;
  if (!SUPPORTED_ENTRIES.has(kindVersion)) {
    throw new ProvenanceError(
      'UNSUPPORTED_TLOG_ENTRY',
      `${where}: unsupported transparency log entry type ${kindVersion}`,
    );
  }
  const timestamps = attestation.verification_material.timestamps ?? [];
  const bundleJson = {
    mediaType: BUNDLE_V03_MEDIA_TYPE,
    verificationMaterial: {
      certificate: { rawBytes: attestation.verification_material.certificate },
      tlogEntries: [entry],
      timestampVerificationData: {
        rfc3161Timestamps: timestamps.map((signedTimestamp) => ({ signedTimestamp })),
      },
    },
    dsseEnvelope: {
      payload: attestation.envelope.statement,
      payloadType: IN_TOTO_PAYLOAD_TYPE,
      signatures: [{ sig: attestation.envelope.signature, keyid: '' }],
    },
  };
  return { attestation, entry, bundleJson };
}
