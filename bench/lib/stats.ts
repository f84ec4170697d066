/** Small statistics helpers for the benchmark: medians and min/median/max summaries. */

export interface Summary {
  min: number;
  median: number;
  max: number;
  /** One value per repeated run (each run's own median for repeated measures). */
  runs: number[];
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** min/median/max over the runs' values (NaN values, from skipped runs, are left out). */
export function summarize(runs: readonly number[]): Summary {
  const ok = runs.filter((v) => Number.isFinite(v));
  if (ok.length === 0) return { min: Number.NaN, median: Number.NaN, max: Number.NaN, runs: [] };
  return {
    min: Math.min(...ok),
    median: median(ok),
    max: Math.max(...ok),
    runs: ok.map(round),
  };
}

/** Per-run ratios a[i] / b[i], summarized. */
export function ratioSummary(a: readonly number[], b: readonly number[]): Summary {
  const n = Math.min(a.length, b.length);
  const ratios: number[] = [];
  for (let i = 0; i < n; i++) ratios.push((a[i] as number) / (b[i] as number));
  return summarize(ratios);
}

export function round(value: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
