/**
 * Exporting remembered and pinned identities (importing them: memory-import.ts). The JSON maps
 * each project to its identities in the shape of PyPI's publisher objects, as PEP 751 lockers
 * record them under `attestation-identities`; the command lines are pypi-attestations
 * invocations. Only the options page exports (the worker hands it the entries), so this module
 * stays out of the worker's bundle; the importer, which the worker runs, is a module of its own.
 */
import {
  fromAttestationIdentity,
  toAttestationIdentity,
  type AttestationIdentity,
} from './attestation-identity.js';
import { EXPORT_FORMAT } from './memory-format.js';
import type { MemoryKey, ProjectMemory } from './memory.js';
import { shellQuote } from './text.js';

export { EXPORT_FORMAT };

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

/**
 * The export as the options page shows and downloads it: the JSON document and the command
 * lines. The page computes it from `listMemory`'s entries (the worker does not carry it).
 */
export function exportTexts(
  entries: [MemoryKey, ProjectMemory][],
  now: Date,
): { json: string; commands: string } {
  const doc = exportMemory(entries, now);
  return { json: JSON.stringify(doc, null, 2) + '\n', commands: exportCommands(doc) };
}

/** PEP 625 sdist name part: the normalized name with underscores. */
function sdistName(project: string): string {
  return project.replace(/-/g, '_');
}

/**
 * `pypi-attestations verify pypi` lines, one per remembered repository (GitHub/GitLab). Every
 * value is a single-quoted shell word: a remembered name comes from a certificate or from an
 * imported file, and must never be able to add shell syntax to a line the user pastes.
 */
export function exportCommands(doc: ExportDocument): string {
  const lines: string[] = [];
  for (const [name, p] of Object.entries(doc.projects)) {
    const project = name.split('@')[0];
    for (const id of p.pinned ? [p.pinned] : p['attestation-identities']) {
      const host =
        id.kind === 'GitHub' ? 'github.com' : id.kind === 'GitLab' ? 'gitlab.com' : undefined;
      const repository = (id as { repository?: unknown }).repository;
      if (!host || typeof repository !== 'string') continue;
      const url = shellQuote(`https://${host}/${repository}`);
      const dist = shellQuote(`pypi:${sdistName(project ?? '')}-VERSION.tar.gz`);
      lines.push(`pypi-attestations verify pypi --repository ${url} ${dist}`);
    }
  }
  return lines.join('\n') + (lines.length ? '\n' : '');
}
