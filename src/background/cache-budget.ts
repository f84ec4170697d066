/**
 * Keeps the caches' store (release listings, provenance marks, results, history listings)
 * under a bound whatever the number of releases visited (issue 12 §5): expired entries are
 * removed, and when the live ones still take more than `maxBytes` the least recently used go
 * (an entry is marked used when written, and when read from the store at most once a day).
 * A sweep walks the store with a cursor after every `sweepEveryBytes` written (counted across
 * worker lives in the store itself), so the store stays under `maxBytes + sweepEveryBytes`:
 * 18 MB with the defaults, under the stated bound of 20 MB (CACHE_BOUND_BYTES).
 *
 * A failed write (a full disk, the origin's quota) is no error for anyone: the entry is not
 * cached, the failure is reported once on the console, and a sweep makes room.
 *
 * Only this store: the identity memory (memory-store.ts) has its own database and is never
 * evicted.
 */
import type { Entry, KeyValueStore, WriteAccount } from './cache.js';

/** The stated bound on the caches' store. */
export const CACHE_BOUND_BYTES = 20_000_000;

/** Where the bytes written since the last sweep are counted. */
export const BUDGET_KEY = 'budget:written';

export interface CacheBudgetOptions {
  /** @default 16 MB */
  maxBytes?: number;
  /** What a sweep over `maxBytes` brings the store down to. @default three quarters of maxBytes */
  targetBytes?: number;
  /** @default 2 MB */
  sweepEveryBytes?: number;
  now?: () => number;
  /** How a failed write is reported. @default console.warn */
  warn?: (message: string) => void;
}

export interface SweepReport {
  /** Live bytes left (keys and values as JSON). */
  bytes: number;
  /** Entries removed (expired, or least recently used over the bound). */
  removed: number;
}

const isQuota = (err: unknown) =>
  err instanceof Error &&
  (err.name === 'QuotaExceededError' || /quota|disk|space/i.test(err.message));

export class CacheBudget implements WriteAccount {
  private readonly maxBytes: number;
  private readonly targetBytes: number;
  private readonly sweepEvery: number;
  private readonly now: () => number;
  private readonly warn: (message: string) => void;
  /** Bytes written since the last sweep (undefined until read from the store). */
  private written?: number;
  private unsaved = 0;
  private loading?: Promise<void>;
  private sweeping?: Promise<SweepReport>;
  private lastForced = -Infinity;
  private warned = false;
  /** Writes that failed, for tests and diagnosis. */
  failures = 0;

  constructor(
    private readonly store: KeyValueStore,
    options: CacheBudgetOptions = {},
  ) {
    this.maxBytes = options.maxBytes ?? 16_000_000;
    this.targetBytes = options.targetBytes ?? Math.floor(this.maxBytes * 0.75);
    this.sweepEvery = options.sweepEveryBytes ?? 2_000_000;
    this.now = options.now ?? Date.now;
    this.warn = options.warn ?? ((m) => console.warn(m));
  }

  wrote(key: string, bytes: number): void {
    if (key === BUDGET_KEY) return;
    this.unsaved += bytes;
    this.loading ??= this.store
      .get(BUDGET_KEY)
      .then(
        // A store this version never swept (or unreadable): swept at the first write.
        (n) => (typeof n === 'number' ? n : this.sweepEvery),
        () => this.sweepEvery,
      )
      .then((n) => void (this.written = n));
    void this.loading.then(() => {
      if (this.unsaved === 0 || this.written === undefined) return;
      this.written += this.unsaved;
      this.unsaved = 0;
      if (this.written >= this.sweepEvery) {
        this.written = 0;
        if (!this.sweeping) void this.sweep().catch(() => undefined);
      } else void this.store.set(BUDGET_KEY, this.written).catch(() => undefined);
    });
  }

  failed(err: unknown): void {
    this.failures++;
    if (!this.warned) {
      this.warned = true;
      this.warn(
        `PyPI Provenance: a cache write failed (${String(err)}); checks go on uncached${isQuota(err) ? ', making room' : ''}`,
      );
    }
    // Out of room: down to half the target, at most once a minute.
    if (isQuota(err) && this.now() - this.lastForced > 60_000) {
      this.lastForced = this.now();
      void this.sweep(Math.floor(this.targetBytes / 2)).catch(() => undefined);
    }
  }

  /**
   * Removes expired entries and, over the bound (or over `downTo` when given), the least
   * recently used until the live entries take `targetBytes` (or `downTo`). One at a time.
   */
  sweep(downTo?: number): Promise<SweepReport> {
    const run = (this.sweeping ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => this.sweepNow(downTo));
    const settled = run.finally(() => {
      if (this.sweeping === settled) this.sweeping = undefined;
    });
    this.sweeping = settled;
    return run;
  }

  private async sweepNow(downTo?: number): Promise<SweepReport> {
    if (!this.store.scan) return { bytes: 0, removed: 0 };
    const now = this.now();
    const remove: string[] = [];
    const live: { key: string; used: number; bytes: number }[] = [];
    let total = 0;
    await this.store.scan((key, value) => {
      if (key === BUDGET_KEY) return;
      const e = value as Partial<Entry<unknown>> | null | undefined;
      if (!e || typeof e !== 'object' || typeof e.expires !== 'number' || e.expires <= now) {
        remove.push(key);
        return;
      }
      const bytes = key.length + JSON.stringify(value).length;
      live.push({ key, used: typeof e.used === 'number' ? e.used : 0, bytes });
      total += bytes;
    });
    const target = downTo ?? (total > this.maxBytes ? this.targetBytes : Infinity);
    if (total > target) {
      live.sort((a, b) => a.used - b.used);
      for (const entry of live) {
        if (total <= target) break;
        remove.push(entry.key);
        total -= entry.bytes;
      }
    }
    if (remove.length > 0) {
      if (this.store.deleteMany) await this.store.deleteMany(remove);
      else for (const key of remove) await this.store.delete(key);
    }
    this.written = 0;
    await this.store.set(BUDGET_KEY, 0).catch(() => undefined);
    return { bytes: total, removed: remove.length };
  }
}
