/**
 * A signer's identity in the terms PyPI's publishers use, and how to compare and name it.
 * Pure and dependency-free: the background words identities with it, and the popup compares
 * them (through src/shared/domain.ts).
 */
import type { FileResult } from './result.js';

/** Who signed: the certificate's identity in the terms PyPI's publishers use. */
export interface Identity {
  kind: string;
  /** Repository URL (GitHub/GitLab) or service-account email (Google). */
  repository: string;
  /** Workflow path in the repository (GitHub/GitLab), '' otherwise. */
  workflow: string;
  /** Deployment environment from the certificate (OID .23), '' when absent. Not compared. */
  environment: string;
}

export function identityOf(result: FileResult): Identity | undefined {
  if (result.state !== 'verified') return undefined;
  const s = result.attestations[0]?.signer;
  if (!s) return undefined;
  return {
    kind: result.publisher.kind,
    repository: s.repositoryUrl ?? s.identity,
    workflow: s.workflowPath ?? '',
    environment: s.environment ?? result.publisher.environment ?? '',
  };
}

export function sameIdentity(a: Identity, b: Identity): boolean {
  return a.kind === b.kind && a.repository === b.repository && a.workflow === b.workflow;
}

export function describeIdentity(id: Identity): string {
  const repo = id.repository.replace(/^https:\/\/(github|gitlab)\.com\//, '');
  return [id.kind, repo, id.workflow.split('/').pop()].filter(Boolean).join(' · ');
}
