import { describe, expect, it } from 'vitest';
import type { ProjectMemory } from '../core/memory.js';
import { memoryStore } from './cache.js';
import { LEGACY_MEMORY_KEY, MemoryStore } from './memory-store.js';

const GOOD = {
  kind: 'GitHub',
  repository: 'https://github.com/good/x',
  workflow: '.github/workflows/release.yml',
  environment: '',
};
const memory = (version: string): ProjectMemory => ({
  seen: [{ ...GOOD, firstSeen: 1, lastSeen: 2, version }],
  hadProvenance: true,
});

describe('MemoryStore', () => {
  it('keeps one entry per project', async () => {
    const db = memoryStore();
    const store = new MemoryStore(db);
    await store.update('https://pypi.org|a', () => memory('1'));
    await store.update('https://pypi.org|b', () => memory('2'));
    expect([...db.map.keys()].sort()).toEqual(['https://pypi.org|a', 'https://pypi.org|b']);
    await store.update('https://pypi.org|a', () => undefined);
    expect(Object.keys(await store.all())).toEqual(['https://pypi.org|b']);
  });

  it('runs concurrent changes one after another (none is lost)', async () => {
    const store = new MemoryStore(memoryStore());
    const key = 'https://pypi.org|a';
    await Promise.all(
      ['1', '2', '3'].map((v) =>
        store.update(key, (m) => ({
          ...(m ?? memory('0')),
          seen: [...(m?.seen ?? []), { ...GOOD, firstSeen: 1, lastSeen: 1, version: v }],
        })),
      ),
    );
    expect((await store.get(key))?.seen.map((s) => s.version)).toEqual(['1', '2', '3']);
  });

  describe('when an earlier version kept the memory in storage.local', () => {
    it('moves it over once, keeps entries already moved, and removes the blob', async () => {
      const legacy = memoryStore();
      await legacy.set(LEGACY_MEMORY_KEY, {
        'https://pypi.org|a': memory('old-a'),
        'https://pypi.org|b': memory('old-b'),
        'not a key': memory('x'),
        'https://pypi.org|bad': { seen: 'no' },
      });
      const db = memoryStore();
      await db.set('https://pypi.org|b', memory('new-b'));
      const store = new MemoryStore(db, legacy);
      const all = await store.all();
      expect(Object.keys(all).sort()).toEqual(['https://pypi.org|a', 'https://pypi.org|b']);
      expect(all['https://pypi.org|a']?.seen[0]?.version).toBe('old-a');
      expect(all['https://pypi.org|b']?.seen[0]?.version).toBe('new-b');
      expect(legacy.map.has(LEGACY_MEMORY_KEY)).toBe(false);
    });

    it('keeps the blob when moving it fails (tried again on the next start)', async () => {
      const legacy = memoryStore();
      await legacy.set(LEGACY_MEMORY_KEY, { 'https://pypi.org|a': memory('old-a') });
      const broken = {
        ...memoryStore(),
        set: () => Promise.reject(new Error('QuotaExceededError')),
      };
      const store = new MemoryStore(broken, legacy);
      expect(await store.all()).toEqual({});
      expect(legacy.map.has(LEGACY_MEMORY_KEY)).toBe(true);
    });
  });
});
