/**
 * PyPI publisher objects as PEP 751 lockers record them under `attestation-identities`
 * (pylock.toml spec: "Publisher-specific keys are to be included in the table as-is"), to and
 * from the identities read from verified certificates. Dependency-free (the popup's install
 * text uses it without bundling valibot; memory-export.ts re-exports it).
 */
import type { Identity } from './history.js';

/**
 * The numeric IDs of the repository and its owner (certificate OIDs .15 and .17), named as
 * GitHub's OIDC token names the claims. Not part of PyPI's publisher object: extra keys an
 * `attestation-identities` reader ignores, which this importer reads back.
 */
interface Ids {
  repository_id?: string;
  repository_owner_id?: string;
}

/** PEP 751 `attestation-identities` entry (PyPI publisher object fields). */
export type AttestationIdentity =
  | ({ kind: 'GitHub'; repository: string; workflow: string; environment?: string } & Ids)
  | ({
      kind: 'GitLab';
      repository: string;
      workflow_filepath: string;
      environment?: string;
    } & Ids)
  | { kind: 'Google'; email: string }
  | { kind: string; [k: string]: string };

export function toAttestationIdentity(id: Identity): AttestationIdentity {
  const env = id.environment ? { environment: id.environment } : {};
  const ids: Ids = {
    ...(id.repositoryId && { repository_id: id.repositoryId }),
    ...(id.ownerId && { repository_owner_id: id.ownerId }),
  };
  if (id.kind === 'GitHub') {
    return {
      kind: 'GitHub',
      repository: id.repository.replace(/^https:\/\/github\.com\//, ''),
      workflow: id.workflow.split('/').pop() ?? id.workflow,
      ...env,
      ...ids,
    };
  }
  if (id.kind === 'GitLab') {
    return {
      kind: 'GitLab',
      repository: id.repository.replace(/^https:\/\/gitlab\.com\//, ''),
      workflow_filepath: id.workflow,
      ...env,
      ...ids,
    };
  }
  if (id.kind === 'Google') return { kind: 'Google', email: id.repository };
  return { kind: id.kind, repository: id.repository, workflow: id.workflow };
}

export function fromAttestationIdentity(a: AttestationIdentity): Identity {
  const s = (k: string): string => {
    const value = (a as Record<string, unknown>)[k];
    return typeof value === 'string' ? value : '';
  };
  const ids = {
    ...(s('repository_id') && { repositoryId: s('repository_id') }),
    ...(s('repository_owner_id') && { ownerId: s('repository_owner_id') }),
  };
  switch (a.kind) {
    case 'GitHub':
      return {
        kind: 'GitHub',
        repository: `https://github.com/${s('repository')}`,
        workflow: `.github/workflows/${s('workflow')}`,
        environment: s('environment'),
        ...ids,
      };
    case 'GitLab':
      return {
        kind: 'GitLab',
        repository: `https://gitlab.com/${s('repository')}`,
        workflow: s('workflow_filepath'),
        environment: s('environment'),
        ...ids,
      };
    case 'Google':
      return { kind: 'Google', repository: s('email'), workflow: '', environment: '' };
    default:
      return {
        kind: a.kind,
        repository: s('repository'),
        workflow: s('workflow'),
        environment: '',
      };
  }
}
