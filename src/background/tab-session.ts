/**
 * The session copy of the tabs' states (storage.session: it survives a worker restart, not a
 * browser restart), kept within a budget whatever the number of tabs (issue 12 §2):
 *  - compact: a release's files share their publisher and signer (one workflow run signed
 *    them all), so each distinct one is stored once and the files point to it; a 60-file
 *    tab took ~200 KB written plainly;
 *  - bounded: the copies together stay under `budgetBytes` (default 4 MB of the area's 10 MB
 *    quota); to make room, the copies of the tabs changed least recently are dropped (those
 *    tabs keep their state in memory; only a worker restart would forget it, and their page
 *    lists the release again when it next asks);
 *  - a failed write (quota, or the area unavailable) is reported on the console, the state
 *    stays in memory, room is made and the write tried again once; if it still fails, again
 *    after `retryMs`. Never thrown at the caller.
 */
import type { AttestationSummary, FileResult, Publisher, SignerDetails } from '../core/result.js';
import type { TabState } from '../shared/view-model.js';
import type { KeyValueStore } from './cache.js';

export const TAB_KEY_PREFIX = 'tab:';
const tabKey = (tabId: number) => `${TAB_KEY_PREFIX}${tabId}`;

/** Default budget of the session copies: 4 MB of storage.session's 10 MB. */
export const TAB_SESSION_BUDGET = 4_000_000;

/** A stored state: shared objects once, files pointing to them by number. */
interface Packed {
  packed: 1;
  state: Omit<TabState, 'files'> & { files: unknown[] };
  shared: unknown[];
}

type PackedAttestation = Omit<AttestationSummary, 'signer'> & { signer: number };

/** The state with each distinct publisher and signer stored once. */
export function packTabState(state: TabState): Packed {
  const shared: unknown[] = [];
  const seen = new Map<string, number>();
  const ref = (value: unknown): number => {
    const json = JSON.stringify(value);
    let n = seen.get(json);
    if (n === undefined) {
      n = shared.push(value) - 1;
      seen.set(json, n);
    }
    return n;
  };
  const files = state.files.map((file) => {
    const f = { ...file } as Record<string, unknown>;
    if ('publisher' in file && file.publisher) f.publisher = ref(file.publisher);
    if ('attestations' in file && file.attestations) {
      f.attestations = file.attestations.map((a): PackedAttestation => ({
        ...a,
        signer: ref(a.signer),
      }));
    }
    return f;
  });
  return { packed: 1, state: { ...state, files }, shared };
}

/** The state back from what `packTabState` stored (or a state stored plainly, as before). */
export function unpackTabState(stored: unknown): TabState | undefined {
  if (!stored || typeof stored !== 'object') return undefined;
  const p = stored as Partial<Packed>;
  if (p.packed !== 1) return stored as TabState;
  const shared = p.shared ?? [];
  const at = (n: unknown) => (typeof n === 'number' ? shared[n] : n);
  const files = (p.state?.files ?? []).map((file) => {
    const f = { ...(file as Record<string, unknown>) };
    if (f.publisher !== undefined) f.publisher = at(f.publisher) as Publisher;
    if (Array.isArray(f.attestations)) {
      f.attestations = (f.attestations as PackedAttestation[]).map((a) => ({
        ...a,
        signer: at(a.signer) as SignerDetails,
      }));
    }
    return f as unknown as FileResult;
  });
  return { ...(p.state as TabState), files };
}

export interface TabSessionOptions {
  budgetBytes?: number;
  /** How a failed write is reported. @default console.warn */
  warn?: (message: string) => void;
  /** When a write that failed twice is tried again. */
  retryMs?: number;
}

export class TabSession {
  /** The copies this worker life knows to be stored: size and when their tab changed. */
  private saved?: Map<number, { bytes: number; updatedAt: number }>;
  private loading?: Promise<Map<number, { bytes: number; updatedAt: number }>>;
  private readonly retries = new Map<number, ReturnType<typeof setTimeout>>();
  /** Writes that failed, for tests and diagnosis. */
  failures = 0;
  private readonly budget: number;
  private readonly warn: (message: string) => void;
  private readonly retryMs: number;

