/**
 * Small persistent caches with expiry. Backed by IndexedDB (idb-keyval) in the worker so they
 * survive MV3 worker restarts; a Map-backed store serves tests.
 */
import {
  clear,
  createStore,
  del,
  delMany,
  entries,
  get,
  getMany,
  promisifyRequest,
} from 'idb-keyval';

export interface KeyValueStore {
  get(key: string): Promise<unknown>;
  /** Several keys in one go (one IndexedDB transaction), in order. */
  getMany?(keys: string[]): Promise<unknown[]>;
  set(key: string, value: unknown): Promise<void>;
  /** Several entries in one go, and `deletes` removed (one IndexedDB transaction). */
  setMany?(entries: [string, unknown][], deletes?: readonly string[]): Promise<void>;
  delete(key: string): Promise<void>;
  /** Removes every entry. */
  clear?(): Promise<void>;
  /** Every entry. */
  entries?(): Promise<[string, unknown][]>;
  /** Every entry, one at a time (an IndexedDB cursor: not all held at once). */
  scan?(visit: (key: string, value: unknown) => void): Promise<void>;
  /** Several keys removed in one go. */
  deleteMany?(keys: string[]): Promise<void>;
}

/** An IndexedDB object store of the worker's own origin (idb-keyval). */
export function indexedDbTable(
  db: string,
  table: string,
): KeyValueStore & Required<Pick<KeyValueStore, 'setMany' | 'entries' | 'scan' | 'deleteMany'>> {
  const store = createStore(db, table);
  const setMany = (entries: [string, unknown][], deletes: readonly string[] = []) =>
    store('readwrite', (s) => {
      for (const [key, value] of entries) s.put(value, key);
      for (const key of deletes) s.delete(key);
      return promisifyRequest(s.transaction);
    });
  return {
    scan: (visit) =>
      store(
        'readonly',
        (os) =>
          new Promise<void>((resolve, reject) => {
            const request = os.openCursor();
            request.onerror = () => reject(request.error);
            request.onsuccess = () => {
              const cursor = request.result;
              if (!cursor) return resolve();
              visit(String(cursor.key), cursor.value);
              cursor.continue();
            };
          }),
      ),
    deleteMany: (keys) => delMany(keys, store),
    get: (key) => get(key, store),
    getMany: (keys) => getMany(keys, store),
    set: (key, value) => setMany([[key, value]]),
    setMany,
    delete: (key) => del(key, store),
    clear: () => clear(store),
    entries: () => entries(store) as Promise<[string, unknown][]>,
  };
}

/** The caches' store: IndexedDB, writes gathered (batchWrites). */
export function indexedDbStore(db = 'pypi-provenance', table = 'cache'): KeyValueStore {
  return batchWrites(indexedDbTable(db, table));
}

/** A delete waiting in `batchWrites`. */
const DELETED = Symbol('deleted');

/**
 * Writes (and deletes) gathered for `delayMs` and sent as one `setMany` (one IndexedDB
 * transaction): a first visit to a 60-file release writes 120 entries, and a transaction each
 * cost the worker ~70 ms (profiled with `npm run bench`). Reads see the writes still waiting.
 */
export function batchWrites(
  store: KeyValueStore & Required<Pick<KeyValueStore, 'setMany'>>,
  delayMs = 50,
): KeyValueStore {
  // Writes gathered but not yet sent are left out of a scan (they are about to be stored).
  const waiting = new Map<string, unknown>();
  let flush: Promise<void> | undefined;
  const pending = (key: string) => {
    const value = waiting.get(key);
    return { has: waiting.has(key), value: value === DELETED ? undefined : value };
  };
  const write = (key: string, value: unknown) => {
    waiting.set(key, value);
    flush ??= new Promise((resolve) => setTimeout(resolve, delayMs)).then(() => {
      const batch = [...waiting];
      waiting.clear();
      flush = undefined;
      return store.setMany(
        batch.filter(([, v]) => v !== DELETED),
        batch.flatMap(([k, v]) => (v === DELETED ? [k] : [])),
      );
    });
    return flush;
  };
  return {
    get: async (key) => {
      const p = pending(key);
      return p.has ? p.value : store.get(key);
    },
    getMany: async (keys) => {
      const stored = store.getMany
        ? await store.getMany(keys)
        : await Promise.all(keys.map((k) => store.get(k)));
      return keys.map((key, i) => {
        const p = pending(key);
        return p.has ? p.value : stored[i];
      });
    },
    set: write,
    setMany: (entries, deletes) => store.setMany(entries, deletes),
    delete: (key) => write(key, DELETED),
    ...(store.scan && { scan: store.scan }),
    ...(store.deleteMany && {
      deleteMany: (keys: string[]) => {
        for (const key of keys) waiting.delete(key);
        return store.deleteMany!(keys);
      },
    }),
    clear: async () => {
      waiting.clear();
      await store.clear?.();
    },
  };
}

export function memoryStore(): KeyValueStore & {
  map: Map<string, unknown>;
  entries(): Promise<[string, unknown][]>;
} {
  const map = new Map<string, unknown>();
  return {
    map,
    entries: async () => [...map],
    scan: async (visit) => map.forEach((value, key) => visit(key, value)),
    deleteMany: async (keys) => keys.forEach((key) => map.delete(key)),
    get: async (key) => map.get(key),
    getMany: async (keys) => keys.map((key) => map.get(key)),
    set: async (key, value) => void map.set(key, value),
    setMany: async (entries, deletes = []) => {
      entries.forEach(([key, value]) => map.set(key, value));
      deletes.forEach((key) => map.delete(key));
    },
    delete: async (key) => void map.delete(key),
    clear: async () => map.clear(),
  };
}

