/**
 * The one wording of a release's history warnings and identity-memory alerts, for every place
 * that shows them: the popup, the page (the background sends these lines and the summary's
 * alert to the content script) and the toolbar. Pure functions, so the words are tested
 * without a page. Every line names the identities involved and the release where things
 * changed. Warnings are amber; a pin violation is stronger (red outline); neither is `failed`.
 */
import {
  describeIdentity,
  describeIdentityChange,
  sameIdentity,
  type Identity,
  type MemoryAlert,
  type ProjectMemory,
  type Warning,
} from './domain.js';
import type { AlertKind, Analysis, SummaryAlert } from './view-model.js';

export type WarningKind = Warning['kind'] | MemoryAlert['kind'];

/**
 * What to do about a file that is `unsupported` with TRUST_ROOT_OUTDATED (src/core/sigstore/
 * outdated.ts): the same sentence on the page, in the popup and on the toolbar.
 */
export const ROOT_OUTDATED_TEXT =
  "It was signed through a Sigstore authority newer than this extension's trust root: update the extension to check it.";

export interface WarningLine {
  kind: WarningKind;
  /** Short heading, e.g. "Publisher changed". */
  title: string;
  /** One sentence naming both identities and the releases. */
  text: string;
  /** `violation`: the user's pin is not met (red outline); `warning`: amber note. */
  severity: 'warning' | 'violation';
  /** For an `identity-differs` alert: the new identity the user may accept as expected. */
  accept?: Identity;
}

/** "GitHub · pypa/sampleproject · release.yml", plus its environment when it has one. */
export function identityText(id: Identity): string {
  const env = id.environment ? ` (environment ${id.environment})` : '';
  return `${describeIdentity(id)}${env}`;
}

/** Files without a verified identity, in a few words each ("x.whl (can't be checked)"). */
function unverifiedList(files: readonly { filename: string; state: string }[]): string {
  return files
    .map(
      (f) => `${f.filename} (${f.state === 'unsupported' ? "can't be checked" : 'no provenance'})`,
    )
    .join(', ');
}

export function warningLine(w: Warning): WarningLine {
  switch (w.kind) {
    case 'provenance-lost': {
      const what = w.unsupported?.length
        ? `has no provenance that can be checked (${unverifiedList(w.unsupported)})`
        : 'has no provenance';
      return {
        kind: w.kind,
        title: 'Provenance lost',
        text: `${w.version} ${what}, but ${w.lastVerified.version} was verified: signed by ${describeIdentity(w.lastVerified.identity)}.`,
        severity: 'warning',
      };
    }
    case 'publisher-changed':
      return {
        kind: w.kind,
        title: 'Publisher changed',
        text: `Publisher changed in ${w.version}: now ${describeIdentityChange(w.previous.identity, w.identity)}; ${w.previous.version} was signed by ${describeIdentity(w.previous.identity)}.`,
        severity: 'warning',
      };
    case 'root-outdated':
      return {
        kind: w.kind,
        title: 'Trust root outdated',
        text: `${w.files.join(', ')} of ${w.version} ${w.files.length === 1 ? 'has' : 'have'} provenance this extension cannot check yet. ${ROOT_OUTDATED_TEXT}`,
        severity: 'warning',
      };
    case 'partial': {
      const files = w.files.map((f) => `${f.filename} (${f.reason})`).join(', ');
      return {
        kind: w.kind,
        title: 'Partial release',
        text: `Not every file of ${w.version} comes from its publisher: ${files}.`,
        severity: 'warning',
      };
    }
  }
}

/** The release in which the user last saw `id` (from the memory), if known. */
function seenIn(memory: ProjectMemory | null, id: Identity): string | undefined {
  const entry = memory?.seen.find((s) => sameIdentity(s, id));
  return entry?.version ? entry.version : undefined;
}

