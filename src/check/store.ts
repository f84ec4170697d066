/**
 * The check page's data: the files the user chose or dropped, each hashed here (one at a time,
 * streamed, src/check/hash.ts), then checked by the background against its provenance on the
 * chosen index. Only the file's name and SHA-256 leave the page. Framework-free and given its
 * messaging and hashing functions, so it is unit-tested without a browser.
 */
import { parseDistributionFilename } from '../shared/domain.js';
import type { Response, SendFn } from '../shared/messages.js';
import { INDEXES, type IndexOrigin as Index } from '../shared/project-page.js';
import type { DistributionCheck } from '../shared/view-model.js';
import { HashCancelled, unreadableReason, type StreamHash } from './hash.js';

export type Info = Response<'getInfo'>;

/** What a chosen file is at, from chosen to checked. */
export type { Index };

export type Stage =
  | { kind: 'queued' }
  | { kind: 'hashing'; bytes: number }
  | { kind: 'checking'; sha256: string }
  | { kind: 'done'; sha256: string; check: DistributionCheck }
  /** Its name is not a wheel's or sdist's (PEP 427 / PEP 625): nothing to look up. */
  | { kind: 'not-distribution'; reason: string }
  | { kind: 'unreadable'; reason: string }
  /** The background could not check it (it did not answer, or refused the request). */
  | { kind: 'failed-request'; sha256: string; message: string };

export interface Entry {
  id: number;
  /** The file's name as the browser gives it. */
  name: string;
  size: number;
  /** The distribution filename looked up: the name, without a download's " (1)" when needed. */
  filename?: string;
  stage: Stage;
}

export interface CheckState {
  index: Index;
  entries: readonly Entry[];
  info?: Info;
}

/** What the store needs of a chosen file (a DOM File). */
export interface ChosenFile {
  name: string;
  size: number;
}

export interface CheckDeps<F extends ChosenFile> {
  send: SendFn;
  hash: (
    file: F,
    options: { onProgress: (bytes: number) => void; signal: AbortSignal },
  ) => Promise<StreamHash>;
  index?: Index;
  /** Progress is published at most this often. @default 100 */
  progressMs?: number;
  now?: () => number;
}

export interface CheckStore<F extends ChosenFile> {
  getState(): CheckState;
  subscribe(listener: () => void): () => void;
  /** Queues files: each is hashed in turn, then checked. */
  add(files: readonly F[]): void;
  /** Checks every hashed file again on another index (no re-hashing). */
  setIndex(index: Index): void;
  /** Checks one file again (after the background failed or could not reach the index). */
  retry(id: number): void;
  /** Forgets the results; a file being hashed is cancelled. */
  clear(): void;
  start(): void;
  dispose(): void;
}

/**
 * The distribution filename to look up for a file's name: the name itself when it parses,
 * else the name without the " (1)" a browser adds to a second download of the same file.
 */
export function distributionFilename(
  name: string,
): { ok: true; filename: string } | { ok: false; reason: string } {
  // A distribution's name never holds a space or parentheses: the copy suffix goes first.
  const copy = /^(.+) \(\d+\)(\.whl|\.tar\.gz|\.zip)$/.exec(name);
  if (copy) {
    const original = `${copy[1]}${copy[2]}`;
    if (parseDistributionFilename(original).ok) return { ok: true, filename: original };
  }
  const parsed = parseDistributionFilename(name);
  if (parsed.ok) return { ok: true, filename: name };
  return { ok: false, reason: parsed.reason };
}

export function isIndex(value: string | null | undefined): value is Index {
  return (INDEXES as readonly string[]).includes(value ?? '');
}

