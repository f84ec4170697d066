/**
 * Small persistent caches with expiry. Backed by IndexedDB (idb-keyval) in the worker so they
 * survive MV3 worker restarts; a Map-backed store serves tests.
 */
import { clear, createStore, del, get, set } from 'idb-keyval';

export interface KeyValueStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
  /** Removes every entry. */
  clear?(): Promise<void>;
}

export function indexedDbStore(db = 'pypi-provenance', table = 'cache'): KeyValueStore {
  const store = createStore(db, table);
  return {
    get: (key) => get(key, store),
    set: (key, value) => set(key, value, store),
    delete: (key) => del(key, store),
    clear: () => clear(store),
  };
}

export function memoryStore(): KeyValueStore & { map: Map<string, unknown> } {
  const map = new Map<string, unknown>();
  return {
    map,
    get: async (key) => map.get(key),
    set: async (key, value) => void map.set(key, value),
    delete: async (key) => void map.delete(key),
    clear: async () => map.clear(),
  };
}

interface Entry<T> {
  value: T;
  expires: number;
}

/** A typed view of a store whose entries expire after `ttlMs`. Failures of the store are misses. */
export class TtlCache<T> {
  constructor(
    private readonly store: KeyValueStore,
    private readonly prefix: string,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async get(key: string): Promise<T | undefined> {
    try {
      const entry = (await this.store.get(this.prefix + key)) as Entry<T> | undefined;
      if (!entry || typeof entry !== 'object' || entry.expires <= this.now()) return undefined;
      return entry.value;
    } catch {
      return undefined;
    }
  }

  async set(key: string, value: T): Promise<void> {
    try {
      await this.store.set(this.prefix + key, { value, expires: this.now() + this.ttlMs });
    } catch {
      // A full or broken cache only costs a re-check.
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await this.store.delete(this.prefix + key);
    } catch {
      // ignore
    }
  }
}
