/**
 * Runs fuzz cases through verifyProvenance and checks, for each:
 *  (a) it never throws (always a FileResult);
 *  (b) it is `verified` only when every mutation was a semantic no-op;
 *  (c) when every mutation was a no-op, it is `verified`.
 * A multi-mutation case whose later mutation undid an earlier one (e.g. a broken entry swapped
 * out of position 0) may verify: it counts as "repaired" when the model (spec.ts) confirms the
 * final document consists only of known-valid attestations for the file.
 */
import { verifyProvenance } from '../src/core/provenance/verify.js';
import type { FileResult } from '../src/core/result.js';
import { generateCase, type Extras, type FuzzCase, type Seed } from './mutate.js';
import type { KnownValid } from './spec.js';

export interface CorpusLike {
  seeds: Seed[];
  extras: Extras;
  known: KnownValid;
}

export type Invariant =
  | 'a: threw'
  | 'b: verified though mutated'
  | 'c: no-op not verified'
  /** A harness self-check: an all-no-op case the model (spec.ts) does not accept. */
  | 'model: no-op case outside the model';

export interface Violation {
  invariant: Invariant;
  fuzzCase: FuzzCase;
  runSeed: number;
  /** The --only filter the case was generated with, if any. */
  only?: readonly string[];
  result?: FileResult;
  error?: string;
}

export interface MutationStats {
  count: number;
  noop: number;
  /** Outcome (state:code) of the cases where this was the only mutation. */
  solo: Map<string, number>;
}

export interface FuzzReport {
  seed: number;
  cases: number;
  ms: number;
  violations: Violation[];
  stats: Map<string, MutationStats>;
  noopVerified: number;
  rejected: number;
  repaired: number;
  /** Indices of the repaired cases (first 100), for inspection. */
  repairedCases: number[];
  outcomes: Map<string, number>;
}

export function outcomeOf(result: FileResult): string {
  return 'code' in result ? `${result.state}:${result.code}` : result.state;
}

export interface CheckedCase {
  result?: FileResult;
  violation?: Violation;
  repaired: boolean;
}

/** Verifies one generated case and checks the invariants. */
export function checkCase(c: FuzzCase, runSeed: number, known: KnownValid): CheckedCase {
  let result: FileResult;
  try {
    result = verifyProvenance(c.input);
  } catch (err) {
    const error = err instanceof Error ? (err.stack ?? err.message) : String(err);
    return { violation: { invariant: 'a: threw', fuzzCase: c, runSeed, error }, repaired: false };
  }
  const verified = result.state === 'verified';
  if (c.noop && !known.covers(c.input.sha256, c.input.provenance)) {
    return {
      result,
      violation: { invariant: 'model: no-op case outside the model', fuzzCase: c, runSeed, result },
      repaired: false,
    };
  }
  if (c.noop && !verified) {
    return {
      result,
      violation: { invariant: 'c: no-op not verified', fuzzCase: c, runSeed, result },
      repaired: false,
    };
  }
  if (!c.noop && verified) {
    // The inputs are intact when every input mutation was a no-op or a later one restored
    // the real filename and digest.
    const inputsIntact =
      c.mutations.every((m) => !m.input || m.noop) ||
      (c.input.filename === c.base.filename &&
        c.input.sha256.toLowerCase() === c.base.sha256.toLowerCase());
    const repaired =
      c.mutations.length > 1 && inputsIntact && known.covers(c.input.sha256, c.input.provenance);
    if (!repaired) {
      return {
        result,
        violation: { invariant: 'b: verified though mutated', fuzzCase: c, runSeed, result },
        repaired: false,
      };
    }
    return { result, repaired: true };
  }
  return { result, repaired: false };
}

export interface RunOptions {
  seed: number;
  cases: number;
  /** First case index (default 0). */
  start?: number;
  only?: readonly string[];
  /** Called every `progressEvery` cases. */
  onProgress?: (done: number, report: FuzzReport) => void;
  progressEvery?: number;
}

