import type { FileResult } from '../core/result.js';
import { inertText } from '../core/text.js';
import { NOTES_TITLE, predicateName, signerFacts, signerNotes } from '../shared/signer-facts.js';

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

/**
 * Text for the terminal. Every value may come from a provenance, an index response or a
 * certificate: each goes through inertText, so none can carry a control, ANSI escape or bidi
 * character to the terminal (each shows as a visible `\u001b`-style escape instead).
 */
const t = (value: string | number): string => inertText(String(value));

/** One human-readable block per file. */
export function formatFile(r: FileResult): string {
  const lines = [`${MARK[r.state]}  ${t(r.filename)}`];
  if ('code' in r) lines.push(`    ${t(r.code)}: ${t(r.message)}`);
  if (r.state === 'unsupported' && r.code === 'TRUST_ROOT_OUTDATED') {
    lines.push(
      '    Signed through a Sigstore authority newer than the trust root bundled with pypi-provenance:',
      '    update pypi-provenance, or pass a newer trusted_root.json with --trusted-root FILE.',
    );
  }
  if (r.state === 'verified') {
    // The popup's and the page card's words (src/shared/signer-facts.ts), links spelled out.
    r.attestations.forEach((a, i) => {
      const n = r.attestations.length;
      lines.push(
        `    ${n > 1 ? `Attestation ${i + 1} of ${n}: ` : ''}${t(predicateName(a.predicateType))}`,
      );
      if (i === 0 && r.publisher) lines.push(`      Publisher: ${t(r.publisher.kind)}`);
      for (const f of signerFacts(a)) {
        if (f.key === 'predicate') continue;
        const link = f.href && f.href !== f.text ? ` <${t(f.href)}>` : '';
        lines.push(`      ${f.label}: ${t(f.text)}${link}`);
      }
      const notes = signerNotes(a, r.publisher);
      if (notes.length > 0) {
        lines.push(`      ${NOTES_TITLE}:`);
        for (const note of notes) lines.push(`        - ${t(note.message)}`);
      }
    });
  }
  return lines.join('\n');
}

/** Any text for the terminal (a line of `check`'s output, an error message), made inert. */
export function formatLine(value: string): string {
  return inertText(value);
}

/** JSON for the terminal: the same value, with such characters as JSON escapes. */
export { inertJson as formatJson } from '../core/text.js';
