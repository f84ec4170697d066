/**
 * Clients for PyPI's JSON API (`/pypi/<project>/<version>/json`: the release's files and
 * their sha256) and Integrity API (`/integrity/<project>/<version>/<file>/provenance`).
 * Responses are validated with valibot; every failure is a typed PypiError.
 * Shapes: fixtures/pypi-api/SHAPES.md; warehouse `api/integrity.py`, `legacy/api/json.py`.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import * as v from 'valibot';
import { normalizeSha256, toHex } from '../encoding.js';
import { PypiError } from '../errors.js';
import { describeIssues, ProvenanceSchema } from '../provenance/schema.js';
import { getJson, type HttpOptions } from './http.js';
import { jsonWalker } from './json-walk.js';
import { readStream, type StreamReader } from './stream.js';

export const INTEGRITY_ACCEPT = 'application/vnd.pypi.integrity.v1+json';

const FileSchema = v.looseObject({
  filename: v.pipe(v.string(), v.minLength(1), v.maxLength(512)),
  digests: v.looseObject({ sha256: v.string() }),
  packagetype: v.optional(v.string()),
  size: v.optional(v.number()),
  url: v.optional(v.string()),
  upload_time_iso_8601: v.optional(v.nullable(v.string())),
  yanked: v.optional(v.boolean()),
});

const ReleaseSchema = v.looseObject({
  info: v.looseObject({ name: v.string(), version: v.string() }),
  urls: v.array(FileSchema),
});

export interface ReleaseFile {
  filename: string;
  sha256: string;
  packagetype?: string;
  size?: number;
  uploadTime?: string;
  /** Where the index serves the file (install text, src/core/install.ts); not validated here. */
  url?: string;
}

export interface Release {
  project: string;
  version: string;
  files: ReleaseFile[];
}

export interface ClientOptions extends HttpOptions {
  /** Index origin, e.g. https://pypi.org. */
  index: string;
}

function indexUrl(index: string, ...segments: string[]): string {
  return `${index.replace(/\/+$/, '')}/${segments.map(encodeURIComponent).join('/')}`;
}

/**
 * How much of the all-releases document (`/pypi/<project>/json`) is read past the latest
 * release's `info` for its `urls`: warehouse sorts the keys (`info`, ..., `releases`, `urls`;
 * warehouse/config.py `sort_keys=True`, warehouse/legacy/api/json.py `_json_data`, both
 * @6b62157124ab7865029afeeadf282bce27d601d9), so a small project's `urls` comes soon after,
 * while a big project's comes after every release's files (tens of MB): then the release's own
 * document is asked for instead (it has only that release's files).
 */
export const LATEST_READ_AHEAD = 256 * 1024;

/** Largest `info` value kept (name, version); the rest of `info` (the description) is skipped. */
const MAX_FIELD_BYTES = 64 * 1024;

interface ReleaseDocument {
  info: unknown;
  urls: unknown;
  /** `urls` was read whole. */
  complete: boolean;
}

/**
 * Reads a JSON API document keeping only `info.name`, `info.version` and `urls` (one file at a
 * time): the description, every release's files (`releases`) and the rest are skipped as
 * they stream by. Stops once `info` and `urls` are read, or (`readAhead`) when `urls` has not
 * come within that many bytes after `info`.
 */
function releaseDocument(readAhead = Infinity): StreamReader<ReleaseDocument> {
  const info: Record<string, unknown> = {};
  const files: unknown[] = [];
  const doc: ReleaseDocument = { info, urls: files, complete: false };
  let read = 0;
  /** Bytes read when `info` ended. */
  let infoEnd = Infinity;
  const walker = jsonWalker({
    maxValueBytes: MAX_FIELD_BYTES,
    visit: ([key, field, ...rest]) =>
      key === undefined || (field === undefined && (key === 'info' || key === 'urls'))
        ? 'descend'
        : rest.length === 0 &&
            ((key === 'info' && (field === 'name' || field === 'version')) || key === 'urls')
          ? 'parse'
          : 'skip',
    value: ([key, field], value) => {
      if (key === 'info') {
        if (field === undefined) doc.info = value;
        else info[field] = value;
      } else if (typeof field !== 'number') {
        // `urls` is not a list: kept as is, for the schema to refuse.
        doc.urls = value;
      } else if (files.push(value) > MAX_FILES) {
        throw new PypiError('BAD_RESPONSE', `the JSON API lists more than ${MAX_FILES} files`);
      }
    },
    leave: ([key, field], array) => {
      if (field !== undefined) return false;
      if (key === 'info') infoEnd = read;
      if (key === 'urls') {
        if (!array) doc.urls = {};
        doc.complete = true;
      }
      return infoEnd < Infinity && doc.complete;
    },
  });
  const wanted = () => read - infoEnd <= readAhead;
  return {
    push(chunk) {
      read += chunk.length;
      return walker.push(chunk) && wanted();
    },
    end() {
      if (wanted()) walker.end();
      return doc;
    },
  };
}

