/** The verification core's public API (no browser or Node APIs; fetch is injected). */
export { checkRelease, errorResult } from './check-release.js';
export type { CheckReleaseOptions } from './check-release.js';
export { ProvenanceError, PypiError } from './errors.js';
export { fetchProvenance, fetchRelease } from './pypi/client.js';
export type { ClientOptions, Release, ReleaseFile } from './pypi/client.js';
export type { FetchLike, FetchResponse } from './pypi/http.js';
export { verifyAttestation, verifyProvenance } from './provenance/verify.js';
export type { VerifyProvenanceInput } from './provenance/verify.js';
export { loadTrust, productionTrust } from './sigstore/trust.js';
export type { Trust } from './sigstore/trust.js';
export { releaseState } from './result.js';
export type * from './result.js';
