/**
 * The core's verifier as Node runs it (Node's own crypto, nothing checked ahead): what the
 * background's services are given in unit tests in place of the worker's (src/background/verifier.ts).
 */
import { verifyProvenance } from '../src/core/provenance/verify.js';
import type { Verifier } from '../src/background/release-service.js';

export const nodeVerifier: Verifier = {
  verify: async (input) => verifyProvenance(input),
  warmUp: async () => undefined,
};
