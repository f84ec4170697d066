import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';
import { riskHints, type AttestationSummary, type Publisher } from '../shared/domain.js';
import {
  commitUrl,
  parseRepository,
  rekorLinkText,
  runLabel,
  shortSha,
  signingWorkflowLabel,
  workflowUrl,
} from '../shared/signer.js';
import { ExternalLink } from './ExternalLink.js';
import { formatTime, predicateName, refLabel, runnerLabel } from './format.js';

function Row({ term, children }: { term: string; children: ComponentChildren }) {
  return (
    <>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </>
  );
}

/**
 * One attestation's signer, read from its verified certificate, with links to check it. For a
 * verified file (`publisher` given) the risk hints follow the signer: neutral notes, never
 * failures.
 */
export function AttestationDetails(props: {
  attestation: AttestationSummary;
  position: number;
  count: number;
  /** PyPI's publisher record of a verified file: its risk hints are shown. */
  publisher?: Publisher;
}) {
  const { attestation, position, count } = props;
  const { signer } = attestation;
  const hints = props.publisher ? riskHints(attestation, props.publisher) : [];
  const signing = signingWorkflowLabel(signer);
  const repo = parseRepository(signer.repositoryUrl);
  // Unique on the page, which may show several files (the check page).
  const titleId = `attestation-${position}-${useId()}`;
  return (
    <section class="attestation" aria-labelledby={titleId}>
      <h3 id={titleId}>
        {count > 1 ? `Attestation ${position} of ${count}: ` : ''}
        {predicateName(attestation.predicateType)}
      </h3>
      <dl class="fields">
        {signer.repositoryUrl && (
          <Row term="Repository">
            <ExternalLink href={signer.repositoryUrl} testId="publisher-repository">
              {repo?.name ?? signer.repositoryUrl}
            </ExternalLink>
          </Row>
        )}
        {!signer.repositoryUrl && signer.identity && (
          <Row term="Identity">
            <span class="mono">{signer.identity}</span>
          </Row>
        )}
        {signer.workflowPath && (
          <Row term="Workflow">
            <ExternalLink href={workflowUrl(signer)} testId="workflow-link" class="mono">
              {signer.workflowPath}
            </ExternalLink>
          </Row>
        )}
        {signing && (
          <Row term="Signed by">
            <ExternalLink href={signing.href} testId="signing-workflow-link" class="mono">
              {signing.text}
            </ExternalLink>
          </Row>
        )}
        {signer.commit && (
          <Row term="Commit">
            <ExternalLink href={commitUrl(signer)} testId="commit-link" class="mono">
              {shortSha(signer.commit)}
            </ExternalLink>
          </Row>
        )}
        {signer.ref && (
          <Row term="Ref">
            <span title={signer.ref}>{refLabel(signer.ref)}</span>
          </Row>
        )}
        {signer.trigger && <Row term="Trigger">{signer.trigger}</Row>}
        <Row term="Environment">{signer.environment ?? <span class="muted">none</span>}</Row>
        {signer.runner && <Row term="Runner">{runnerLabel(signer.runner)}</Row>}
        {signer.runUrl && (
          <Row term="Build log">
            <ExternalLink href={signer.runUrl}>{runLabel(signer.runUrl)}</ExternalLink>
          </Row>
        )}
        {attestation.signedAt && (
          <Row term="Signed">
            <time dateTime={attestation.signedAt}>{formatTime(attestation.signedAt)}</time>
          </Row>
        )}
        <Row term="Predicate">
          <span title={attestation.predicateType}>{predicateName(attestation.predicateType)}</span>
        </Row>
        {signer.issuer && <Row term="Issuer">{signer.issuer}</Row>}
        {signer.repositoryVisibility && <Row term="Visibility">{signer.repositoryVisibility}</Row>}
        <Row term="Log">
          {attestation.tlogEntries.length === 0 ? (
            <span class="muted">no entry</span>
          ) : (
            <ul class="plain">
              {attestation.tlogEntries.map((entry) => (
                <li key={`${entry.logUrl} ${entry.logIndex}`}>
                  <ExternalLink href={entry.entryUrl} testId="rekor-link">
                    {rekorLinkText(entry)}
                  </ExternalLink>
                </li>
              ))}
            </ul>
          )}
        </Row>
      </dl>
      {hints.length > 0 && (
        <div class="risk-hints">
          <h4 id={`${titleId}-notes`}>Notes on how it was built</h4>
          <ul class="plain" aria-labelledby={`${titleId}-notes`}>
            {hints.map((hint) => (
              <li key={hint.code} class="risk-hint" data-testid="risk-hint" data-code={hint.code}>
                <span class="risk-hint-icon" aria-hidden="true">
                  i
                </span>{' '}
                {hint.message}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
