/**
 * A signer's identity in the terms PyPI's publishers use, and how to compare and name it.
 * Read only from signed certificate claims, never from the unsigned publisher object.
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
  /**
   * The repository's numeric ID (certificate OID .15: GitHub repository ID, GitLab project
   * ID). A repository deleted and re-created under the same name, e.g. after its owner's
   * account was deleted and the name taken over, has another one. Absent when the
   * certificate has none (older certificates, Google) or when the identity was remembered
   * before IDs were (see memory.ts: IDs are then learnt on the next verified visit).
   */
  repositoryId?: string;
  /** The owner's (GitHub account or GitLab namespace) numeric ID (certificate OID .17). */
  ownerId?: string;
}

/** The parts of an identity that can differ, as `identityDifferences` names them. */
export type IdentityPart = 'kind' | 'repository' | 'workflow' | 'repositoryId' | 'ownerId';

export function identityOf(result: FileResult): Identity | undefined {
  if (result.state !== 'verified') return undefined;
  const s = result.attestations[0]?.signer;
  if (!s) return undefined;
  // `kind` comes from the publisher object, but only once the certificate matched that kind's
  // policy (its issuer, repository and workflow): it is as good as signed. The environment is
  // the certificate's own (OID .23): PyPI's `publisher.environment` is not signed.
  const id: Identity = {
    kind: result.publisher.kind,
    repository: s.repositoryUrl ?? s.identity,
    workflow: s.workflowPath ?? '',
    environment: s.environment ?? '',
  };
  if (s.repositoryId) id.repositoryId = s.repositoryId;
  if (s.ownerId) id.ownerId = s.ownerId;
  return id;
}

/**
 * How two identities differ: names compared exactly; a numeric ID only when both sides know
 * it (an identity remembered before IDs were, or from a certificate without them, matches any
 * ID, so old memory raises no false alarm).
 */
export function identityDifferences(a: Identity, b: Identity): IdentityPart[] {
  return (['kind', 'repository', 'workflow', 'repositoryId', 'ownerId'] as const).filter((k) =>
    k.endsWith('Id') ? a[k] && b[k] && a[k] !== b[k] : a[k] !== b[k],
  );
}

export function sameIdentity(a: Identity, b: Identity): boolean {
  return identityDifferences(a, b).length === 0;
}

export function describeIdentity(id: Identity): string {
  const repo = id.repository.replace(/^https:\/\/(github|gitlab)\.com\//, '');
  return [id.kind, repo, id.workflow.split('/').pop()].filter(Boolean).join(' · ');
}

/**
 * What changed from `from` to `to`, in words, for messages: the new names when they differ;
 * when only the numeric IDs do, that the repository or its owner is another one although
 * every name matches.
 */
export function describeIdentityChange(from: Identity, to: Identity): string {
  const parts = identityDifferences(from, to);
  const ids = parts
    .filter((p) => p.endsWith('Id'))
    .map((p) => `${p === 'ownerId' ? 'owner' : 'repository'} ID ${from[p]} → ${to[p]}`);
  return parts.length > ids.length || ids.length === 0
    ? describeIdentity(to)
    : `${describeIdentity(to)} (same names, but ${ids.join(', ')}: deleted and re-created, possibly by someone else)`;
}
