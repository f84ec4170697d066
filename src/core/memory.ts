/**
 * Identity memory (trust on first use) and pinning, as pure data operations. The background
 * keeps the data in extension storage; this module decides what a new observation means.
 */
import { canonicalizeName } from './filename.js';
import {
  describeIdentity,
  describeIdentityChange,
  identityDifferences,
  identityOf,
  sameIdentity,
  unverifiedFiles,
  type Identity,
  type IdentityPart,
  type UnverifiedFile,
} from './history.js';
import type { FileResult } from './result.js';

export interface ProjectMemory {
  /** Verified identities seen for this project on this index, oldest first. */
  seen: (Identity & { firstSeen: number; lastSeen: number; version: string })[];
  /** When set, every other identity is a violation. */
  pinned?: Identity;
  /** True once a release of this project was seen with a verified identity. */
  hadProvenance: boolean;
}

export type MemoryKey = `${string}|${string}`; // index|canonical project name

export function memoryKey(index: string, project: string): MemoryKey {
  return `${index}|${canonicalizeName(project)}`;
}

export type MemoryAlert =
  | {
      kind: 'pin-violation';
      pinned: Identity;
      /** The other identity that signed (absent when files have no verified identity). */
      got?: Identity;
      /** What differs from the pin, when `got` is set. */
      changed?: IdentityPart[];
      /** Files without a verified identity (none or unsupported), when that is the reason. */
      files?: UnverifiedFile[];
      message: string;
    }
  | {
      kind: 'identity-differs';
      remembered: Identity;
      got: Identity;
      changed?: IdentityPart[];
      message: string;
    }
  | {
      kind: 'provenance-missing';
      remembered: Identity;
      /** The release's files; those `unsupported` have provenance we cannot check. */
      files?: UnverifiedFile[];
      message: string;
    };

/**
 * What a release showed, as memory compares it (observeRelease). An `unsupported` file counts
 * as one without provenance: it has no verified identity, whoever signed it (anyone can get a
 * Sigstore signature over any digest, and `unsupported` is reachable with an unsigned
 * publisher kind, an unknown log entry kind or another key type).
 */
export interface ReleaseObservation {
  /** The distinct verified identities of the release's files, in file order. */
  identities: Identity[];
  /** Files checked to have no verified identity: `none` or `unsupported`. */
  unverified: UnverifiedFile[];
  /** No file is pending or in error: what is missing is known to be missing. */
  settled: boolean;
}

/**
 * The shape the background used before observeRelease: the first verified identity, and
 * whether any file had provenance of any kind (an `unsupported` one included). Still accepted,
 * with its old meaning, until every caller passes a ReleaseObservation.
 * @deprecated pass observeRelease(files)
 */
export interface LegacyObservation {
  identity?: Identity;
  hasProvenance: boolean;
}

export function observeRelease(files: readonly FileResult[]): ReleaseObservation {
  const identities: Identity[] = [];
  for (const f of files) {
    const id = identityOf(f);
    if (id && !identities.some((x) => sameIdentity(x, id))) identities.push(id);
  }
  return {
    identities,
    unverified: unverifiedFiles(files),
    settled: files.every((f) => f.state !== 'pending' && f.state !== 'error'),
  };
}

function normalize(o: ReleaseObservation | LegacyObservation): ReleaseObservation {
  if ('identities' in o) return o;
  return {
    identities: o.identity ? [o.identity] : [],
    // Legacy: "no provenance" was `!hasProvenance` without an identity.
    unverified: !o.identity && !o.hasProvenance ? [{ filename: '', state: 'none' }] : [],
    settled: true,
  };
}

/** What a release without any verified identity has, in words. */
function nothingVerified(files: readonly UnverifiedFile[]): string {
  return files.some((f) => f.state === 'unsupported')
    ? 'this release has no provenance that can be checked'
    : 'this release has no provenance';
}

/**
 * What the current release means against memory. A pinned identity must have signed every
 * file: another identity, or any file with no verified identity (no provenance, or provenance
 * we cannot check), is a violation. Without a pin (trust on first use), an identity not
 * remembered is flagged, and so is a release with no verified identity at all once the project
 * had one. Files still pending or in error are not counted as missing.
 */