  constructor(
    private readonly area: KeyValueStore,
    options: TabSessionOptions = {},
  ) {
    this.budget = options.budgetBytes ?? TAB_SESSION_BUDGET;
    this.warn = options.warn ?? ((m) => console.warn(m));
    this.retryMs = options.retryMs ?? 30_000;
  }

  async read(tabId: number): Promise<TabState | undefined> {
    return unpackTabState(await this.area.get(tabKey(tabId)));
  }

  /** What is stored (read once per worker life: a restarted worker finds the copies). */
  private index(): Promise<Map<number, { bytes: number; updatedAt: number }>> {
    if (this.saved) return Promise.resolve(this.saved);
    this.loading ??= (async () => {
      const map = new Map<number, { bytes: number; updatedAt: number }>();
      try {
        for (const [key, value] of (await this.area.entries?.()) ?? []) {
          if (!key.startsWith(TAB_KEY_PREFIX)) continue;
          const state = unpackTabState(value);
          map.set(Number(key.slice(TAB_KEY_PREFIX.length)), {
            bytes: JSON.stringify(value).length,
            updatedAt: state?.updatedAt ?? 0,
          });
        }
      } catch {
        // unreadable: counted from the writes of this worker life
      }
      this.saved = map;
      return map;
    })();
    return this.loading;
  }

  /** Drops the copies of the tabs changed least recently (but `keep`) until `bytes` fit. */
  private async makeRoom(keep: number, bytes: number, all = false): Promise<void> {
    const saved = await this.index();
    let total = 0;
    for (const [id, s] of saved) if (id !== keep) total += s.bytes;
    const others = [...saved].filter(([id]) => id !== keep);
    others.sort((a, b) => a[1].updatedAt - b[1].updatedAt);
    for (const [id, s] of others) {
      if (!all && total + bytes <= this.budget) break;
      await this.drop(id);
      total -= s.bytes;
    }
  }

  private async drop(tabId: number): Promise<void> {
    this.saved?.delete(tabId);
    try {
      await this.area.delete(tabKey(tabId));
    } catch {
      // it may stay: counted again on the next worker start
    }
  }

  /** Writes and removals one after another: each counts what the one before stored. */
  private queue: Promise<void> = Promise.resolve();
  private serial(run: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(run, run);
    return this.queue;
  }

  /** Stores the tab's state within the budget. Never throws. */
  write(tabId: number, state: TabState): Promise<void> {
    return this.serial(() => this.writeNow(tabId, state));
  }

  private async writeNow(tabId: number, state: TabState): Promise<void> {
    clearTimeout(this.retries.get(tabId));
    this.retries.delete(tabId);
    const packed = packTabState(state);
    const bytes = JSON.stringify(packed).length;
    const saved = await this.index();
    if (bytes > this.budget) {
      // One tab alone over the budget: not kept across a restart.
      await this.drop(tabId);
      return;
    }
    await this.makeRoom(tabId, bytes);
    try {
      await this.area.set(tabKey(tabId), packed);
      saved.set(tabId, { bytes, updatedAt: state.updatedAt });
      return;
    } catch (err) {
      this.failures++;
      this.warn(
        `PyPI Provenance: the state of tab ${tabId} could not be saved (${String(err)}); kept in memory, making room and trying again`,
      );
    }
    // Recovery: the copies of every other tab go (they are in memory too), then once more.
    await this.makeRoom(tabId, bytes, true);
    try {
      await this.area.set(tabKey(tabId), packed);
      saved.set(tabId, { bytes, updatedAt: state.updatedAt });
    } catch (err) {
      this.failures++;
      this.warn(
        `PyPI Provenance: the state of tab ${tabId} still could not be saved (${String(err)}); trying again in ${this.retryMs / 1000} s`,
      );
      saved.delete(tabId);
      this.retries.set(
        tabId,
        setTimeout(() => {
          this.retries.delete(tabId);
          void this.write(tabId, state);
        }, this.retryMs),
      );
    }
  }

  /** Forgets the tab's copy. Never throws. */
  remove(tabId: number): Promise<void> {
    clearTimeout(this.retries.get(tabId));
    this.retries.delete(tabId);
    return this.serial(async () => {
      await this.index();
      await this.drop(tabId);
    });
  }

  /** Bytes stored (as counted), for tests. */
  async storedBytes(): Promise<number> {
    let total = 0;
    for (const s of (await this.index()).values()) total += s.bytes;
    return total;
  }
}
