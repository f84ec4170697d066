/**
 * PyPI publisher objects as PEP 751 lockers record them under `attestation-identities`
 * (pylock.toml spec: "Publisher-specific keys are to be included in the table as-is"), to and
 * from the identities read from verified certificates. Pure and dependency-free (the popup's
 * install text uses it; memory-export.ts re-exports it).
 */
import type { Identity } from './history.js';

/** PEP 751 `attestation-identities` entry (PyPI publisher object fields). */
export type AttestationIdentity =
  | { kind: 'GitHub'; repository: string; workflow: string; environment?: string }
  | { kind: 'GitLab'; repository: string; workflow_filepath: string; environment?: string }
  | { kind: 'Google'; email: string }
  | { kind: string; [k: string]: string };

export function toAttestationIdentity(id: Identity): AttestationIdentity {
  const env = id.environment ? { environment: id.environment } : {};
  if (id.kind === 'GitHub') {
    return {
      kind: 'GitHub',
      repository: id.repository.replace(/^https:\/\/github\.com\//, ''),
      workflow: id.workflow.split('/').pop() ?? id.workflow,
      ...env,
    };
  }
  if (id.kind === 'GitLab') {
    return {
      kind: 'GitLab',
      repository: id.repository.replace(/^https:\/\/gitlab\.com\//, ''),
      workflow_filepath: id.workflow,
      ...env,
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
  switch (a.kind) {
    case 'GitHub':
      return {
        kind: 'GitHub',
        repository: `https://github.com/${s('repository')}`,
        workflow: `.github/workflows/${s('workflow')}`,
        environment: s('environment'),
      };
    case 'GitLab':
      return {
        kind: 'GitLab',
        repository: `https://gitlab.com/${s('repository')}`,
        workflow: s('workflow_filepath'),
        environment: s('environment'),
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
