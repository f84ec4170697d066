/**
 * The one wording of a signer's facts, read from a verified certificate: the popup
 * (src/ui/AttestationDetails.tsx), the page's details card (worded in the background,
 * src/background/describe.ts, so the content script only renders text) and the CLI
 * (src/cli/format.ts) all show these rows, in this order, with these labels and words
 * ("branch main", "GitHub-hosted", "PyPI publish v1", dates in UTC).
 */
import { riskHints, type AttestationSummary, type Publisher } from './domain.js';
import { safeHref } from './links.js';
import {
  commitUrl,
  rekorLinkText,
  repositoryName,
  runLabel,
  shortSha,
  signingWorkflowLabel,
  workflowUrl,
} from './signer.js';

/** Which fact a row is: lets a page give it its own test id or look. */
export type FactKey =
  | 'repository'
  | 'identity'
  | 'workflow'
  | 'signing-workflow'
  | 'commit'
  | 'ref'
  | 'trigger'
  | 'environment'
  | 'runner'
  | 'build-log'
  | 'signed'
  | 'predicate'
  | 'issuer'
  | 'visibility'
  | 'log';

export interface SignerFact {
  key: FactKey;
  label: string;
  text: string;
  /** An allow-listed https link (safeHref), when the fact has one. */
  href?: string;
  /** The raw value when `text` words it (e.g. the full ref or predicate URI). */
  title?: string;
  /** Shown as code (paths, hashes, identities). */
  mono?: boolean;
  /** The value is absent ("none"): shown muted. */
  absent?: boolean;
  /** When the fact is a date: its ISO form. */
  dateTime?: string;
}

const PREDICATES: Record<string, string> = {
  'https://docs.pypi.org/attestations/publish/v1': 'PyPI publish v1',
  'https://slsa.dev/provenance/v1': 'SLSA provenance v1',
};

/** A human name for a known in-toto predicate type; the raw URI otherwise. */
export function predicateName(predicateType: string): string {
  return PREDICATES[predicateType] ?? predicateType;
}

/** "tag v1.2.0" / "branch main" for a git ref; the ref itself otherwise. */
export function refLabel(ref: string): string {
  if (ref.startsWith('refs/tags/')) return `tag ${ref.slice('refs/tags/'.length)}`;
  if (ref.startsWith('refs/heads/')) return `branch ${ref.slice('refs/heads/'.length)}`;
  return ref;
}

/** "GitHub-hosted" / "Self-hosted"; another runner environment as it is. */
export function runnerLabel(runner: string): string {
  if (runner === 'github-hosted') return 'GitHub-hosted';
  if (runner === 'self-hosted') return 'Self-hosted';
  return runner;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** "2024-11-06 22:37:07 UTC": unambiguous and the same on every machine. */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return (
    `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} UTC`
  );
}

function fact(
  key: FactKey,
  label: string,
  text: string | undefined,
  extra: Omit<SignerFact, 'key' | 'label' | 'text'> = {},
): SignerFact[] {
  if (text === undefined || text === '') return [];
  const href = safeHref(extra.href);
  const { href: _drop, ...rest } = extra;
  return [{ key, label, text, ...rest, ...(href !== undefined && { href }) }];
}

/** One attestation's signer facts, in the order every view shows them. */
export function signerFacts(a: AttestationSummary): SignerFact[] {
  const s = a.signer;
  const signing = signingWorkflowLabel(s);
  return [
    ...(s.repositoryUrl
      ? fact('repository', 'Repository', repositoryName(s) ?? s.repositoryUrl, {
          href: s.repositoryUrl,
        })
      : fact('identity', 'Identity', s.identity, { mono: true })),
    ...fact('workflow', 'Workflow', s.workflowPath, { href: workflowUrl(s), mono: true }),
    ...fact('signing-workflow', 'Signed by', signing?.text, { href: signing?.href, mono: true }),
    ...fact('commit', 'Commit', s.commit && shortSha(s.commit), {
      href: commitUrl(s),
      mono: true,
      ...(s.commit && { title: s.commit }),
    }),
    ...fact('ref', 'Ref', s.ref && refLabel(s.ref), s.ref ? { title: s.ref } : {}),
    ...fact('trigger', 'Trigger', s.trigger),
    ...(s.environment
      ? fact('environment', 'Environment', s.environment)
      : fact('environment', 'Environment', 'none', { absent: true })),
    ...fact('runner', 'Runner', s.runner && runnerLabel(s.runner)),
    ...fact('build-log', 'Build log', s.runUrl && runLabel(s.runUrl), { href: s.runUrl }),
    ...fact('signed', 'Signed', a.signedAt && formatTime(a.signedAt), {
      ...(a.signedAt && { dateTime: a.signedAt }),
    }),
    ...fact('predicate', 'Predicate', predicateName(a.predicateType), {
      title: a.predicateType,
    }),
    ...fact('issuer', 'Issuer', s.issuer, { mono: true }),
    ...fact('visibility', 'Visibility', s.repositoryVisibility),
    ...(a.tlogEntries.length === 0
      ? fact('log', 'Transparency log', 'no entry', { absent: true })
      : a.tlogEntries.flatMap((e) =>
          fact('log', 'Transparency log', rekorLinkText(e), { href: e.entryUrl }),
        )),
  ];
}

/** The heading of the risk notes, the same in the popup, the card and the CLI. */
export const NOTES_TITLE = 'Notes on how it was built';

/**
 * Neutral notes on how a verified file was built (src/core/risk.ts), never failures: only
 * for a verified file, whose publisher is given.
 */
export function signerNotes(
  a: AttestationSummary,
  publisher: Publisher | undefined,
): { code: string; message: string }[] {
  return publisher ? riskHints(a, publisher) : [];
}
