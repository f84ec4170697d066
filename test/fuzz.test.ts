/**
 * Mutation fuzzing of verifyProvenance (fuzz/, README there): 1,000 deterministic cases from
 * every real verifying fixture, each with one to three named mutations. Invariants: the
 * verifier never throws; it says `verified` only when every mutation was a semantic no-op;
 * and every all-no-op case does verify. Larger runs: `node scripts/run-ts.js fuzz/run.ts`.
 */
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../fuzz/corpus.js';
import { formatViolation, runFuzz, tally } from '../fuzz/harness.js';
import { generateCase, MUTATIONS } from '../fuzz/mutate.js';
import { verifyProvenance } from '../src/core/provenance/verify.js';

const SEED = 20_260_101;
const CASES = 1000;

describe('mutation fuzzing of verifyProvenance', () => {
  const corpus = loadCorpus();

  it('starts from real cases that verify and that the no-op model accepts', () => {
    expect(corpus.seeds.length).toBeGreaterThanOrEqual(15);
    for (const seed of corpus.seeds) {
      expect(verifyProvenance(seed).state, seed.name).toBe('verified');
      expect(corpus.known.covers(seed.sha256, seed.provenance), seed.name).toBe(true);
    }
  });

  it('generates the same cases for the same seed', () => {
    for (const i of [0, 1, 17, 999]) {
      const a = generateCase(SEED, i, corpus);
      const b = generateCase(SEED, i, corpus);
      expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    }
  });

  it(`never throws, never verifies a real change, always verifies a no-op (${CASES} cases)`, () => {
    const report = runFuzz(corpus, { seed: SEED, cases: CASES });
    console.log(`${tally(report)} in ${(report.ms / 1000).toFixed(1)} s`);
    expect(report.violations.map(formatViolation)).toEqual([]);
    expect(report.cases).toBe(CASES);
    // Both sides are exercised: no-ops that must verify and changes that must not.
    expect(report.noopVerified).toBeGreaterThan(100);
    expect(report.rejected).toBeGreaterThan(600);
    // Every mutation group ran.
    const groups = new Set(MUTATIONS.map((m) => m.group));
    const ran = new Set(MUTATIONS.filter((m) => report.stats.has(m.name)).map((m) => m.group));
    expect([...groups].filter((g) => !ran.has(g))).toEqual([]);
  }, 120_000);
});
