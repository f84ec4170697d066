/**
 * The extension's verification core as the worker bundles it (crypto and util aliased to the
 * shims, the `buffer` package as global Buffer), for a page of the benchmark: the synchronous
 * and the asynchronous (WebCrypto ahead) entry points side by side. Built by bench/lib/core-page.ts.
 */
import '../../src/shims/buffer-global.js';

export {
  signatureCheckStats,
  verifyProvenance,
  verifyProvenanceAsync,
} from '../../src/background/verifier.js';