export function checkMemory(
  memory: ProjectMemory | undefined,
  current: ReleaseObservation | LegacyObservation,
): MemoryAlert[] {
  if (!memory) return [];
  const { identities, unverified, settled } = normalize(current);
  const nothing = settled && identities.length === 0 && unverified.length > 0;
  const alerts: MemoryAlert[] = [];
  const pinned = memory.pinned;
  if (pinned) {
    const other = identities.find((id) => !sameIdentity(id, pinned));
    const missing = nothing || unverified.some((f) => f.filename !== '');
    if (other || missing) {
      alerts.push({
        kind: 'pin-violation',
        pinned,
        ...(other
          ? { got: other, changed: identityDifferences(pinned, other) }
          : { files: unverified }),
        message: `You pinned ${describeIdentity(pinned)}, but ${
          other
            ? `this release was signed by ${describeIdentityChange(pinned, other)}`
            : nothing
              ? nothingVerified(unverified)
              : `these files have no verified identity: ${unverified.map((f) => f.filename).join(', ')}`
        }.`,
      });
    }
    return alerts;
  }
  const last = memory.seen.at(-1);
  if (!last) return alerts;
  const unknown = identities.find((id) => !memory.seen.some((s) => sameIdentity(s, id)));
  if (unknown) {
    alerts.push({
      kind: 'identity-differs',
      remembered: last,
      got: unknown,
      changed: identityDifferences(last, unknown),
      message: `Earlier you saw this project signed by ${describeIdentity(last)}; this release was signed by ${describeIdentityChange(last, unknown)}.`,
    });
  }
  if (nothing && memory.hadProvenance) {
    alerts.push({
      kind: 'provenance-missing',
      remembered: last,
      files: unverified,
      message: `Earlier releases you saw were signed by ${describeIdentity(last)}; ${nothingVerified(unverified)}.`,
    });
  }
  return alerts;
}

/**
 * A remembered identity learns the numeric IDs (OID .15/.17) of a verified identity with the
 * same names when it has none: identities remembered, pinned or imported before IDs were
 * recorded match any ID until then, and from the next verified visit on, a re-created
 * repository (same names, other IDs) is flagged. An ID once learnt never changes here.
 */
function learnIds<T extends Identity>(entry: T, id: Identity): T {
  if (!sameIdentity(entry, id)) return entry;
  const repositoryId = entry.repositoryId ?? id.repositoryId;
  const ownerId = entry.ownerId ?? id.ownerId;
  if (repositoryId === entry.repositoryId && ownerId === entry.ownerId) return entry;
  return {
    ...entry,
    ...(repositoryId !== undefined && { repositoryId }),
    ...(ownerId !== undefined && { ownerId }),
  };
}

/**
 * Memory after observing a release. Trust on first use: the verified identities of the first
 * release seen for a project are remembered; later, an identity not remembered is NOT added by merely seeing it
 * (its alert stays until the user accepts it or pins one), known ones get `lastSeen` updated
 * and learn numeric IDs they lack. A release with no verified identity (none, unsupported)
 * changes nothing but the timestamps it cannot give.
 */
export function remember(
  memory: ProjectMemory | undefined,
  observed: (ReleaseObservation | LegacyObservation) & { version: string },
  now: number,
): ProjectMemory {
  const next: ProjectMemory = memory
    ? { ...memory, seen: [...memory.seen] }
    : { seen: [], hadProvenance: false };
  const { identities } = normalize(observed);
  if ('identities' in observed ? identities.length > 0 : observed.hasProvenance) {
    next.hadProvenance = true;
  }
  // The first release seen is trusted whole: every identity that signed it is remembered (a
  // release signed by two identities is warned about as partial, not again on the next look).
  const firstUse = next.seen.length === 0;
  for (const id of identities) {
    const i = next.seen.findIndex((s) => sameIdentity(s, id));
    if (i >= 0) {
      next.seen[i] = { ...learnIds(next.seen[i]!, id), lastSeen: now, version: observed.version };
    } else if (firstUse) {
      next.seen.push({ ...id, firstSeen: now, lastSeen: now, version: observed.version });
    }
    if (next.pinned) next.pinned = learnIds(next.pinned, id);
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
  const i = next.seen.findIndex((s) => sameIdentity(s, identity));
  if (i >= 0) next.seen[i] = learnIds(next.seen[i]!, identity);
  else next.seen.push({ ...identity, firstSeen: now, lastSeen: now, version });
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
