/**
 * Everything the worker needs to verify, gathered in one module that the build emits as its
 * own chunk (assets/verifier.js, see vite.config.ts) with the shims in place of Node's crypto:
 * tests import that very chunk in Node to check the code users run. No extension APIs here.
 */
import '../shims/buffer-global.js';
import trustInfoJson from '../generated/trust-info.json' with { type: 'json' };
import type { TrustInfo } from '../shared/messages.js';

export { checkRelease } from '../core/check-release.js';
export {
  verifyProvenance,
  verifyProvenanceAsync,
  warmUpVerifier,
} from '../core/provenance/verify.js';
export { loadTrust, productionTrust } from '../core/sigstore/trust.js';
export const trustInfo: TrustInfo = trustInfoJson;