export interface Entry<T> {
  value: T;
  expires: number;
  /** When last written or read from the store (a day at most out of date): for eviction. */
  used?: number;
}

/** How a cache's writes are counted against its bound (cache-budget.ts). */
export interface WriteAccount {
  /** About `bytes` were written under `key`. */
  wrote(key: string, bytes: number): void;
  /** A write failed (a full disk, a quota): the entry is simply not cached. */
  failed(err: unknown): void;
}

const DAY = 24 * 60 * 60_000;

/**
 * A typed view of a store whose entries expire after `ttlMs`, with an in-memory copy of the
 * most recent entries for the worker's life (IndexedDB reads cost about a millisecond each;
 * a revisit of a 60-file release would pay 120 of them). Failures of the store are misses.
 */
export class TtlCache<T> {
  private readonly memo = new Map<string, Entry<T>>();
  private static readonly MEMO_LIMIT = 2_000;

  constructor(
    private readonly store: KeyValueStore,
    private readonly prefix: string,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    private readonly account?: WriteAccount,
  ) {}

  private remember(key: string, entry: Entry<T>): void {
    this.memo.delete(key);
    this.memo.set(key, entry);
    if (this.memo.size > TtlCache.MEMO_LIMIT) {
      const oldest = this.memo.keys().next().value;
      if (oldest !== undefined) this.memo.delete(oldest);
    }
  }

  /**
   * Keys this worker life found missing from the store: only this worker writes it, so a key
   * stays missing until set here, and asking IndexedDB again would only cost time.
   */
  private readonly absent = new Set<string>();

  private fromStore(key: string, entry: unknown): T | undefined {
    const e = entry as Entry<T> | undefined;
    if (!e || typeof e !== 'object' || e.expires <= this.now()) {
      this.absent.add(key);
      return undefined;
    }
    this.remember(key, e);
    // Used again: marked so (at most daily), so that eviction takes the least recently used.
    const now = this.now();
    if ((e.used ?? 0) < now - DAY) this.write(key, { ...e, used: now });
    return e.value;
  }

  private write(key: string, entry: Entry<T>): Promise<void> {
    const storeKey = this.prefix + key;
    // A full or broken cache only costs a re-check.
    return this.store.set(storeKey, entry).then(
      () => this.account?.wrote(storeKey, storeKey.length + JSON.stringify(entry).length),
      (err: unknown) => this.account?.failed(err),
    );
  }

  private fromMemory(key: string): { hit: boolean; value?: T } {
    const known = this.memo.get(key);
    if (known) {
      if (known.expires > this.now()) return { hit: true, value: known.value };
      this.memo.delete(key);
      this.absent.add(key);
      return { hit: true };
    }
    return { hit: this.absent.has(key) };
  }

  async get(key: string): Promise<T | undefined> {
    const memory = this.fromMemory(key);
    if (memory.hit) return memory.value;
    try {
      return this.fromStore(key, await this.store.get(this.prefix + key));
    } catch {
      return undefined;
    }
  }

  /** Several keys: the ones not in memory are read in one store request. */
  async getMany(keys: readonly string[]): Promise<(T | undefined)[]> {
    const out: (T | undefined)[] = [];
    const missing: number[] = [];
    keys.forEach((key, i) => {
      const memory = this.fromMemory(key);
      out.push(memory.value);
      if (!memory.hit) missing.push(i);
    });
    if (missing.length === 0) return out;
    try {
      const storeKeys = missing.map((i) => this.prefix + keys[i]);
      const entries = this.store.getMany
        ? await this.store.getMany(storeKeys)
        : await Promise.all(storeKeys.map((k) => this.store.get(k)));
      missing.forEach((i, n) => (out[i] = this.fromStore(keys[i] as string, entries[n])));
    } catch {
      // unreadable: treated as not cached
    }
    return out;
  }

  /**
   * Remembers `value` at once; the store is written behind, off the caller's path (a result
   * is not held back by an IndexedDB commit). The returned promise settles when the write
   * does, for callers that need it on disk.
   */
  set(key: string, value: T): Promise<void> {
    const now = this.now();
    const entry = { value, expires: now + this.ttlMs, used: now };
    this.remember(key, entry);
    this.absent.delete(key);
    return this.write(key, entry);
  }

  /** Forgets an entry (in memory at once; in the store behind, like `set`). */
  delete(key: string): Promise<void> {
    this.memo.delete(key);
    this.absent.add(key);
    return this.store.delete(this.prefix + key).catch(() => undefined);
  }

  /** Forgets the in-memory copies (after the store was cleared). */
  forgetMemory(): void {
    this.memo.clear();
    this.absent.clear();
  }
}

/** One of the extension's own storage areas as a KeyValueStore. */
export function extensionStore(area: {
  get(key: string | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(key: string): Promise<void>;
}): KeyValueStore {
  return {
    get: async (key) => (await area.get(key))[key],
    entries: async () => Object.entries(await area.get(null)),
    set: (key, value) => area.set({ [key]: value }),
    delete: (key) => area.remove(key),
  };
}
