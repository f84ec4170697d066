/**
 * The Node references, in this process with Node's native crypto: (1) the same core the
 * extension runs (src/core verifyProvenance), (2) plain sigstore-js (`Verifier.verify` on the
 * same bundles, no PEP 740 checks, no caches of ours).
 */
import { bundleFromJSON } from '@sigstore/bundle';
import { toSignedEntity, Verifier } from '@sigstore/verify';
import { verifyProvenance } from '../../src/core/provenance/verify.js';
import { productionTrust } from '../../src/core/sigstore/trust.js';
import type { VerifyInput } from './inputs.js';
import { median } from './stats.js';

export interface NodeRun {
  /** Median per-attestation ms of the core, over `rounds` rounds after one warm-up round. */
  coreSteadyMs: number;
  /** Same for plain sigstore-js. */
  sigstoreJsSteadyMs: number;
  samples: number;
}

function perAttestation(inputs: VerifyInput[], rounds: number, fn: (i: VerifyInput) => void) {
  const samples: number[] = [];
  for (let r = -1; r < rounds; r++) {
    for (const input of inputs) {
      const t0 = performance.now();
      fn(input);
      const ms = performance.now() - t0;
      if (r >= 0) samples.push(ms / input.attestations);
    }
  }
  return samples;
}

export function nodeRun(inputs: VerifyInput[], rounds: number): NodeRun {
  const trust = productionTrust();
  const core = perAttestation(inputs, rounds, (input) => {
    const result = verifyProvenance({
      filename: input.filename,
      sha256: input.sha256,
      provenance: input.provenance,
    });
    if (result.state !== 'verified') {
      throw new Error(`node: ${input.name} did not verify: ${JSON.stringify(result)}`);
    }
  });
  const plain = perAttestation(inputs, rounds, (input) => {
    for (const json of input.bundles) {
      const entity = toSignedEntity(bundleFromJSON(json));
      new Verifier(trust.material).verify(entity);
    }
  });
  return {
    coreSteadyMs: median(core),
    sigstoreJsSteadyMs: median(plain),
    samples: core.length,
  };
}
