/**
 * Mutation fuzzing of verifyProvenance (see fuzz/README.md).
 *
 *   node scripts/run-ts.js fuzz/run.ts [--cases N] [--seed S] [--start K]
 *                                      [--case I] [--only NAME,NAME] [--list]
 *
 * Prints a summary table (mutation → count, no-ops, outcomes) and exits 1 on any invariant
 * violation, printing how to reproduce each (seed and case index).
 */
import { parseArgs } from 'node:util';
import { loadCorpus } from './corpus.js';
import {
  checkCase,
  describeCase,
  formatTable,
  formatViolation,
  runFuzz,
  tally,
} from './harness.js';
import { generateCase, MUTATIONS } from './mutate.js';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
    start: { type: 'string', default: '0' },
    case: { type: 'string' },
    only: { type: 'string' },
    list: { type: 'boolean', default: false },
  },
});

function int(name: string, v: string | undefined): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 0) {
    console.error(`--${name}: expected a non-negative integer, got ${JSON.stringify(v)}`);
    process.exit(2);
  }
  return n;
}

if (values.list) {
  for (const m of MUTATIONS) console.log(`${m.group.padEnd(11)} ${m.name}`);
  process.exit(0);
}

const seed = int('seed', values.seed);
const only = values.only?.split(',').map((s) => s.trim());
if (only) {
  const unknown = only.filter((n) => !MUTATIONS.some((m) => m.name === n));
  if (unknown.length) {
    console.error(`unknown mutation(s): ${unknown.join(', ')} (see --list)`);
    process.exit(2);
  }
}
const corpus = loadCorpus();

if (values.case !== undefined) {
  const index = int('case', values.case);
  const c = generateCase(seed, index, { ...corpus, ...(only && { only }) });
  const checked = checkCase(c, seed, corpus.known);
  console.log(describeCase(c, seed, checked.result, only));
  if (checked.violation)
    console.log(formatViolation({ ...checked.violation, ...(only && { only }) }));
  process.exit(checked.violation ? 1 : 0);
}

const cases = int('cases', values.cases);
const start = int('start', values.start);
console.error(
  `fuzzing ${cases} cases from ${corpus.seeds.length} real cases, seed ${seed}, ${MUTATIONS.length} mutations`,
);
const report = runFuzz(corpus, {
  seed,
  cases,
  start,
  ...(only && { only }),
  progressEvery: 5000,
  onProgress: (done, r) =>
    console.error(
      `  ${done}/${cases} cases, ${r.violations.length} violations, ${(r.ms / 1000).toFixed(1)} s`,
    ),
});

console.log(formatTable(report));
console.log('');
for (const v of report.violations.slice(0, 50)) console.log(`${formatViolation(v)}\n`);
if (report.violations.length > 50) console.log(`… and ${report.violations.length - 50} more`);
if (report.repairedCases.length) {
  console.log(
    `repaired by a later mutation (verified, and the model confirms only known-valid ` +
      `attestations remain; inspect with --case): ${report.repairedCases.join(', ')}`,
  );
}
console.log(tally(report));
console.log(
  `seed ${seed}, cases ${start}..${start + cases - 1}, ${(report.ms / 1000).toFixed(1)} s ` +
    `(${(report.ms / Math.max(1, report.cases)).toFixed(2)} ms/case)`,
);
process.exit(report.violations.length ? 1 : 0);
