/**
 * TEST build only (test/vite.built-conformance.config.ts): the bundle verifier's pieces that
 * the conformance runner needs, built by the extension's own vite config (crypto/util shims,
 * the Buffer shim, the slim sigstore of scripts/slim-sigstore.ts) next to the worker's
 * verifier. Never part of the extension.
 */
import '../src/shims/buffer-global.js';

export {
  parseBundle,
  verifyBundle,
  toProvenanceError,
} from '../src/core/sigstore/verify-bundle.js';
export { loadTrust, withoutUnboundedAuthorities } from '../src/core/sigstore/trust.js';
export { TrustedRoot } from '@sigstore/protobuf-specs';
export { toTrustMaterial } from '@sigstore/verify';