export function createCheckStore<F extends ChosenFile>(deps: CheckDeps<F>): CheckStore<F> {
  const listeners = new Set<() => void>();
  const progressMs = deps.progressMs ?? 100;
  const now = deps.now ?? Date.now;
  let index: Index = deps.index ?? 'https://pypi.org';
  let entries: Entry[] = [];
  let info: Info | undefined;
  let nextId = 1;
  let disposed = false;
  const files = new Map<number, F>();
  const queue: number[] = [];
  let hashing: { id: number; controller: AbortController } | undefined;
  /** Each entry's latest check request: an older answer (another index) is dropped. */
  const requests = new Map<number, number>();
  let state: CheckState = { index, entries };

  function emit(): void {
    if (disposed) return;
    state = { index, entries, ...(info && { info }) };
    for (const listener of listeners) listener();
  }

  function update(id: number, change: Partial<Entry>): void {
    entries = entries.map((e) => (e.id === id ? { ...e, ...change } : e));
    emit();
  }

  async function check(id: number, filename: string, sha256: string): Promise<void> {
    const request = (requests.get(id) ?? 0) + 1;
    requests.set(id, request);
    update(id, { stage: { kind: 'checking', sha256 } });
    let stage: Stage;
    try {
      const result = await deps.send('checkDistribution', { index, filename, sha256 });
      stage = { kind: 'done', sha256, check: result };
    } catch (err) {
      stage = {
        kind: 'failed-request',
        sha256,
        message: err instanceof Error ? err.message : String(err),
      };
    }
    if (requests.get(id) === request) update(id, { stage });
  }

  async function hashNext(): Promise<void> {
    if (hashing || disposed) return;
    const id = queue.shift();
    if (id === undefined) return;
    const file = files.get(id);
    const entry = entries.find((e) => e.id === id);
    if (!file || !entry?.filename) return hashNext();
    const controller = new AbortController();
    hashing = { id, controller };
    update(id, { stage: { kind: 'hashing', bytes: 0 } });
    let last = 0;
    try {
      const { sha256 } = await deps.hash(file, {
        signal: controller.signal,
        onProgress: (bytes) => {
          if (now() - last < progressMs) return;
          last = now();
          update(id, { stage: { kind: 'hashing', bytes } });
        },
      });
      files.delete(id);
      hashing = undefined;
      void check(id, entry.filename, sha256);
    } catch (err) {
      hashing = undefined;
      files.delete(id);
      if (!(err instanceof HashCancelled)) {
        update(id, { stage: { kind: 'unreadable', reason: unreadableReason(err) } });
      }
    }
    return hashNext();
  }

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    add(chosen) {
      for (const file of chosen) {
        const id = nextId++;
        const name = distributionFilename(file.name);
        const entry: Entry = name.ok
          ? {
              id,
              name: file.name,
              size: file.size,
              filename: name.filename,
              stage: { kind: 'queued' },
            }
          : {
              id,
              name: file.name,
              size: file.size,
              stage: { kind: 'not-distribution', reason: name.reason },
            };
        // Newest first: the file just dropped is the one at the top.
        entries = [entry, ...entries];
        if (name.ok) {
          files.set(id, file);
          queue.push(id);
        }
      }
      emit();
      void hashNext();
    },
    setIndex(next) {
      if (next === index) return;
      index = next;
      emit();
      for (const e of entries) {
        const sha256 =
          e.stage.kind === 'done' ||
          e.stage.kind === 'checking' ||
          e.stage.kind === 'failed-request'
            ? e.stage.sha256
            : undefined;
        if (sha256 && e.filename) void check(e.id, e.filename, sha256);
      }
    },
    retry(id) {
      const e = entries.find((x) => x.id === id);
      if (!e?.filename) return;
      if (e.stage.kind === 'done' || e.stage.kind === 'failed-request') {
        void check(id, e.filename, e.stage.sha256);
      }
    },
    clear() {
      hashing?.controller.abort();
      queue.length = 0;
      files.clear();
      requests.clear();
      entries = [];
      emit();
    },
    start() {
      deps.send('getInfo', {}).then(
        (value) => {
          info = value;
          emit();
        },
        () => undefined,
      );
    },
    dispose() {
      disposed = true;
      hashing?.controller.abort();
      listeners.clear();
    },
  };
}
