/**
 * The words the content script shows for a file (badge tooltip, details card) and for a
 * release's warnings, composed here in the background so that the script injected into every
 * PyPI project page stays small (issue #5: ≤ 15 kB) and only renders text and allow-listed
 * links. The content script still passes every link through safeHref before rendering it.
 */
import type { AttestationSummary, FileResult, Publisher } from '../core/result.js';
import type { Analysis, CardRow, FileView } from '../shared/view-model.js';
import { repositoryName, workflowName } from '../shared/signer.js';
import { signerFacts, signerNotes } from '../shared/signer-facts.js';
import { safeHref } from '../shared/links.js';
import { analysisLines, ROOT_OUTDATED_TEXT, summaryAlert } from '../shared/warnings.js';

/** "owner/repo · workflow.yml" (or the certificate identity when there is no repository). */
function signerLabel(a: AttestationSummary): string {
  const s = a.signer;
  return [s.repositoryUrl ? repositoryName(s) : s.identity, workflowName(s)]
    .filter(Boolean)
    .join(' · ');
}

function row(label: string, text: string | undefined, href?: string): CardRow[] {
  if (text === undefined || text === '') return [];
  const safe = safeHref(href);
  return [safe ? { label, text, href: safe } : { label, text }];
}

/**
 * One attestation's signer details as label/text/link rows: the popup's words
 * (src/shared/signer-facts.ts), then, for a verified file, the popup's risk notes.
 */
export function attestationRows(
  a: AttestationSummary,
  publisher?: Publisher,
  verified = false,
): CardRow[] {
  return [
    ...row('Publisher', publisher?.kind),
    ...signerFacts(a).flatMap((f) => row(f.label, f.text, f.href)),
    ...signerNotes(a, verified ? publisher : undefined).map((n) => ({
      label: 'Note',
      text: n.message,
    })),
  ];
}

/** The badge tooltip (and screen-reader label) for a file. */
export function fileDescription(r: FileResult): string {
  switch (r.state) {
    case 'verified': {
      const first = r.attestations[0];
      return `Provenance verified in your browser${first ? ` · built by ${signerLabel(first)}` : ''}`;
    }
    case 'failed':
      return `Provenance verification FAILED (${r.code}): ${r.message}`;
    case 'none':
      return 'PyPI has no provenance for this file';
    case 'unsupported':
      return r.code === 'TRUST_ROOT_OUTDATED'
        ? `Provenance can't be checked yet. ${ROOT_OUTDATED_TEXT}`
        : `Provenance uses something this extension cannot check yet: ${r.message}`;
    case 'error':
      return `Could not check provenance: ${r.message}`;
    case 'pending':
      return 'Checking provenance…';
  }
}

const CARD_TITLE: Record<FileResult['state'], string> = {
  verified: '✓ Verified in your browser',
  failed: '✗ Verification FAILED in your browser',
  none: 'No provenance',
  unsupported: 'Provenance not checkable',
  error: "Couldn't check provenance",
  pending: 'Checking provenance in your browser…',
};

/** Everything the content script shows for one file, worded. */
export function fileView(r: FileResult): FileView {
  const text: string[] = [];
  const details: CardRow[][] = [];
  if (r.state === 'verified') {
    text.push(
      "Every check passed here: the Sigstore certificate chain and transparency log proof, the signature, the file's name and sha256, and the signer against PyPI's Trusted Publisher.",
    );
    for (const a of r.attestations) details.push(attestationRows(a, r.publisher, true));
  } else if (r.state === 'failed') {
    text.push(
      `${r.code}: ${r.message}`,
      'Do not trust this file until you know why: the provenance PyPI serves for it did not pass verification.',
    );
  } else if (r.state === 'error') {
    text.push(r.message);
  } else if (r.state === 'unsupported' && r.code === 'TRUST_ROOT_OUTDATED') {
    text.push(
      ROOT_OUTDATED_TEXT,
      `${r.code}: ${r.message}`,
      'Until then it counts as not verified: no warning about this project is silenced by it.',
    );
  } else if (r.state !== 'pending') {
    text.push(fileDescription(r));
  }
  return {
    description: fileDescription(r),
    signers: r.state === 'verified' ? r.attestations.map(signerLabel) : [],
    card: { title: CARD_TITLE[r.state], text, details },
  };
}

// Views of results held in the caches' memory, which a revisit sends again.
const views = new WeakMap<FileResult, FileView>();

/** A result with its view, for the content script (a new object: cached results stay as they are). */
export function withView<T extends FileResult>(r: T): T & { view: FileView } {
  let view = views.get(r);
  if (!view) views.set(r, (view = fileView(r)));
  return { ...r, view };
}

/**
 * What the content script shows for a release's analysis: one worded line per warning and
 * alert (the popup's words, src/shared/warnings.ts), and the summary's alert.
 */
export function analysisView(
  a: Pick<Analysis, 'version' | 'warnings' | 'alerts' | 'memory'>,
): Pick<Analysis, 'lines' | 'alert'> {
  const alert = summaryAlert(a);
  return {
    lines: analysisLines(a).map((l) => ({ kind: l.kind, text: `${l.title}: ${l.text}` })),
    ...(alert && { alert }),
  };
}
