/**
 * Strict shapes of PyPI's Integrity API provenance object (PEP 740; the living spec
 * "index hosted attestations"; pypi-attestations `_impl.py`). Unknown keys are ignored (live
 * responses carry e.g. `claims: null`), but every field we use must have the right type, and
 * every base64 field must be standard base64. Size caps keep hostile input bounded.
 */
import * as v from 'valibot';
import { isStrictBase64 } from '../encoding.js';

const MAX_B64 = 1 << 20; // 1 MiB of base64 for any single field
const b64 = v.pipe(
  v.string(),
  v.maxLength(MAX_B64),
  v.check(isStrictBase64, 'expected standard base64'),
);
const uint = v.pipe(
  v.string(),
  v.maxLength(20),
  v.regex(/^(0|[1-9][0-9]*)$/, 'expected an unsigned integer string'),
);
const shortText = v.pipe(v.string(), v.maxLength(1024));

/** Rekor TransparencyLogEntry in protobuf-specs JSON (camelCase; int64 as strings). */
export const TransparencyEntrySchema = v.looseObject({
  logIndex: uint,
  logId: v.looseObject({ keyId: b64 }),
  kindVersion: v.looseObject({ kind: shortText, version: shortText }),
  integratedTime: v.optional(uint),
  inclusionPromise: v.optional(v.looseObject({ signedEntryTimestamp: b64 })),
  inclusionProof: v.optional(
    v.looseObject({
      logIndex: uint,
      rootHash: b64,
      treeSize: uint,
      hashes: v.pipe(v.array(b64), v.maxLength(128)),
      checkpoint: v.looseObject({ envelope: v.pipe(v.string(), v.maxLength(64 * 1024)) }),
    }),
  ),
  canonicalizedBody: b64,
});

export const AttestationSchema = v.looseObject({
  version: v.number(),
  verification_material: v.looseObject({
    certificate: b64,
    transparency_entries: v.pipe(v.array(v.unknown()), v.maxLength(16)),
    timestamps: v.nullish(v.pipe(v.array(b64), v.maxLength(16))),
  }),
  envelope: v.looseObject({ statement: b64, signature: b64 }),
});

export const PublisherSchema = v.looseObject({
  kind: shortText,
  repository: v.optional(shortText),
  workflow: v.optional(shortText),
  workflow_filepath: v.optional(shortText),
  email: v.optional(shortText),
  environment: v.nullish(shortText),
});

export const AttestationBundleSchema = v.looseObject({
  publisher: v.unknown(),
  attestations: v.pipe(v.array(v.unknown()), v.maxLength(16)),
});

/** The top level as the Integrity API serves it; inner parts are checked step by step. */
export const ProvenanceSchema = v.looseObject({
  version: v.number(),
  attestation_bundles: v.pipe(v.array(v.unknown()), v.maxLength(16)),
});

export type TransparencyEntryJSON = v.InferOutput<typeof TransparencyEntrySchema>;
export type AttestationJSON = v.InferOutput<typeof AttestationSchema>;
export type PublisherJSON = v.InferOutput<typeof PublisherSchema>;

/** First issue of a failed parse as "path: message" (for reason text). */
export function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  const first = issues[0];
  if (!first) return 'invalid input';
  const path = v.getDotPath(first);
  return path ? `${path}: ${first.message}` : first.message;
}
