import type { FileResult } from '../core/result.js';

/** The CLI's --json shape for one file (product.md "Command line"). */
export function toJsonFile(r: FileResult) {
  const attestations = 'attestations' in r && r.attestations ? r.attestations : [];
  const publisher = 'publisher' in r ? r.publisher : undefined;
  return {
    status: r.state,
    ...('code' in r && { reason: r.code, message: r.message }),
    ...(publisher && { publisher }),
    attestations: attestations.map((a) => {
      const entry = a.tlogEntries[0];
      return {
        predicateType: a.predicateType,
        logIndex: entry?.logIndex ?? null,
        integratedTime: entry?.integratedTime ? Date.parse(entry.integratedTime) / 1000 : null,
        rekorUrl: entry?.entryUrl ?? null,
        identity: a.signer.identity,
      };
    }),
  };
}

const MARK: Record<FileResult['state'], string> = {
  verified: '✓ verified',
  failed: '✗ FAILED',
  none: '– no provenance',
  unsupported: '? unsupported',
  error: '! could not check',
  pending: '… pending',
};

/** One human-readable block per file. */
export function formatFile(r: FileResult): string {
  const lines = [`${MARK[r.state]}  ${r.filename}`];
  if ('code' in r) lines.push(`    ${r.code}: ${r.message}`);
  if (r.state === 'verified') {
    for (const a of r.attestations) {
      const s = a.signer;
      const where = [s.repositoryUrl ?? s.identity, s.workflowPath, s.ref ?? s.commit]
        .filter(Boolean)
        .join(' · ');
      lines.push(`    ${a.predicateType}`);
      lines.push(`    signed by ${where}`);
      for (const e of a.tlogEntries) lines.push(`    log entry ${e.logIndex}: ${e.entryUrl}`);
    }
  }
  return lines.join('\n');
}
