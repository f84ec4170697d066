/**
 * Exporting and importing remembered and pinned identities. The JSON maps each project to its
 * identities in the shape of PyPI's publisher objects, as PEP 751 lockers record them under
 * `attestation-identities`; the command lines are pypi-attestations invocations.
 */
import * as v from 'valibot';
import {
  fromAttestationIdentity,
  toAttestationIdentity,
  type AttestationIdentity,
} from './attestation-identity.js';
import { canonicalizeName } from './filename.js';
import type { MemoryKey, ProjectMemory } from './memory.js';

export const EXPORT_FORMAT = 'pypi-provenance-identities/v1';

// The PEP 751 identity mapping lives in attestation-identity.ts, free of valibot, so that the
// popup's install text (install.ts) can use it without bundling the import schema.
export { fromAttestationIdentity, toAttestationIdentity, type AttestationIdentity };

export interface ExportDocument {
  format: typeof EXPORT_FORMAT;
  exported: string;
  projects: Record<
    string,
    {
      index: string;
      'attestation-identities': AttestationIdentity[];
      pinned: AttestationIdentity | null;
    }
  >;
}

export function exportMemory(entries: [MemoryKey, ProjectMemory][], now: Date): ExportDocument {
  const projects: ExportDocument['projects'] = {};
  for (const [key, memory] of entries.sort(([a], [b]) => a.localeCompare(b))) {
    const [index, project] = key.split('|') as [string, string];
    const name = index === 'https://pypi.org' ? project : `${project}@${index}`;
    projects[name] = {
      index,
      'attestation-identities': memory.seen.map(toAttestationIdentity),
      pinned: memory.pinned ? toAttestationIdentity(memory.pinned) : null,
    };
  }
  return { format: EXPORT_FORMAT, exported: now.toISOString(), projects };
}

/** PEP 625 sdist name part: the normalized name with underscores. */
function sdistName(project: string): string {
  return project.replace(/-/g, '_');
}

/** `pypi-attestations verify pypi` lines, one per remembered repository (GitHub/GitLab). */
export function exportCommands(doc: ExportDocument): string {
  const lines: string[] = [];
  for (const [name, p] of Object.entries(doc.projects)) {
    const project = name.split('@')[0];
    for (const id of p.pinned ? [p.pinned] : p['attestation-identities']) {
      const host =
        id.kind === 'GitHub' ? 'github.com' : id.kind === 'GitLab' ? 'gitlab.com' : undefined;
      const repository = (id as { repository?: unknown }).repository;
      if (!host || typeof repository !== 'string') continue;
      lines.push(
        `pypi-attestations verify pypi --repository https://${host}/${repository} pypi:${sdistName(project ?? '')}-VERSION.tar.gz`,
      );
    }
  }
  return lines.join('\n') + (lines.length ? '\n' : '');
}

const text = v.pipe(
  v.string(),
  v.minLength(1),
  v.maxLength(512),
  v.regex(/^[^\s<>"'`]+$/, 'no spaces or markup'),
);
const IdentitySchema = v.union([
  v.strictObject({
    kind: v.literal('GitHub'),
    repository: text,
    workflow: text,
    environment: v.optional(v.pipe(v.string(), v.maxLength(256))),
  }),
  v.strictObject({
    kind: v.literal('GitLab'),
    repository: text,
    workflow_filepath: text,
    environment: v.optional(v.pipe(v.string(), v.maxLength(256))),
  }),
  v.strictObject({ kind: v.literal('Google'), email: text }),
]);
const ImportSchema = v.strictObject({
  format: v.literal(EXPORT_FORMAT),
  exported: v.optional(v.string()),
  projects: v.pipe(
    v.record(
      v.pipe(v.string(), v.maxLength(300)),
      v.strictObject({
        index: v.picklist(['https://pypi.org', 'https://test.pypi.org']),
        'attestation-identities': v.pipe(v.array(IdentitySchema), v.maxLength(100)),
        pinned: v.nullable(IdentitySchema),
      }),
    ),
    v.check((r) => Object.keys(r).length <= 10_000, 'too many projects'),
  ),
});

export type ImportResult =
  { ok: true; entries: [MemoryKey, ProjectMemory][] } | { ok: false; error: string };

/** Validates an exported document; on any problem nothing is imported and the error says why. */
export function importMemory(text: string, now: number): ImportResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: 'The file is not JSON.' };
  }
  const parsed = v.safeParse(ImportSchema, json);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const path = issue ? v.getDotPath(issue) : null;
    return {
      ok: false,
      error: `Not a PyPI Provenance identities file${path ? ` (at ${path})` : ''}: ${issue?.message ?? 'invalid'}.`,
    };
  }
  const entries: [MemoryKey, ProjectMemory][] = [];
  for (const [name, p] of Object.entries(parsed.output.projects)) {
    const project = canonicalizeName(name.split('@')[0]!);
    if (!/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/.test(project)) {
      return {
        ok: false,
        error: `Not a valid project name: ${JSON.stringify(name).slice(0, 80)}.`,
      };
    }
    const seen = p['attestation-identities'].map((a) => ({
      ...fromAttestationIdentity(a),
      firstSeen: now,
      lastSeen: now,
      version: '',
    }));
    entries.push([
      `${p.index}|${project}`,
      {
        seen,
        hadProvenance: seen.length > 0,
        ...(p.pinned && { pinned: fromAttestationIdentity(p.pinned) }),
      },
    ]);
  }
  return { ok: true, entries };
}