export function alertLine(
  alert: MemoryAlert,
  version: string,
  memory: ProjectMemory | null,
): WarningLine {
  switch (alert.kind) {
    case 'pin-violation': {
      const text = alert.got
        ? `You pinned ${describeIdentity(alert.pinned)}, but ${version} was signed by ${describeIdentityChange(alert.pinned, alert.got)}.`
        : alert.files?.length
          ? `You pinned ${describeIdentity(alert.pinned)}, but these files of ${version} have no verified identity: ${unverifiedList(alert.files)}.`
          : `You pinned ${describeIdentity(alert.pinned)}, but ${version} has no provenance.`;
      return { kind: alert.kind, title: 'Pin violated', text, severity: 'violation' };
    }
    case 'identity-differs': {
      const where = seenIn(memory, alert.remembered);
      return {
        kind: alert.kind,
        title: 'Not the publisher you saw before',
        text: `${version} was signed by ${describeIdentityChange(alert.remembered, alert.got)}; earlier you saw ${describeIdentity(alert.remembered)}${where ? ` (in ${where})` : ''}.`,
        severity: 'warning',
        accept: alert.got,
      };
    }
    case 'provenance-missing': {
      const where = seenIn(memory, alert.remembered);
      const unsupported = alert.files?.filter((f) => f.state === 'unsupported') ?? [];
      const what = unsupported.length
        ? `has no provenance that can be checked (${unverifiedList(unsupported)})`
        : 'has no provenance';
      return {
        kind: alert.kind,
        title: 'Provenance missing',
        text: `${version} ${what}; earlier releases you saw were signed by ${describeIdentity(alert.remembered)}${where ? ` (last in ${where})` : ''}.`,
        severity: 'warning',
      };
    }
  }
}

/** Every line for a release's analysis: violations first, then history, then memory. */
export function analysisLines(
  analysis: Pick<Analysis, 'version' | 'warnings' | 'alerts' | 'memory'>,
): WarningLine[] {
  const alerts = analysis.alerts.map((a) => alertLine(a, analysis.version, analysis.memory));
  return [
    ...alerts.filter((l) => l.severity === 'violation'),
    ...analysis.warnings.map(warningLine),
    ...alerts.filter((l) => l.severity !== 'violation'),
  ];
}

/** The test contract's name for each warning and alert (product.md `data-provenance-alert`). */
const CONTRACT_KIND: Record<WarningKind, AlertKind> = {
  'provenance-lost': 'provenance-lost',
  'publisher-changed': 'publisher-changed',
  partial: 'partial',
  'pin-violation': 'pin-violated',
  // Both are trust on first use: another identity, or none, where one was seen before.
  'identity-differs': 'identity-changed',
  'provenance-missing': 'identity-changed',
  'root-outdated': 'root-outdated',
};

/** The release's alert kinds in the contract's words, each once, most serious first. */
export function alertKinds(lines: readonly Pick<WarningLine, 'kind'>[]): AlertKind[] {
  return [...new Set(lines.map((l) => CONTRACT_KIND[l.kind]))];
}

/**
 * What the summary badge says when the release has a warning: the mark itself changes (issue:
 * "a warning must change the mark, not sit under it"), in words, not only in colour. Undefined
 * when there is nothing to say.
 */
export function summaryAlert(
  analysis: Pick<Analysis, 'version' | 'warnings' | 'alerts' | 'memory'>,
): SummaryAlert | undefined {
  const lines = analysisLines(analysis);
  const first = lines[0];
  if (!first) return undefined;
  const kinds = alertKinds(lines);
  const more = lines.length > 1 ? ` (+${lines.length - 1} more)` : '';
  return {
    kinds,
    severity: first.severity,
    title: headline(analysis, first),
    detail: `${first.text}${more}`,
  };
}

function headline(analysis: Pick<Analysis, 'warnings' | 'alerts'>, line: WarningLine): string {
  switch (line.kind) {
    case 'pin-violation':
      return 'Pin violated';
    case 'publisher-changed': {
      const w = analysis.warnings.find((x) => x.kind === 'publisher-changed');
      return w?.kind === 'publisher-changed'
        ? `Verified · publisher changed since ${w.previous.version}`
        : 'Verified · publisher changed';
    }
    case 'identity-differs':
      return 'Verified · not the publisher you saw before';
    case 'provenance-lost': {
      const w = analysis.warnings.find((x) => x.kind === 'provenance-lost');
      return w?.kind === 'provenance-lost'
        ? `Provenance lost · ${w.lastVerified.version} was verified`
        : 'Provenance lost';
    }
    case 'provenance-missing':
      return 'Provenance missing · you saw a verified publisher before';
    case 'partial':
      return 'Partly verified · not every file from its publisher';
    case 'root-outdated':
      return 'Trust root outdated · update the extension to check this release';
  }
}
