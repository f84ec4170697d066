/**
 * The one vocabulary for every user-visible state (badge, file rows, toolbar icon, popup,
 * CLI). See ../shared/docs/product.md "States". A file is `verified` only when every check
 * passed; every other outcome carries a reason code and a plain-language message.
 */
import { PypiError } from './errors.js';

/** Why a file is `failed`: provenance exists but a check did not pass. */
export type FailedCode =
  | 'NO_ATTESTATIONS'
  | 'MALFORMED_PROVENANCE'
  | 'ATTESTATION_VERSION'
  | 'NO_TRANSPARENCY_ENTRY'
  | 'UNTRUSTED_CERTIFICATE'
  | 'CERTIFICATE_INVALID'
  | 'SCT_INVALID'
  | 'TIMESTAMP_INVALID'
  | 'TLOG_UNTRUSTED_LOG'
  | 'TLOG_INCLUSION_PROOF_INVALID'
  | 'TLOG_CHECKPOINT_INVALID'
  | 'TLOG_SET_INVALID'
  | 'TLOG_BODY_MISMATCH'
  | 'SIGNATURE_INVALID'
  | 'STATEMENT_INVALID'
  | 'SUBJECT_MISMATCH'
  | 'DIGEST_MISMATCH'
  | 'PREDICATE_INVALID'
  | 'PUBLISHER_MISMATCH'
  | 'REPOSITORY_MISMATCH';

/**
 * Why a file is `unsupported`: provenance uses something we cannot check yet.
 * TRUST_ROOT_OUTDATED: signed after the trust root's newest key through a CA or log the root
 * lacks (src/core/sigstore/outdated.ts): an update of the trust root may make it checkable.
 */
export type UnsupportedCode =
  'UNSUPPORTED_PUBLISHER' | 'UNSUPPORTED_TLOG_ENTRY' | 'UNSUPPORTED_KEY' | 'TRUST_ROOT_OUTDATED';

/** Why a file is `error`: it could not be checked (network, index, malformed response). */
export type ErrorCode =
  | 'ATTESTATIONS_DISABLED'
  | 'NOT_FOUND'
  | 'NOT_ACCEPTABLE'
  | 'RATE_LIMITED'
  | 'SERVER_ERROR'
  | 'HTTP_ERROR'
  | 'TIMEOUT'
  | 'NETWORK_ERROR'
  | 'BAD_RESPONSE'
  | 'RESPONSE_TOO_LARGE'
  | 'INTERNAL_ERROR';

export type ReasonCode = FailedCode | UnsupportedCode | ErrorCode | 'NO_PROVENANCE';

export type FileState = 'verified' | 'failed' | 'none' | 'unsupported' | 'error' | 'pending';
export type ReleaseState =
  'verified' | 'failed' | 'partial' | 'unsupported' | 'none' | 'error' | 'pending';

/** PyPI's publisher object as stored with the provenance (not signed; checked against the cert). */
export interface Publisher {
  kind: string;
  repository?: string;
  workflow?: string;
  workflow_filepath?: string;
  email?: string;
  environment?: string | null;
}

/** Who signed: read from the verified Fulcio certificate (never from unsigned data). */
export interface SignerDetails {
  /** Certificate SAN (workflow identity URI or service-account email). */
  identity: string;
  issuer?: string;
  /** e.g. https://github.com/pypa/sampleproject */
  repositoryUrl?: string;
  /**
   * Source Repository Identifier (OID .15): GitHub's repository ID or GitLab's project ID. A
   * repository deleted and re-created under the same name gets a new one.
   */
  repositoryId?: string;
  /** Source Repository Owner Identifier (OID .17): the owner's (namespace's) numeric ID. */
  ownerId?: string;
  /** e.g. .github/workflows/release.yml: the top-level workflow (from the Build Config URI). */
  workflowPath?: string;
  /** Build Config URI (OID .18): the top-level workflow, the one PyPI's publisher names. */
  buildConfigUri?: string;
  /**
   * The workflow that actually signed, from the Build Signer URI (OID .9; the SAN on GitHub):
   * its repository, e.g. https://github.com/org/shared-workflows. It differs from the Build
   * Config URI's when a reusable workflow in another repository did the signing.
   */
  signerRepositoryUrl?: string;
  /** The signing workflow's path, e.g. .github/workflows/publish.yml */
  signerWorkflowPath?: string;
  /** The signing workflow's ref (a reusable workflow's version). */
  signerRef?: string;
  commit?: string;
  ref?: string;
  trigger?: string;
  environment?: string;
  /** 'github-hosted' | 'self-hosted' | other runner environment string. */
  runner?: string;
  /** Run Invocation URI (OID .21): the build log. */
  runUrl?: string;
  /** Repository visibility at signing (OID .22), e.g. public/private. */
  repositoryVisibility?: string;
  notBefore: string;
  notAfter: string;
}

