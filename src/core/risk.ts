/**
 * Neutral notes about how a verified file was built, read from its certificate. None of them
 * is a failure: they are facts a reviewer may want to weigh (issue: "Risk hints"). Only
 * signed certificate claims are read, never PyPI's unsigned publisher object: a publisher
 * claiming an environment or a workflow must not silence a note.
 */
import type { AttestationSummary, Publisher, SignerDetails } from './result.js';

export type RiskHintCode =
  | 'BRANCH_REF'
  | 'PRIVILEGED_TRIGGER'
  | 'SELF_HOSTED_RUNNER'
  | 'NO_ENVIRONMENT'
  | 'OTHER_SIGNING_WORKFLOW'
  | 'OTHER_REPOSITORY_WORKFLOW';

export interface RiskHint {
  code: RiskHintCode;
  message: string;
}

const PRIVILEGED_TRIGGERS = new Set(['pull_request_target', 'workflow_run']);

const short = (url: string): string => url.replace(/^https:\/\/(github|gitlab)\.com\//, '');

/**
 * The workflow that actually signed (Build Signer URI, OID .9), when it is not the top-level
 * workflow PyPI's publisher names (Build Config URI, OID .18): a reusable workflow. Compared
 * by full repository URL and path, never by file name. `otherRepository` when it lives in
 * another repository than the one that was built.
 */
export function signingWorkflow(
  s: SignerDetails,
): { repositoryUrl: string; path: string; ref?: string; otherRepository: boolean } | undefined {
  if (!s.signerRepositoryUrl || !s.signerWorkflowPath) return undefined;
  const configRepository = s.repositoryUrl;
  const configPath = s.workflowPath;
  if (s.signerRepositoryUrl === configRepository && s.signerWorkflowPath === configPath) {
    return undefined;
  }
  return {
    repositoryUrl: s.signerRepositoryUrl,
    path: s.signerWorkflowPath,
    ...(s.signerRef !== undefined && { ref: s.signerRef }),
    otherRepository: s.signerRepositoryUrl !== configRepository,
  };
}

/** Risk notes for one verified attestation. `_publisher` is ignored (it is not signed). */
export function riskHints(attestation: AttestationSummary, _publisher?: Publisher): RiskHint[] {
  const s = attestation.signer;
  const hints: RiskHint[] = [];
  if (s.ref?.startsWith('refs/heads/')) {
    hints.push({
      code: 'BRANCH_REF',
      message: `Built from the branch ${s.ref.slice('refs/heads/'.length)}, not from a tag.`,
    });
  }
  if (s.trigger && PRIVILEGED_TRIGGERS.has(s.trigger)) {
    hints.push({
      code: 'PRIVILEGED_TRIGGER',
      message: `Triggered by ${s.trigger}, which runs with the repository's privileges and can be reached from outside contributions.`,
    });
  }
  if (s.runner === 'self-hosted') {
    hints.push({
      code: 'SELF_HOSTED_RUNNER',
      message: 'Built on a self-hosted runner, not one run by GitHub.',
    });
  }
  // The certificate's Deployment Environment (OID .23) only: certificates from before Fulcio
  // recorded it get this note too, as nothing signed says an environment was used.
  if (s.repositoryUrl && !s.environment) {
    hints.push({
      code: 'NO_ENVIRONMENT',
      message:
        'The signing certificate names no deployment environment (no required reviewers or protection rules are proven).',
    });
  }
  const signer = signingWorkflow(s);
  if (signer) {
    const where = `${short(signer.repositoryUrl)}/${signer.path}${signer.ref ? `@${signer.ref}` : ''}`;
    const trusted = s.workflowPath ?? 'the workflow PyPI trusts';
    hints.push(
      signer.otherRepository
        ? {
            code: 'OTHER_REPOSITORY_WORKFLOW',
            message: `Signed by the reusable workflow ${where}, from another repository than ${short(s.repositoryUrl ?? '')}: whoever controls it controls what is built and signed. Called from ${trusted} (the workflow PyPI trusts).`,
          }
        : {
            code: 'OTHER_SIGNING_WORKFLOW',
            message: `Signed by the workflow ${where}, called from ${trusted} (the workflow PyPI trusts).`,
          },
    );
  }
  return hints;
}
