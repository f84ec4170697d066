/**
 * What the content script says for each state (product.md "States"): pure functions, so the
 * words are tested without a page.
 */
import type { FileResult, ReleaseState } from '../shared/domain-lite.js';
import type { ViewedResult } from '../shared/view-model.js';

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

/**
 * Longer text for a file badge's tooltip and screen readers: the background's wording when it
 * sent one (describe.ts), else the state and its reason.
 */
export function fileDescription(r: ViewedResult): string {
  return (
    r.view?.description ??
    (r.state === 'pending'
      ? 'Checking provenance…'
      : `${fileLabel(r)}${'message' in r ? `: ${r.message}` : ''}`)
  );
}

/** The signer shared by every verified file, as "owner/repo · workflow.yml", if there is one. */
export function commonSigner(files: readonly ViewedResult[]): string | undefined {
  const ids = new Set<string>();
  for (const f of files)
    if (f.state === 'verified') for (const s of f.view?.signers ?? []) ids.add(s);
  return ids.size === 1 ? [...ids][0] : undefined;
}

export function summaryView(
  state: ReleaseState,
  files: readonly ViewedResult[],
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
    case 'unsupported': {
      const first = files.find((f) => f.state === 'unsupported');
      return {
        state,
        title: "Provenance can't be checked",
        detail:
          first && first.state === 'unsupported'
            ? `${first.filename}: ${first.code} — treat as unverified`
            : undefined,
        retry: false,
      };
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
