/**
 * Links and commands about a verified signer, built from certificate claims (warehouse
 * packaging/views.py; verification-spec.md §4 "Extra links"). Every URL still goes through
 * safeHref before it is rendered.
 */
import type { SignerDetails } from '../core/result.js';

function forge(repositoryUrl: string | undefined): 'github' | 'gitlab' | undefined {
  if (repositoryUrl?.startsWith('https://github.com/')) return 'github';
  if (repositoryUrl?.startsWith('https://gitlab.com/')) return 'gitlab';
  return undefined;
}

/** The repository as "owner/name" (or a GitLab namespace path). */
export function repositoryName(signer: SignerDetails): string | undefined {
  const url = signer.repositoryUrl;
  if (!url) return undefined;
  return url.replace(/^https:\/\/(github|gitlab)\.com\//, '');
}

/** The workflow file at the signing commit. */
export function workflowUrl(signer: SignerDetails): string | undefined {
  const { repositoryUrl, commit, workflowPath } = signer;
  if (!repositoryUrl || !commit || !workflowPath) return undefined;
  switch (forge(repositoryUrl)) {
    case 'github':
      return `${repositoryUrl}/blob/${commit}/${workflowPath}`;
    case 'gitlab':
      return `${repositoryUrl}/-/blob/${commit}/${workflowPath}`;
    default:
      return undefined;
  }
}

/** The signing commit. */
export function commitUrl(signer: SignerDetails): string | undefined {
  const { repositoryUrl, commit } = signer;
  if (!repositoryUrl || !commit) return undefined;
  switch (forge(repositoryUrl)) {
    case 'github':
      return `${repositoryUrl}/commit/${commit}`;
    case 'gitlab':
      return `${repositoryUrl}/-/commit/${commit}`;
    default:
      return undefined;
  }
}

/** The workflow file's name, e.g. release.yml. */
export function workflowName(signer: SignerDetails): string | undefined {
  return signer.workflowPath?.split('/').pop();
}

export function shortSha(sha: string | undefined): string | undefined {
  return sha && /^[0-9a-f]{40,64}$/.test(sha) ? sha.slice(0, 7) : sha;
}

/** The equivalent pypi-attestations command line. */
export function verifyCommand(filename: string, signer: SignerDetails | undefined): string {
  const repo = signer?.repositoryUrl;
  return repo
    ? `pypi-attestations verify pypi --repository ${repo} pypi:${filename}`
    : `pypi-attestations verify pypi pypi:${filename}`;
}
