/**
 * The releases listed in this browser session, kept in storage.session (which survives a
 * worker restart, and is read without opening IndexedDB): a worker just woken knows which
 * listings its store holds before the store has opened (see ReleaseService `listed`).
 */
import type { KeyValueStore } from './cache.js';

const KEY = 'listed-releases';

export class SessionListed {
  private keys: Promise<string[]> | undefined;

  constructor(
    private readonly area: Pick<KeyValueStore, 'get' | 'set'>,
    /** Releases remembered at most (the newest). */
    private readonly limit = 500,
  ) {}

  private load(): Promise<string[]> {
    this.keys ??= this.area.get(KEY).then(
      (v) => (Array.isArray(v) ? v.filter((k): k is string => typeof k === 'string') : []),
      () => [],
    );
    return this.keys;
  }

  async has(key: string): Promise<boolean> {
    return (await this.load()).includes(key);
  }

  /** Remembers a release as stored; a failed write only costs a later wait its shortcut. */
  add(key: string): void {
    void this.load()
      .then((keys) => {
        if (keys.includes(key)) return;
        keys.push(key);
        keys.splice(0, Math.max(0, keys.length - this.limit));
        return this.area.set(KEY, keys);
      })
      .catch(() => undefined);
  }
}