const MAX_FILES = 5000;

/**
 * Lists a release's files with their sha256 (the latest release when no version is given),
 * reading the JSON API document as it streams: a description or a project history of any
 * size costs time to skip, not memory, and the latest release of a big project costs a
 * second, small request rather than its whole history (see LATEST_READ_AHEAD).
 */
export async function fetchRelease(
  project: string,
  version: string | undefined,
  options: ClientOptions,
): Promise<Release> {
  const url = `${indexUrl(options.index, 'pypi', project, ...(version === undefined ? [] : [version]))}/json`;
  const doc = await readStream(url, 'application/json', options, () =>
    releaseDocument(version === undefined ? LATEST_READ_AHEAD : undefined),
  );
  if (!doc.complete && version === undefined) {
    const latest = v.safeParse(ReleaseSchema.entries.info, doc.info);
    if (latest.success) return fetchRelease(project, latest.output.version, options);
  }
  return toRelease({ info: doc.info, urls: doc.complete ? doc.urls : undefined });
}

/** A JSON API document's release: its name, version and files, each with a valid sha256. */
function toRelease(doc: { info: unknown; urls: unknown }): Release {
  const parsed = v.safeParse(ReleaseSchema, doc);
  if (!parsed.success) {
    throw new PypiError(
      'BAD_RESPONSE',
      `unexpected JSON API response: ${describeIssues(parsed.issues)}`,
    );
  }
  const files: ReleaseFile[] = [];
  for (const f of parsed.output.urls) {
    const digest = normalizeSha256(f.digests.sha256);
    if (!digest) {
      throw new PypiError(
        'BAD_RESPONSE',
        `JSON API gave no valid sha256 for ${JSON.stringify(f.filename)}`,
      );
    }
    if (f.filename.includes('/') || f.filename.includes('\\')) {
      throw new PypiError(
        'BAD_RESPONSE',
        `JSON API gave an invalid filename ${JSON.stringify(f.filename)}`,
      );
    }
    files.push({
      filename: f.filename,
      sha256: digest,
      ...(f.packagetype !== undefined && { packagetype: f.packagetype }),
      ...(f.size !== undefined && { size: f.size }),
      ...(f.upload_time_iso_8601 && { uploadTime: f.upload_time_iso_8601 }),
      ...(f.url !== undefined && { url: f.url }),
    });
  }
  return { project: parsed.output.info.name, version: parsed.output.info.version, files };
}

export interface ProvenanceResponse {
  provenance: unknown;
  /** sha256 of the response body: part of the verification cache key. */
  bodySha256: string;
}

/**
 * Fetches a file's provenance. 404 → PypiError NO_PROVENANCE; 403 → ATTESTATIONS_DISABLED
 * (PyPI's admin switch: "unavailable", never "unsigned"); other faults as in getJson. The
 * status alone decides 403 and 404: their body is not read. PyPI answers a 404 for a file
 * without provenance with JSON (warehouse/api/integrity.py@6b62157124ab), but for a project,
 * version or file that does not exist (or no longer does) the route's traversal fails first
 * (warehouse/routes.py@6b62157124ab `integrity.provenance`, through ProjectFactory) and the
 * 404 is PyPI's HTML "Not Found" page: still no provenance, not a malformed response.
 */
export async function fetchProvenance(
  project: string,
  version: string,
  filename: string,
  options: ClientOptions,
): Promise<ProvenanceResponse> {
  const url = `${indexUrl(options.index, 'integrity', project, version, filename)}/provenance`;
  const res = await getJson(url, INTEGRITY_ACCEPT, [200, 403, 404], options, [403, 404]);
  if (res.status === 404) {
    throw new PypiError('NO_PROVENANCE', `PyPI has no provenance for ${filename}`, { status: 404 });
  }
  if (res.status === 403) {
    throw new PypiError(
      'ATTESTATIONS_DISABLED',
      'PyPI has temporarily disabled attestations (403); the file could not be checked',
      { status: 403 },
    );
  }
  const top = v.safeParse(ProvenanceSchema, res.json);
  if (!top.success) {
    throw new PypiError(
      'BAD_RESPONSE',
      `unexpected Integrity API response: ${describeIssues(top.issues)}`,
    );
  }
  return { provenance: res.json, bodySha256: toHex(sha256(res.bytes)) };
}
