/**
 * The extension's verification core as the worker bundles it (crypto, util and buffer aliased
 * to the shims, src/shims/buffer.ts as global Buffer), for a page of the benchmark: the synchronous
 * and the asynchronous (WebCrypto ahead) entry points side by side. Built by bench/lib/core-page.ts.
 */
import '../../src/shims/buffer-global.js';

export {
  signatureCheckStats,
  verifyProvenance,
  verifyProvenanceAsync,
} from '../../src/background/verifier.js';
