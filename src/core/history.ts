/**
 * Publisher history: one file per release across a project's releases, and what changed.
 * PyPI compares a release only with its nearest attested predecessor in a 14-day window; we
 * compare with the whole verified history the user can see (and with what the user has seen
 * before: see memory.ts).
 */
import { compare, valid } from '@renovatebot/pep440';
import type { SimpleFile, SimpleProject } from './pypi/simple.js';
import {
  describeIdentity,
  describeIdentityChange,
  identityDifferences,
  identityOf,
  sameIdentity,
  type Identity,
  type IdentityPart,
} from './identity.js';
import type { FileResult, UnsupportedCode } from './result.js';

export {
  describeIdentity,
  describeIdentityChange,
  identityDifferences,
  identityOf,
  sameIdentity,
  type Identity,
  type IdentityPart,
};

export interface ReleaseFileChoice {
  version: string;
  file: SimpleFile;
}

function byVersionDesc(a: string, b: string): number {
  if (valid(a) && valid(b)) return compare(b, a);
  return b.localeCompare(a);
}

/**
 * One file per release, newest first: the sdist if there is one, else the first wheel.
 * `offset`/`limit` page through older releases.
 */
export function chooseReleaseFiles(
  project: SimpleProject,
  limit = 20,
  offset = 0,
): ReleaseFileChoice[] {
  const byVersion = new Map<string, SimpleFile[]>();
  for (const f of project.files) {
    const list = byVersion.get(f.version) ?? [];
    list.push(f);
    byVersion.set(f.version, list);
  }
  return [...byVersion.keys()]
    .sort(byVersionDesc)
    .slice(offset, offset + limit)
    .map((version) => {
      const files = byVersion.get(version) ?? [];
      const file = files.find((f) => f.kind === 'sdist') ?? files.find((f) => f.kind === 'wheel');
      return { version, file: file as SimpleFile };
    })
    .filter((c) => c.file !== undefined);
}

export interface TimelineEntry {
  version: string;
  filename: string;
  result: FileResult;
  identity?: Identity;
}

/** A file with no verified identity: no provenance, or provenance we cannot check. */
export interface UnverifiedFile {
  filename: string;
  state: 'none' | 'unsupported';
  /** For `unsupported`: why it cannot be checked. */
  code?: UnsupportedCode;
}

export type Warning =
  | {
      kind: 'provenance-lost';
      version: string;
      lastVerified: { version: string; identity: Identity };
      /**
       * The release's files with provenance we cannot check (unsupported): they count as no
       * provenance (anyone can get a Sigstore signature over any file), but the words differ
       * ("can't be checked", not "no provenance"). Absent when every file has none.
       */
      unsupported?: UnverifiedFile[];
    }
  | {
      kind: 'publisher-changed';
      version: string;
      identity: Identity;
      previous: { version: string; identity: Identity };
      /** What differs; `repositoryId`/`ownerId` alone: same names, re-created repository. */
      changed?: IdentityPart[];
    }
  | { kind: 'partial'; version: string; files: { filename: string; reason: string }[] }
  /**
   * Files that could only be checked with a newer trust root (unsupported TRUST_ROOT_OUTDATED,
   * src/core/sigstore/outdated.ts): first, since it may explain the other warnings.
   */
  | { kind: 'root-outdated'; version: string; files: string[] };

/** The next older verified release in a newest-first timeline, after `version`. */
function previousVerified(
  timeline: readonly TimelineEntry[],
  version: string,
): TimelineEntry | undefined {
  const i = timeline.findIndex((e) => e.version === version);
  return timeline.slice(i < 0 ? 0 : i + 1).find((e) => e.identity !== undefined);
}

/** Files that have no verified identity although they were checked: `none` or `unsupported`. */
export function unverifiedFiles(files: readonly FileResult[]): UnverifiedFile[] {
  const out: UnverifiedFile[] = [];
  for (const f of files) {
    if (f.state === 'none') out.push({ filename: f.filename, state: 'none' });
    if (f.state === 'unsupported') {
      out.push({ filename: f.filename, state: 'unsupported', code: f.code });
    }
  }
  return out;
}

/** Why a file of a partly verified release has no verified identity, in a few words. */
export function unverifiedReason(f: UnverifiedFile): string {
  // e.g. UNSUPPORTED_TLOG_ENTRY → "provenance cannot be checked (unsupported tlog entry)"
  return f.state === 'none'
    ? 'no provenance'
    : `provenance cannot be checked (${(f.code ?? 'UNSUPPORTED').toLowerCase().replace(/_/g, ' ')})`;
}

/**
 * Warnings for the release `version` (whose files are `files`) against the project's history
 * (`timeline`, newest first; may include this release). Informational: never a failure.
 * A file whose provenance we cannot check (`unsupported`) counts as one without provenance:
 * it has no verified identity, whoever signed it.
 */
export function computeWarnings(
  version: string,
  files: readonly FileResult[],
  timeline: readonly TimelineEntry[],
): Warning[] {
  const warnings: Warning[] = [];
  const outdated = files.filter(
    (f) => f.state === 'unsupported' && f.code === 'TRUST_ROOT_OUTDATED',
  );
  if (outdated.length > 0) {
    warnings.push({ kind: 'root-outdated', version, files: outdated.map((f) => f.filename) });
  }
  const verified = files.filter((f) => f.state === 'verified');
  const previous = previousVerified(timeline, version);
  const unverified = unverifiedFiles(files);
  // Every file was checked and none has a verified identity (failed files have their own red
  // state; errors and pending files may still turn out verified).
  const noVerifiedIdentity = files.length > 0 && unverified.length === files.length;
  if (noVerifiedIdentity && previous?.identity) {
    const unsupported = unverified.filter((f) => f.state === 'unsupported');
    warnings.push({
      kind: 'provenance-lost',
      version,
      lastVerified: { version: previous.version, identity: previous.identity },
      ...(unsupported.length > 0 && { unsupported }),
    });
  }
  const current = verified.map(identityOf).find((id) => id !== undefined);
  if (current && previous?.identity && !sameIdentity(current, previous.identity)) {
    warnings.push({
      kind: 'publisher-changed',
      version,
      identity: current,
      previous: { version: previous.version, identity: previous.identity },
      changed: identityDifferences(previous.identity, current),
    });
  }
  if (verified.length > 0) {
    const odd: { filename: string; reason: string }[] = [];
    for (const f of files) {
      const u = unverified.find((x) => x.filename === f.filename);
      if (u) odd.push({ filename: f.filename, reason: unverifiedReason(u) });
      const id = identityOf(f);
      if (id && current && !sameIdentity(id, current)) {
        const names = identityDifferences(current, id).some((p) => !p.endsWith('Id'));
        const signer = names ? describeIdentity(id) : describeIdentityChange(current, id);
        odd.push({ filename: f.filename, reason: `signed by ${signer}` });
      }
    }
    if (odd.length > 0) warnings.push({ kind: 'partial', version, files: odd });
  }
  return warnings;
}
