/**
 * Neutral notes about how a verified file was built, read from its certificate. None of them
 * is a failure: they are facts a reviewer may want to weigh (issue: "Risk hints").
 */
import type { AttestationSummary, Publisher } from './result.js';

export type RiskHintCode =
  | 'BRANCH_REF'
  | 'PRIVILEGED_TRIGGER'
  | 'SELF_HOSTED_RUNNER'
  | 'NO_ENVIRONMENT'
  | 'OTHER_SIGNING_WORKFLOW';

export interface RiskHint {
  code: RiskHintCode;
  message: string;
}

const PRIVILEGED_TRIGGERS = new Set(['pull_request_target', 'workflow_run']);

/** The workflow file named by a GitHub workflow identity URI (`…/.github/workflows/x.yml@ref`). */
function workflowFile(uri: string | undefined): string | undefined {
  const m = /\/\.github\/workflows\/([^@/]+)@/.exec(uri ?? '');
  return m?.[1];
}

export function riskHints(
  attestation: AttestationSummary,
  publisher: Publisher | undefined,
): RiskHint[] {
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
  const environment = s.environment ?? publisher?.environment ?? '';
  if (s.repositoryUrl && environment === '') {
    hints.push({
      code: 'NO_ENVIRONMENT',
      message:
        'Published without a deployment environment (no required reviewers or protection rules).',
    });
  }
  // The signing identity (SAN, the job's workflow) differs from the workflow PyPI trusts when
  // a reusable workflow did the signing.
  const signing = workflowFile(s.identity);
  const trusted = publisher?.workflow;
  if (signing && trusted && signing !== trusted) {
    hints.push({
      code: 'OTHER_SIGNING_WORKFLOW',
      message: `Signed by the workflow ${signing}, called from ${trusted} (the workflow PyPI trusts).`,
    });
  }
  return hints;
}
