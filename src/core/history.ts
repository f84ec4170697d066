/**
 * Publisher history: one file per release across a project's releases, and what changed.
 * PyPI compares a release only with its nearest attested predecessor in a 14-day window; we
 * compare with the whole verified history the user can see (and with what the user has seen
 * before: see memory.ts).
 */
import { compare, valid } from '@renovatebot/pep440';
import type { SimpleFile, SimpleProject } from './pypi/simple.js';
import { identityOf, sameIdentity, describeIdentity, type Identity } from './identity.js';
import type { FileResult } from './result.js';

export { describeIdentity, identityOf, sameIdentity, type Identity };

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

export type Warning =
  | {
      kind: 'provenance-lost';
      version: string;
      lastVerified: { version: string; identity: Identity };
    }
  | {
      kind: 'publisher-changed';
      version: string;
      identity: Identity;
      previous: { version: string; identity: Identity };
    }
  | { kind: 'partial'; version: string; files: { filename: string; reason: string }[] };

/** The next older verified release in a newest-first timeline, after `version`. */
function previousVerified(
  timeline: readonly TimelineEntry[],
  version: string,
): TimelineEntry | undefined {
  const i = timeline.findIndex((e) => e.version === version);
  return timeline.slice(i < 0 ? 0 : i + 1).find((e) => e.identity !== undefined);
}

/**
 * Warnings for the release `version` (whose files are `files`) against the project's history
 * (`timeline`, newest first; may include this release). Informational: never a failure.
 */
export function computeWarnings(
  version: string,
  files: readonly FileResult[],
  timeline: readonly TimelineEntry[],
): Warning[] {
  const warnings: Warning[] = [];
  const verified = files.filter((f) => f.state === 'verified');
  const previous = previousVerified(timeline, version);
  const hasProvenance = files.some((f) => f.state !== 'none' && f.state !== 'pending');
  if (!hasProvenance && files.length > 0 && previous?.identity) {
    warnings.push({
      kind: 'provenance-lost',
      version,
      lastVerified: { version: previous.version, identity: previous.identity },
    });
  }
  const current = verified.map(identityOf).find((id) => id !== undefined);
  if (current && previous?.identity && !sameIdentity(current, previous.identity)) {
    warnings.push({
      kind: 'publisher-changed',
      version,
      identity: current,
      previous: { version: previous.version, identity: previous.identity },
    });
  }
  if (verified.length > 0) {
    const odd: { filename: string; reason: string }[] = [];
    for (const f of files) {
      if (f.state === 'none') odd.push({ filename: f.filename, reason: 'no provenance' });
      const id = identityOf(f);
      if (id && current && !sameIdentity(id, current)) {
        odd.push({ filename: f.filename, reason: `signed by ${describeIdentity(id)}` });
      }
    }
    if (odd.length > 0) warnings.push({ kind: 'partial', version, files: odd });
  }
  return warnings;
}
