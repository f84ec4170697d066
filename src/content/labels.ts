/**
 * What the content script says for each state (product.md "States"): pure functions, so the
 * words are tested without a page.
 */
import type { Warning } from '../core/history.js';
import { describeIdentity } from '../core/identity.js';
import type { FileResult, ReleaseState } from '../core/result.js';
import { repositoryName, workflowName } from '../shared/signer.js';

export interface SummaryView {
  state: ReleaseState;
  title: string;
  detail?: string;
  retry: boolean;
}

const FILE_LABEL: Record<FileResult['state'], string> = {
  verified: 'Verified',
  failed: 'FAILED',
  none: 'No provenance',
  unsupported: 'Unsupported',
  error: "Couldn't check",
  pending: 'Checking…',
};

export function fileLabel(r: FileResult): string {
  return FILE_LABEL[r.state];
}

/** Longer text for a file badge's tooltip and screen readers. */
export function fileDescription(r: FileResult): string {
  switch (r.state) {
    case 'verified': {
      const s = r.attestations[0]?.signer;
      const by = s
        ? ` · built by ${[s.repositoryUrl ? repositoryName(s) : s.identity, workflowName(s)].filter(Boolean).join(' · ')}`
        : '';
      return `Provenance verified in your browser${by}`;
    }
    case 'failed':
      return `Provenance verification FAILED (${r.code}): ${r.message}`;
    case 'none':
      return 'PyPI has no provenance for this file';
    case 'unsupported':
      return `Provenance uses something this extension cannot check yet: ${r.message}`;
    case 'error':
      return `Could not check provenance: ${r.message}`;
    case 'pending':
      return 'Checking provenance…';
  }
}

/** The signer shared by every verified file, as "owner/repo · workflow.yml", if there is one. */
export function commonSigner(files: readonly FileResult[]): string | undefined {
  const ids = new Set<string>();
  for (const f of files) {
    if (f.state !== 'verified') continue;
    for (const a of f.attestations) {
      const s = a.signer;
      ids.add(
        [s.repositoryUrl ? repositoryName(s) : s.identity, workflowName(s)]
          .filter(Boolean)
          .join(' · '),
      );
    }
  }
  return ids.size === 1 ? [...ids][0] : undefined;
}

export function summaryView(
  state: ReleaseState,
  files: readonly FileResult[],
  listError?: string,
): SummaryView {
  const total = files.length;
  const count = (s: FileResult['state']) => files.filter((f) => f.state === s).length;
  const signer = commonSigner(files);
  switch (state) {
    case 'pending': {
      const done = total - count('pending');
      return {
        state,
        title: 'Checking provenance…',
        detail: total ? `${done} of ${total} files` : undefined,
        retry: false,
      };
    }
    case 'verified':
      return { state, title: 'Provenance verified', detail: signer, retry: false };
    case 'partial':
      return {
        state,
        title: 'Partly verified',
        detail: [`${count('verified')} of ${total} files verified`, signer]
          .filter(Boolean)
          .join(' · '),
        retry: false,
      };
    case 'failed': {
      const first = files.find((f) => f.state === 'failed');
      const detail =
        first && first.state === 'failed'
          ? `${first.filename}: ${first.code} — ${first.message}`
          : undefined;
      return { state, title: 'Provenance verification FAILED', detail, retry: false };
    }
    case 'none':
      return {
        state,
        title: 'No provenance',
        detail: total ? 'PyPI has no attestations for this release' : undefined,
        retry: false,
      };
    case 'error': {
      const first = files.find((f) => f.state === 'error');
      const detail = listError ?? (first && first.state === 'error' ? first.message : undefined);
      return { state, title: "Couldn't check provenance", detail, retry: true };
    }
  }
}

/** One line per history warning (informational, amber). */
export function warningText(w: Warning): string {
  switch (w.kind) {
    case 'provenance-lost':
      return `This release has no provenance, but ${w.lastVerified.version} was verified (${describeIdentity(w.lastVerified.identity)}).`;
    case 'publisher-changed':
      return `Publisher changed in ${w.version}: now ${describeIdentity(w.identity)}; ${w.previous.version} was signed by ${describeIdentity(w.previous.identity)}.`;
    case 'partial':
      return `Partial release: ${w.files.map((f) => `${f.filename} (${f.reason})`).join(', ')}.`;
  }
}
