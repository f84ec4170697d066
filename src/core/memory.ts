/**
 * Identity memory (trust on first use) and pinning, as pure data operations. The background
 * keeps the data in extension storage; this module decides what a new observation means.
 */
import { canonicalizeName } from './filename.js';
import { describeIdentity, sameIdentity, type Identity } from './history.js';

export interface ProjectMemory {
  /** Verified identities seen for this project on this index, oldest first. */
  seen: (Identity & { firstSeen: number; lastSeen: number; version: string })[];
  /** When set, every other identity is a violation. */
  pinned?: Identity;
  /** True once a release of this project was seen with provenance. */
  hadProvenance: boolean;
}

export type MemoryKey = `${string}|${string}`; // index|canonical project name

export function memoryKey(index: string, project: string): MemoryKey {
  return `${index}|${canonicalizeName(project)}`;
}

export type MemoryAlert =
  | { kind: 'pin-violation'; pinned: Identity; got?: Identity; message: string }
  | { kind: 'identity-differs'; remembered: Identity; got: Identity; message: string }
  | { kind: 'provenance-missing'; remembered: Identity; message: string };

/**
 * What the current release (its verified identity, or none when it has no provenance) means
 * against memory. `undefined` current with `hasProvenance` false is "no provenance".
 */
export function checkMemory(
  memory: ProjectMemory | undefined,
  current: { identity?: Identity; hasProvenance: boolean },
): MemoryAlert[] {
  if (!memory) return [];
  const alerts: MemoryAlert[] = [];
  if (memory.pinned) {
    if (!current.identity) {
      if (!current.hasProvenance) {
        alerts.push({
          kind: 'pin-violation',
          pinned: memory.pinned,
          message: `You pinned ${describeIdentity(memory.pinned)}, but this release has no provenance.`,
        });
      }
    } else if (!sameIdentity(current.identity, memory.pinned)) {
      alerts.push({
        kind: 'pin-violation',
        pinned: memory.pinned,
        got: current.identity,
        message: `You pinned ${describeIdentity(memory.pinned)}, but this release was signed by ${describeIdentity(current.identity)}.`,
      });
    }
    return alerts;
  }
  const last = memory.seen.at(-1);
  if (!last) return alerts;
  if (current.identity && !memory.seen.some((s) => sameIdentity(s, current.identity as Identity))) {
    alerts.push({
      kind: 'identity-differs',
      remembered: last,
      got: current.identity,
      message: `Earlier you saw this project signed by ${describeIdentity(last)}; this release was signed by ${describeIdentity(current.identity)}.`,
    });
  }
  if (!current.identity && !current.hasProvenance && memory.hadProvenance) {
    alerts.push({
      kind: 'provenance-missing',
      remembered: last,
      message: `Earlier releases you saw were signed by ${describeIdentity(last)}; this release has no provenance.`,
    });
  }
  return alerts;
}

/**
 * Memory after observing a release. Trust on first use: the first verified identity seen for
 * a project is remembered; later, an identity not remembered is NOT added by merely seeing it
 * (its alert stays until the user accepts it or pins one), known ones get `lastSeen` updated.
 */
export function remember(
  memory: ProjectMemory | undefined,
  observed: { identity?: Identity; hasProvenance: boolean; version: string },
  now: number,
): ProjectMemory {
  const next: ProjectMemory = memory
    ? { ...memory, seen: [...memory.seen] }
    : { seen: [], hadProvenance: false };
  if (observed.hasProvenance) next.hadProvenance = true;
  const id = observed.identity;
  if (id) {
    const i = next.seen.findIndex((s) => sameIdentity(s, id));
    if (i >= 0) {
      next.seen[i] = { ...next.seen[i]!, lastSeen: now, version: observed.version };
    } else if (next.seen.length === 0) {
      next.seen.push({ ...id, firstSeen: now, lastSeen: now, version: observed.version });
    }
  }
  return next;
}

/** The user says a new identity is expected: remember it too. */
export function accept(
  memory: ProjectMemory | undefined,
  identity: Identity,
  version: string,
  now: number,
): ProjectMemory {
  const next: ProjectMemory = memory
    ? { ...memory, seen: [...memory.seen] }
    : { seen: [], hadProvenance: true };
  if (!next.seen.some((s) => sameIdentity(s, identity))) {
    next.seen.push({ ...identity, firstSeen: now, lastSeen: now, version });
  }
  return next;
}

/** Pin an identity: any other identity (or no provenance) is then a violation. */
export function pin(
  memory: ProjectMemory | undefined,
  identity: Identity,
  version: string,
  now: number,
): ProjectMemory {
  return { ...accept(memory, identity, version, now), pinned: identity };
}

export function unpin(memory: ProjectMemory): ProjectMemory {
  const { pinned: _pinned, ...rest } = memory;
  return rest;
}
