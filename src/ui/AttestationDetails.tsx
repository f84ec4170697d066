import { Fragment, type ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';
import type { AttestationSummary, Publisher } from '../shared/domain.js';
import {
  NOTES_TITLE,
  predicateName,
  signerFacts,
  signerNotes,
  type FactKey,
  type SignerFact,
} from '../shared/signer-facts.js';
import { ExternalLink } from './ExternalLink.js';
import { breakable } from './breakable.js';

/** The test contract's ids (product.md) and the other links' own. */
const TEST_IDS: Partial<Record<FactKey, string>> = {
  repository: 'publisher-repository',
  workflow: 'workflow-link',
  'signing-workflow': 'signing-workflow-link',
  commit: 'commit-link',
  log: 'rekor-link',
};

/**
 * The few facts shown at once; the others wait behind "All signer details". Every test-contract
 * id (product.md: repository, workflow, commit and Rekor links) is among them, visible at once.
 */
const AT_ONCE: ReadonlySet<FactKey> = new Set([
  'repository',
  'identity',
  'workflow',
  'ref',
  'commit',
  'signed',
  'log',
]);

function Value({ fact }: { fact: SignerFact }) {
  const testId = TEST_IDS[fact.key];
  const text = fact.mono ? breakable(fact.text) : fact.text;
  if (fact.href !== undefined || testId !== undefined) {
    return (
      <ExternalLink href={fact.href} testId={testId} {...(fact.mono && { class: 'mono' })}>
        {text}
      </ExternalLink>
    );
  }
  if (fact.absent) return <span class="muted">{fact.text}</span>;
  if (fact.dateTime) return <time dateTime={fact.dateTime}>{fact.text}</time>;
  return (
    <span {...(fact.title !== undefined && { title: fact.title })} class={fact.mono ? 'mono' : ''}>
      {text}
    </span>
  );
}

function Facts({ facts }: { facts: SignerFact[] }): ComponentChildren {
  // Several log entries share one row.
  const groups: SignerFact[][] = [];
  for (const fact of facts) {
    const last = groups[groups.length - 1];
    if (last && last[0]?.key === fact.key) last.push(fact);
    else groups.push([fact]);
  }
  return groups.map((group) => (
    <Fragment key={group[0]?.key}>
      <dt>{group[0]?.label}</dt>
      <dd>
        {group.length === 1 && group[0] ? (
          <Value fact={group[0]} />
        ) : (
          <ul class="plain">
            {group.map((fact) => (
              <li key={fact.text}>
                <Value fact={fact} />
              </li>
            ))}
          </ul>
        )}
      </dd>
    </Fragment>
  ));
}

/**
 * One attestation's signer, read from its verified certificate, with links to check it: a few
 * lines at once, the rest on demand (a native disclosure, its content kept in the page). For a
 * verified file (`publisher` given) the risk notes follow: neutral notes, never failures.
 */
export function AttestationDetails(props: {
  attestation: AttestationSummary;
  position: number;
  count: number;
  /** PyPI's publisher record of a verified file: its risk notes are shown. */
  publisher?: Publisher;
}) {
  const { attestation, position, count } = props;
  const facts = signerFacts(attestation);
  const notes = signerNotes(attestation, props.publisher);
  // Unique on the page, which may show several files (the check page).
  const titleId = `attestation-${position}-${useId()}`;
  return (
    <section class="attestation" aria-labelledby={titleId}>
      <h3 id={titleId}>
        {count > 1 ? `Attestation ${position} of ${count}: ` : ''}
        {predicateName(attestation.predicateType)}
      </h3>
      <dl class="fields">
        <Facts facts={facts.filter((f) => AT_ONCE.has(f.key))} />
      </dl>
      {notes.length > 0 && (
        <div class="risk-hints">
          <h4 id={`${titleId}-notes`}>{NOTES_TITLE}</h4>
          <ul class="plain" aria-labelledby={`${titleId}-notes`}>
            {notes.map((hint) => (
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
      <details class="more" data-testid="signer-more">
        <summary>All signer details</summary>
        <dl class="fields">
          <Facts facts={facts.filter((f) => !AT_ONCE.has(f.key))} />
        </dl>
      </details>
    </section>
  );
}
