/**
 * Deterministic mutation of real PEP 740 provenance objects. Each fuzz case starts from one
 * real, verifying case (a seed), applies one to three named mutations and records, for each,
 * whether it is a semantic no-op according to the model in spec.ts. The case is expected to
 * verify exactly when every mutation applied was a no-op. The mutations themselves live in
 * mutations/, one file per group; this module picks and applies them.
 */
import { GROUP_WEIGHTS, MUTATIONS, type MutationDef } from './mutations/index.js';
import { clone, type Ctx, type Extras, type FuzzInput, type Seed } from './mutations/shared.js';
import { Rng } from './rng.js';
import type { KnownValid } from './spec.js';

export { MUTATIONS };
export type { Extras, FuzzInput, MutationDef, Seed };

export interface Applied {
  name: string;
  noop: boolean;
  detail: string;
  /** Mutates verifyProvenance's filename/sha256 arguments rather than the provenance. */
  input?: boolean;
}

export interface FuzzCase {
  index: number;
  seed: string;
  /** The real case's own filename and sha256 (before input mutations). */
  base: { filename: string; sha256: string };
  input: FuzzInput;
  mutations: Applied[];
  /** Every mutation was a no-op: the case must verify. */
  noop: boolean;
}

const BY_GROUP = new Map<string, MutationDef[]>();
for (const m of MUTATIONS) BY_GROUP.set(m.group, [...(BY_GROUP.get(m.group) ?? []), m]);

function pickMutation(rng: Rng): MutationDef {
  const total = Object.values(GROUP_WEIGHTS).reduce((a, b) => a + b, 0);
  let x = rng.next() * total;
  for (const [group, w] of Object.entries(GROUP_WEIGHTS)) {
    x -= w;
    if (x < 0) return rng.pick(BY_GROUP.get(group) ?? MUTATIONS);
  }
  return rng.pick(MUTATIONS);
}

export interface GenerateOptions {
  seeds: readonly Seed[];
  extras: Extras;
  known: KnownValid;
  /** Only these mutation names (for reproducing or targeted runs). */
  only?: readonly string[];
}

/** Case `index` of the run with `seed`: deterministic in (seed, index, seeds). */
export function generateCase(runSeed: number, index: number, opts: GenerateOptions): FuzzCase {
  const rng = Rng.forCase(runSeed, index);
  const seed = rng.pick(opts.seeds);
  const doc: FuzzInput = {
    filename: seed.filename,
    sha256: seed.sha256,
    provenance: clone(seed.provenance),
  };
  const ctx: Ctx = { rng, seed, seeds: opts.seeds, extras: opts.extras, known: opts.known, doc };
  const pool = opts.only ? MUTATIONS.filter((m) => opts.only?.includes(m.name)) : undefined;
  const count = rng.chance(0.6) ? 1 : rng.chance(0.6) ? 2 : 3;
  const mutations: Applied[] = [];
  for (let tries = 0; mutations.length < count && tries < 50; tries++) {
    const def = pool ? rng.pick(pool) : pickMutation(rng);
    const out = def.run(ctx);
    if (!out) continue;
    mutations.push({
      name: out.name ?? def.name,
      noop: out.noop,
      detail: out.detail,
      ...(out.input && { input: true }),
    });
  }
  return {
    index,
    seed: seed.name,
    base: { filename: seed.filename, sha256: seed.sha256 },
    input: doc,
    mutations,
    noop: mutations.every((m) => m.noop),
  };
}
