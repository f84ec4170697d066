/**
 * The part of the verification core that the extension's pages (popup, options page, content
 * script, src/ui) may use: its vocabulary (result, identity and memory types) and a few pure
 * functions over it. Pages reach src/core only through this list (the boundaries in
 * eslint.config.js): nothing that fetches, parses provenance or verifies can be imported by a
 * page, and what they rely on from the core is written down here.
 */
export type {
  AttestationSummary,
  ErrorCode,
  FileResult,
  FileState,
  Publisher,
  ReleaseResult,
  ReleaseState,
  SignerDetails,
  TransparencyLogEntry,
} from '../core/result.js';
export { releaseState } from '../core/result.js';
export type { ListedDigest } from '../core/check.js';
export type { Identity, TimelineEntry, Warning } from '../core/history.js';
export { describeIdentity, sameIdentity } from '../core/history.js';
export { describeIdentityChange } from '../core/identity.js';
export type { MemoryAlert, MemoryKey, ProjectMemory } from '../core/memory.js';
export { checkMemory, observeRelease } from '../core/memory.js';
export { riskHints, signingWorkflow } from '../core/risk.js';
export { normalizeVersion, parseDistributionFilename } from '../core/filename.js';
export { canonicalizeName } from '../core/project-name.js';
export type { TufMetadata, TufRefresh } from '../core/sigstore/tuf-client.js';
