/**
 * A signer's identity in the terms PyPI's publishers use, and how to compare and name it.
 * Read only from signed certificate claims, never from the unsigned publisher object.
 * Dependency-free: the content script imports it.
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
  const parts: IdentityPart[] = [];
  if (a.kind !== b.kind) parts.push('kind');
  if (a.repository !== b.repository) parts.push('repository');
  if (a.workflow !== b.workflow) parts.push('workflow');
  if (a.repositoryId && b.repositoryId && a.repositoryId !== b.repositoryId) {
    parts.push('repositoryId');
  }
  if (a.ownerId && b.ownerId && a.ownerId !== b.ownerId) parts.push('ownerId');
  return parts;
}

export function sameIdentity(a: Identity, b: Identity): boolean {
  return identityDifferences(a, b).length === 0;
}

export function describeIdentity(id: Identity): string {
  const repo = id.repository.replace(/^https:\/\/(github|gitlab)\.com\//, '');
  return [id.kind, repo, id.workflow.split('/').pop()].filter(Boolean).join(' · ');
}

/**
 * What changed from `from` to `to`, in words, for messages: the names when they differ, and
 * when only the numeric IDs do, that the repository or its owner is not the same one although
 * every name matches.
 */
export function describeIdentityChange(from: Identity, to: Identity): string {
  const parts = identityDifferences(from, to);
  const names = parts.filter((p) => p === 'kind' || p === 'repository' || p === 'workflow');
  if (names.length > 0) return `${describeIdentity(from)} → ${describeIdentity(to)}`;
  const ids: string[] = [];
  if (parts.includes('repositoryId')) {
    ids.push(`repository ID ${from.repositoryId ?? '?'} → ${to.repositoryId ?? '?'}`);
  }
  if (parts.includes('ownerId')) {
    ids.push(`owner ID ${from.ownerId ?? '?'} → ${to.ownerId ?? '?'}`);
  }
  if (ids.length === 0) return describeIdentity(to);
  return `${describeIdentity(to)}, same names but ${ids.join(', ')}: the repository or its owner was deleted and re-created, possibly by someone else`;
}
