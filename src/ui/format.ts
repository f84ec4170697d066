/**
 * Pure view logic of the extension's pages (popup, options): labels in the product's vocabulary (product.md "States"),
 * progress, predicate names, refs, runners and time. No DOM, no browser APIs.
 */
import type { FileResult, FileState, ReleaseState } from '../shared/domain.js';
import { safeHref } from '../shared/links.js';

/** Every state the popup draws: per file, per release, and "not a project page". */
export type IconState = FileState | ReleaseState | 'neutral';

/** Short label of a file's state, shown beside its icon (colour is never the only signal). */
export function fileStateLabel(state: FileState): string {
  switch (state) {
    case 'verified':
      return 'Verified';
    case 'failed':
      return 'FAILED';
    case 'none':
      return 'No provenance';
    case 'unsupported':
      return 'Unsupported';
    case 'error':
      return "Couldn't check";
    case 'pending':
      return 'Checking…';
  }
}

/** The release summary headline. */
export function releaseStateLabel(state: ReleaseState): string {
  switch (state) {
    case 'verified':
      return 'Provenance verified';
    case 'failed':
      return 'Verification FAILED';
    case 'partial':
      return 'Partly verified';
    case 'unsupported':
      return "Can't be checked";
    case 'none':
      return 'No provenance';
    case 'error':
      return "Couldn't check";
    case 'pending':
      return 'Checking…';
  }
}

/** One sentence under the headline, saying what the state means for this release. */
export function releaseStateExplanation(state: ReleaseState): string {
  switch (state) {
    case 'verified':
      return 'Your browser verified every file’s provenance against Sigstore.';
    case 'failed':
      return 'At least one file has provenance that does not verify. Do not trust it.';
    case 'partial':
      return 'Some files are verified; the others have no provenance we can check.';
    case 'unsupported':
      return 'These files have provenance this version cannot check (for example an unknown publisher): treat them as unverified.';
    case 'none':
      return 'PyPI has no provenance for these files.';
    case 'error':
      return 'Some files could not be checked (network or index problem).';
    case 'pending':
      return 'Verifying provenance in your browser…';
  }
}

export function iconSrc(state: IconState): string {
  return `/icons/${state}-32.png`;
}

export function isSettled(files: readonly Pick<FileResult, 'state'>[]): boolean {
  return files.every((f) => f.state !== 'pending');
}

/** "3 of 10 files checked" (a file is checked once it has any state but pending). */
export function progressText(files: readonly Pick<FileResult, 'state'>[]): string {
  const done = files.filter((f) => f.state !== 'pending').length;
  return `${done} of ${files.length} ${files.length === 1 ? 'file' : 'files'} checked`;
}

/**
 * "1 failed · 2 verified" for a mix of states, in the vocabulary's order; "3 files" when they
 * all share one state (the headline already says which).
 */
export function stateCounts(files: readonly Pick<FileResult, 'state'>[]): string {
  const order: FileState[] = ['failed', 'verified', 'error', 'unsupported', 'none', 'pending'];
  const counts = order
    .map((state) => [state, files.filter((f) => f.state === state).length] as const)
    .filter(([, n]) => n > 0);
  if (counts.length <= 1) return `${files.length} ${files.length === 1 ? 'file' : 'files'}`;
  return counts.map(([state, n]) => `${n} ${fileStateLabel(state).toLowerCase()}`).join(' · ');
}

// Signer facts are worded once, for the popup, the page's card and the CLI alike.
export { formatTime, predicateName, refLabel, runnerLabel } from '../shared/signer-facts.js';

const pad = (n: number): string => String(n).padStart(2, '0');

/** "2025-07-15" from an ISO date, or "an unknown date". */
export function formatDay(iso: string | null | undefined): string {
  if (!iso) return 'an unknown date';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

/** The release's page on its index (https://pypi.org/project/NAME/VERSION/). */
export function projectUrl(index: string, project: string, version: string): string | undefined {
  const path = [project, version]
    .filter((s) => s !== '')
    .map(encodeURIComponent)
    .join('/');
  return safeHref(`${index}/project/${path}/`);
}

/** "pypi.org" / "test.pypi.org" for an index origin. */
export function indexHost(index: string): string {
  try {
    return new URL(index).host;
  } catch {
    return index;
  }
}