export function runFuzz(corpus: CorpusLike, opts: RunOptions): FuzzReport {
  const t0 = performance.now();
  const report: FuzzReport = {
    seed: opts.seed,
    cases: 0,
    ms: 0,
    violations: [],
    stats: new Map(),
    noopVerified: 0,
    rejected: 0,
    repaired: 0,
    repairedCases: [],
    outcomes: new Map(),
  };
  const start = opts.start ?? 0;
  for (let i = start; i < start + opts.cases; i++) {
    const c = generateCase(opts.seed, i, { ...corpus, ...(opts.only && { only: opts.only }) });
    const checked = checkCase(c, opts.seed, corpus.known);
    report.cases++;
    if (checked.violation) {
      report.violations.push({ ...checked.violation, ...(opts.only && { only: opts.only }) });
    }
    if (checked.repaired) {
      report.repaired++;
      if (report.repairedCases.length < 100) report.repairedCases.push(i);
    }
    const outcome = checked.result ? outcomeOf(checked.result) : 'threw';
    report.outcomes.set(outcome, (report.outcomes.get(outcome) ?? 0) + 1);
    if (checked.result?.state === 'verified' && c.noop) report.noopVerified++;
    if (checked.result && checked.result.state !== 'verified' && !c.noop) report.rejected++;
    for (const m of c.mutations) {
      const s = report.stats.get(m.name) ?? { count: 0, noop: 0, solo: new Map<string, number>() };
      s.count++;
      if (m.noop) s.noop++;
      if (c.mutations.length === 1) s.solo.set(outcome, (s.solo.get(outcome) ?? 0) + 1);
      report.stats.set(m.name, s);
    }
    if (opts.onProgress && (i - start + 1) % (opts.progressEvery ?? 5000) === 0) {
      report.ms = performance.now() - t0;
      opts.onProgress(i - start + 1, report);
    }
  }
  report.ms = performance.now() - t0;
  return report;
}

export function tally(report: FuzzReport): string {
  return (
    `fuzz: ${report.cases} cases, ${report.violations.length} violations ` +
    `(${report.noopVerified} no-ops verified, ${report.rejected} rejected` +
    `${report.repaired ? `, ${report.repaired} repaired by a later mutation` : ''})`
  );
}

/** Everything needed to reproduce and understand one case. */
export function describeCase(
  c: FuzzCase,
  runSeed: number,
  result?: FileResult,
  only?: readonly string[],
): string {
  const filter = only ? ` --only ${only.join(',')}` : '';
  const lines = [
    `case ${c.index} of seed ${runSeed} (reproduce: node scripts/run-ts.js fuzz/run.ts --seed ${runSeed} --case ${c.index}${filter})`,
    `  base case: ${c.seed}`,
    `  expected: ${c.noop ? 'verified (every mutation is a no-op)' : 'not verified'}`,
    ...c.mutations.map(
      (m) => `  - ${m.name}${m.noop ? ' [no-op]' : ''}: ${m.detail.slice(0, 200)}`,
    ),
  ];
  if (result) {
    const why = 'code' in result ? ` ${result.code}: ${result.message.slice(0, 300)}` : '';
    lines.push(`  result: ${result.state}${why}`);
  }
  return lines.join('\n');
}

export function formatViolation(v: Violation): string {
  return [
    `VIOLATION ${v.invariant}`,
    describeCase(v.fuzzCase, v.runSeed, v.result, v.only),
    ...(v.error ? [`  error: ${v.error}`] : []),
  ].join('\n');
}

/** The summary table: mutation → applications, no-ops, outcomes when applied alone. */
export function formatTable(report: FuzzReport): string {
  const rows = [...report.stats.entries()].sort(([a], [b]) => a.localeCompare(b));
  const width = Math.max(8, ...rows.map(([name]) => name.length));
  const out = [
    `${'mutation'.padEnd(width)}  ${'n'.padStart(6)}  ${'no-op'.padStart(6)}  outcomes when applied alone`,
  ];
  for (const [name, s] of rows) {
    const solo = [...s.solo.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
    out.push(
      `${name.padEnd(width)}  ${String(s.count).padStart(6)}  ${String(s.noop).padStart(6)}  ${solo}`,
    );
  }
  out.push('', 'all outcomes:');
  for (const [k, n] of [...report.outcomes.entries()].sort((a, b) => b[1] - a[1])) {
    out.push(`  ${k.padEnd(40)} ${n}`);
  }
  return out.join('\n');
}
