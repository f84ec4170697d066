/**
 * The worker's verifier: the core's verification bound to the platform's crypto, gathered in
 * one module that the build emits as its own chunk (assets/verifier.js, see vite.config.ts)
 * with the shims in place of Node's crypto. Tests import that very chunk in Node to check the
 * code users run. No extension APIs here.
 *
 * This is where the WebCrypto checks made ahead come in, explicitly: `verifyProvenanceAsync`
 * and `warmUpVerifier` pass `prepareSignatures` (src/shims/webcrypto-ahead.ts) to the core.
 */
import '../shims/buffer-global.js';
import trustInfoJson from '../generated/trust-info.json' with { type: 'json' };
import {
  verifyProvenanceAsync as verifyWith,
  warmUpVerifier as warmUpWith,
  type VerifyProvenanceInput,
} from '../core/provenance/verify.js';
import type { FileResult } from '../core/result.js';
import type { Trust } from '../core/sigstore/trust.js';
import type { TrustInfo } from '../shared/view-model.js';
import { prepareSignatures } from '../shims/webcrypto-ahead.js';

export { verifyProvenance } from '../core/provenance/verify.js';
export {
  loadTrust,
  mergeTrustedRoots,
  productionTrust,
  type RootJSON,
  type Trust,
} from '../core/sigstore/trust.js';
export { default as productionRootJson } from '../generated/trusted-root.json' with { type: 'json' };
export { signatureCheckStats } from '../shims/webcrypto-ahead.js';
export const trustInfo: TrustInfo = trustInfoJson;

/** The core's verifyProvenance, with the signatures checked ahead by WebCrypto. Never throws. */
export function verifyProvenanceAsync(input: VerifyProvenanceInput): Promise<FileResult> {
  return verifyWith(input, prepareSignatures);
}

/** The trusted root parsed and its CA chain checked by WebCrypto. Never throws. */
export function warmUpVerifier(trust?: Trust): Promise<void> {
  return warmUpWith(prepareSignatures, trust);
}
