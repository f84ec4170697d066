/**
 * PyPI's Simple API in JSON (PEP 691, api-version ≥ 1.4 with PEP 740's `provenance` key):
 * every file of every release with its sha256 and provenance URL, in one request. Used for
 * the publisher history. Provenance URLs are followed only on the index's own origin.
 */
import * as v from 'valibot';
import { normalizeSha256 } from '../encoding.js';
import { PypiError } from '../errors.js';
import { parseDistributionFilename } from '../filename.js';
import { describeIssues } from '../provenance/schema.js';
import type { ClientOptions } from './client.js';
import { getJson } from './http.js';

export const SIMPLE_ACCEPT = 'application/vnd.pypi.simple.v1+json';

const SimpleSchema = v.looseObject({
  name: v.string(),
  versions: v.optional(v.pipe(v.array(v.string()), v.maxLength(20_000))),
  files: v.pipe(
    v.array(
      v.looseObject({
        filename: v.pipe(v.string(), v.minLength(1), v.maxLength(512)),
        hashes: v.looseObject({ sha256: v.optional(v.string()) }),
        provenance: v.optional(v.nullable(v.string())),
        'upload-time': v.optional(v.nullable(v.string())),
        yanked: v.optional(v.union([v.boolean(), v.string()])),
      }),
    ),
    v.maxLength(100_000),
  ),
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

export interface SimpleProject {
  name: string;
  /** Release versions as the index lists them. */
  versions: string[];
  files: SimpleFile[];
}

export async function fetchSimpleProject(
  project: string,
  options: ClientOptions,
): Promise<SimpleProject> {
  const index = options.index.replace(/\/+$/, '');
  const url = `${index}/simple/${encodeURIComponent(project)}/`;
  const res = await getJson(url, SIMPLE_ACCEPT, [200], options);
  const parsed = v.safeParse(SimpleSchema, res.json);
  if (!parsed.success) {
    throw new PypiError(
      'BAD_RESPONSE',
      `unexpected Simple API response: ${describeIssues(parsed.issues)}`,
    );
  }
  const origin = new URL(index).origin;
  const files: SimpleFile[] = [];
  for (const f of parsed.output.files) {
    const sha256 = f.hashes.sha256 === undefined ? undefined : normalizeSha256(f.hashes.sha256);
    const dist = parseDistributionFilename(f.filename);
    // Files we cannot name a release for (eggs, exe installers) or without a sha256 are
    // not part of the history.
    if (!sha256 || !dist.ok) continue;
    let provenanceUrl: string | null = null;
    if (typeof f.provenance === 'string') {
      try {
        const u = new URL(f.provenance);
        // Never follow a provenance URL to another origin (PEP 740: fully qualified https URL).
        if (u.origin === origin && u.protocol === 'https:') {
          provenanceUrl = u.href;
        }
      } catch {
        provenanceUrl = null;
      }
    }
    files.push({
      filename: f.filename,
      sha256,
      version: dist.value.version,
      kind: dist.value.kind,
      provenanceUrl,
      ...(f['upload-time'] && { uploadTime: f['upload-time'] }),
      yanked: f.yanked !== undefined && f.yanked !== false,
    });
  }
  return { name: parsed.output.name, versions: parsed.output.versions ?? [], files };
}
