/**
 * The identity memory (what the user saw and pinned per project), kept where content scripts
 * cannot read it: the worker's own IndexedDB (an extension origin's database; a content script
 * runs in the page's origin), one entry per project, never evicted. `storage.local`, where it
 * used to live as one blob, is readable from content scripts: what is stored there is moved
 * over once, then removed.
 */
import type { MemoryKey, ProjectMemory } from '../core/memory.js';
import type { KeyValueStore } from './cache.js';

/** Where versions up to 0.1 kept the whole memory (storage.local). */
export const LEGACY_MEMORY_KEY = 'memory';

const isMemory = (value: unknown): value is ProjectMemory =>
  typeof value === 'object' &&
  value !== null &&
  Array.isArray((value as ProjectMemory).seen) &&
  typeof (value as ProjectMemory).hadProvenance === 'boolean';

const isKey = (key: string): key is MemoryKey => /^https:\/\/[^|]+\|[^|]+$/.test(key);

export class MemoryStore {
  private ready: Promise<void>;
  /** Changes one after another: each reads what the one before wrote. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: KeyValueStore & { entries(): Promise<[string, unknown][]> },
    legacy?: KeyValueStore,
  ) {
    this.ready = legacy ? this.migrate(legacy) : Promise.resolve();
  }

  /** Moves the old one-blob memory over (entries already here win), then removes it. */
  private async migrate(legacy: KeyValueStore): Promise<void> {
    try {
      const blob = await legacy.get(LEGACY_MEMORY_KEY);
      if (blob === undefined) return;
      if (typeof blob === 'object' && blob !== null) {
        for (const [key, memory] of Object.entries(blob)) {
          if (!isKey(key) || !isMemory(memory)) continue;
          if ((await this.store.get(key)) === undefined) await this.store.set(key, memory);
        }
      }
      await legacy.delete(LEGACY_MEMORY_KEY);
    } catch {
      // Tried again on the next worker start; the old blob is kept until it is moved.
    }
  }

  private serial<T>(run: () => Promise<T>): Promise<T> {
    const next = this.queue.then(async () => {
      await this.ready;
      return run();
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  async all(): Promise<Record<MemoryKey, ProjectMemory>> {
    await this.ready;
    const out: Record<MemoryKey, ProjectMemory> = {};
    for (const [key, memory] of await this.store.entries()) {
      if (isKey(key) && isMemory(memory)) out[key] = memory;
    }
    return out;
  }

  async get(key: MemoryKey): Promise<ProjectMemory | undefined> {
    await this.ready;
    const memory = await this.store.get(key);
    return isMemory(memory) ? memory : undefined;
  }

  update(
    key: MemoryKey,
    change: (m: ProjectMemory | undefined) => ProjectMemory | undefined,
  ): Promise<ProjectMemory | undefined> {
    return this.serial(async () => {
      const before = await this.store.get(key);
      const next = change(isMemory(before) ? before : undefined);
      try {
        if (next) await this.store.set(key, next);
        else await this.store.delete(key);
      } catch (err) {
        // A full disk or quota: the page still gets its analysis (against what was read);
        // this visit is not remembered, and the next one tries again.
        console.warn(`PyPI Provenance: the memory of ${key} could not be saved (${String(err)})`);
      }
      return next;
    });
  }

  /** Imported entries replace what is remembered for their projects. */
  replace(entries: [MemoryKey, ProjectMemory][]): Promise<void> {
    return this.serial(async () => {
      for (const [key, memory] of entries) await this.store.set(key, memory);
    });
  }
}
