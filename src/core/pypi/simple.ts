/**
 * PyPI's Simple API in JSON (PEP 691, api-version ≥ 1.4 with PEP 740's `provenance` key):
 * every file of every release with its sha256 and provenance URL, in one request. Used for
 * the publisher history. Provenance URLs are followed only on the index's own origin.
 */
import * as v from 'valibot';
import { normalizeSha256 } from '../encoding.js';
import { PypiError } from '../errors.js';
import { normalizeVersion, parseDistributionFilename } from '../filename.js';
import { describeIssues } from '../provenance/schema.js';
import type { ClientOptions } from './client.js';
import { jsonWalker } from './json-walk.js';
import { readStream } from './stream.js';

export const SIMPLE_ACCEPT = 'application/vnd.pypi.simple.v1+json';

const SimpleFileSchema = v.looseObject({
  filename: v.pipe(v.string(), v.minLength(1), v.maxLength(512)),
  hashes: v.looseObject({ sha256: v.optional(v.string()) }),
  provenance: v.optional(v.nullable(v.string())),
  'upload-time': v.optional(v.nullable(v.string())),
  yanked: v.optional(v.union([v.boolean(), v.string()])),
});

export interface SimpleFile {
  filename: string;
  sha256: string;
  /** Normalized PEP 440 version parsed from the filename. */
  version: string;
  kind: 'sdist' | 'wheel';
  /** Integrity API URL on the same origin as the index, or null (no provenance). */
  provenanceUrl: string | null;
  uploadTime?: string;
  yanked: boolean;
}

/**
 * What the history needs of a project's listing: one file per release (its sdist, else its
 * first wheel, as `chooseReleaseFiles` picks), for the newest releases only.
 */
export interface SimpleProject {
  name: string;
  /** The versions of the releases kept, in the index's order (oldest first on PyPI). */
  versions: string[];
  /** One file per release kept. */
  files: SimpleFile[];
  /** Releases with a file we can name in the whole listing (when known). */
  releases?: number;
  /** Older releases were left out: only the newest `versions.length` were kept. */
  truncated?: boolean;
}

/** Releases kept from a listing by default: the newest (the history pages 20 at a time). */
export const MAX_RELEASES = 500;

/**
 * The project's Simple API listing, read as it streams in (a big project's is tens of MB:
 * every file ever uploaded), keeping one file per release for the newest `maxReleases`
 * releases. Warehouse lists the files oldest release first
 * (warehouse/packaging/utils.py `_simple_detail`, sorted by version, @6b62157124ab7865029afeeadf282bce27d601d9),
 * so the releases kept are the last ones listed; for an index that lists them in another
 * order they are the last ones it listed, and the count of releases may be too high.
 */
export async function fetchSimpleProject(
  project: string,
  options: ClientOptions & { maxReleases?: number },
): Promise<SimpleProject> {
  const index = options.index.replace(/\/+$/, '');
  const url = `${index}/simple/${encodeURIComponent(project)}/`;
  const origin = new URL(index).origin;
  const maxReleases = options.maxReleases ?? MAX_RELEASES;
  return readStream(url, SIMPLE_ACCEPT, options, () => {
    let name: unknown;
    let listed = false;
    /** version → its chosen file, in the order first listed (Map order). */
    const kept = new Map<string, SimpleFile>();
    let releases = 0;
    let lastPiece = '';
    let lastVersion: string | null = null;
    const walker = jsonWalker({
      visit: ([key, i]) => {
        if (key === 'files' && i === undefined) listed = true;
        return key === undefined || (key === 'files' && i === undefined)
          ? 'descend'
          : key === 'name' || key === 'files'
            ? 'parse'
            : 'skip';
      },
      value: ([key, i], value) => {
        if (key === 'name') name = value;
        else if (i === undefined) throw bad('"files" is not a list');
        else {
          // Most files change nothing (a release's sdist is already chosen, or a wheel when
          // one is): only the candidates are checked and parsed in full.
          const filename = (value as { filename?: unknown } | null)?.filename;
          if (typeof filename !== 'string') throw bad('a file has no filename');
          const piece = versionPiece(filename);
          if (!piece) return;
          if (piece[0] !== lastPiece)
            [lastPiece, lastVersion] = [piece[0], normalizeVersion(piece[0])];
          const chosen = lastVersion === null ? undefined : kept.get(lastVersion);
          if (chosen && (chosen.kind === 'sdist' || piece[1] === 'wheel')) return;
          const f = simpleFile(value, origin);
          if (!f) return;
          // A release not kept yet (on PyPI, a newer one: evicting the oldest kept).
          if (!kept.delete(f.version)) releases++;
          kept.set(f.version, f);
          if (kept.size > maxReleases) kept.delete(kept.keys().next().value as string);
        }
      },
    });
    return {
      push: (chunk) => walker.push(chunk),
      end() {
        walker.end();
        if (typeof name !== 'string' || !listed) throw bad('no name or no "files"');
        const files = [...kept.values()];
        return {
          name,
          versions: files.map((f) => f.version),
          files,
          releases: Math.max(releases, files.length),
          ...(releases > files.length && { truncated: true }),
        };
      },
    };
  });
}

/** A distribution filename's version as written, and its kind (as parseDistributionFilename splits it). */
function versionPiece(filename: string): [string, SimpleFile['kind']] | undefined {
  if (filename.endsWith('.whl')) return [filename.split('-', 2)[1] ?? '', 'wheel'];
  const stem = filename.replace(/\.(tar\.gz|zip)$/, '');
  return stem === filename ? undefined : [stem.slice(stem.lastIndexOf('-') + 1), 'sdist'];
}

function bad(message: string): PypiError {
  return new PypiError('BAD_RESPONSE', `unexpected Simple API response: ${message}`);
}

/**
 * One listed file, or undefined for files we cannot name a release for (eggs, exe
 * installers) or without a sha256: they are not part of the history.
 */
function simpleFile(value: unknown, origin: string): SimpleFile | undefined {
  const parsed = v.safeParse(SimpleFileSchema, value);
  if (!parsed.success) throw bad(describeIssues(parsed.issues));
  const f = parsed.output;
  const sha256 = f.hashes.sha256 === undefined ? undefined : normalizeSha256(f.hashes.sha256);
  const dist = parseDistributionFilename(f.filename);
  if (!sha256 || !dist.ok) return undefined;
  let provenanceUrl: string | null = null;
  if (typeof f.provenance === 'string') {
    try {
      const u = new URL(f.provenance);
      // Never follow a provenance URL to another origin (PEP 740: fully qualified https URL).
      if (u.origin === origin && u.protocol === 'https:') provenanceUrl = u.href;
    } catch {
      provenanceUrl = null;
    }
  }
  return {
    filename: f.filename,
    sha256,
    version: dist.value.version,
    kind: dist.value.kind,
    provenanceUrl,
    ...(f['upload-time'] && { uploadTime: f['upload-time'] }),
    yanked: f.yanked !== undefined && f.yanked !== false,
  };
}