export interface TransparencyLogEntry {
  /** Global log index (Rekor v1) or the log's own index (Rekor v2), as a number. */
  logIndex: number;
  /** Seconds since the epoch as an ISO string, when the log gives one (Rekor v1). */
  integratedTime?: string;
  /** Log base URL from the trusted root, e.g. https://rekor.sigstore.dev */
  logUrl: string;
  /** Human link: search.sigstore.dev for Rekor v1; the log's tile API for Rekor v2. */
  entryUrl: string;
  /** Machine link to the entry in the log's own API. */
  apiUrl: string;
  kind: string;
  version: string;
}

export interface AttestationSummary {
  predicateType: string;
  signer: SignerDetails;
  tlogEntries: TransparencyLogEntry[];
  /** Verified signing time (ISO): integrated time or RFC 3161 time. */
  signedAt?: string;
}

interface FileBase {
  filename: string;
  sha256?: string;
}

export type FileResult =
  | (FileBase & {
      state: 'verified';
      publisher: Publisher;
      attestations: AttestationSummary[];
    })
  | (FileBase & {
      state: 'failed';
      code: FailedCode;
      message: string;
      publisher?: Publisher;
      attestations?: AttestationSummary[];
    })
  | (FileBase & {
      state: 'unsupported';
      code: UnsupportedCode;
      message: string;
      publisher?: Publisher;
    })
  | (FileBase & { state: 'none'; code: 'NO_PROVENANCE'; message: string })
  | (FileBase & { state: 'error'; code: ErrorCode; message: string; retryAfterSeconds?: number })
  | (FileBase & { state: 'pending' });

export interface ReleaseResult {
  index: string;
  project: string;
  version: string;
  state: ReleaseState;
  files: FileResult[];
  /** Set when the release itself could not be listed (JSON API failure). */
  error?: { code: ErrorCode | 'NO_PROVENANCE'; message: string };
}

/**
 * Summary state of a release from its files' states (product.md "Per release"): `failed` if
 * any file failed; `pending` while any is being checked; `verified` if all verified; `error`
 * if any could not be checked (what it hides might be verified or failed); `partial` if some
 * verified and the rest are `none`/`unsupported`; `unsupported` if none verified and at least
 * one is `unsupported` (provenance exists and could not be checked: never `none`); `none` if
 * no file has provenance. `unsupported` counts as "no verified identity" everywhere.
 */
export function releaseState(files: readonly Pick<FileResult, 'state'>[]): ReleaseState {
  if (files.length === 0) return 'none';
  const states = files.map((f) => f.state);
  if (states.includes('failed')) return 'failed';
  if (states.includes('pending')) return 'pending';
  if (states.every((s) => s === 'verified')) return 'verified';
  // A mix with errors: what could be checked is not the whole release, so it is neither
  // `verified` nor `partial`; `error` tells the user to retry.
  if (states.includes('error')) return 'error';
  if (states.includes('verified')) return 'partial';
  if (states.includes('unsupported')) return 'unsupported';
  return 'none';
}

/**
 * The result of a file that could not be checked: `none` when the index has no provenance for
 * it, else `error` with the index's reason (a fault, never `failed`).
 */
export function errorResult(
  filename: string,
  sha256: string | undefined,
  err: unknown,
): FileResult {
  const base = { filename, ...(sha256 !== undefined && { sha256 }) };
  if (err instanceof PypiError) {
    if (err.code === 'NO_PROVENANCE')
      return { ...base, state: 'none', code: 'NO_PROVENANCE', message: err.message };
    return {
      ...base,
      state: 'error',
      code: err.code,
      message: err.message,
      ...(err.retryAfterSeconds !== undefined && { retryAfterSeconds: err.retryAfterSeconds }),
    };
  }
  return { ...base, state: 'error', code: 'INTERNAL_ERROR', message: String(err) };
}
