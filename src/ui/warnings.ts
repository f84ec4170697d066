/**
 * What the popup says about a release's history warnings and identity-memory alerts (issue 4),
 * and how it and the options page name an identity: pure functions, so the words are tested
 * without a page. Every line names the identities involved and the release where things
 * changed. Warnings are informational (amber); a pin violation is stronger, but neither is the
 * `failed` state.
 */
import {
  describeIdentity,
  sameIdentity,
  type Identity,
  type MemoryAlert,
  type ProjectMemory,
  type Warning,
} from '../shared/domain.js';
import type { Analysis } from '../shared/view-model.js';

export type WarningKind = Warning['kind'] | MemoryAlert['kind'];

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

export function warningLine(w: Warning): WarningLine {
  switch (w.kind) {
    case 'provenance-lost':
      return {
        kind: w.kind,
        title: 'Provenance lost',
        text: `${w.version} has no provenance, but ${w.lastVerified.version} was verified: signed by ${describeIdentity(w.lastVerified.identity)}.`,
        severity: 'warning',
      };
    case 'publisher-changed':
      return {
        kind: w.kind,
        title: 'Publisher changed',
        text: `Publisher changed in ${w.version}: now ${describeIdentity(w.identity)}; ${w.previous.version} was signed by ${describeIdentity(w.previous.identity)}.`,
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
    case 'pin-violation':
      return {
        kind: alert.kind,
        title: 'Pin violated',
        text: alert.got
          ? `You pinned ${describeIdentity(alert.pinned)}, but ${version} was signed by ${describeIdentity(alert.got)}.`
          : `You pinned ${describeIdentity(alert.pinned)}, but ${version} has no provenance.`,
        severity: 'violation',
      };
    case 'identity-differs': {
      const where = seenIn(memory, alert.remembered);
      return {
        kind: alert.kind,
        title: 'Not the publisher you saw before',
        text: `${version} was signed by ${describeIdentity(alert.got)}; earlier you saw ${describeIdentity(alert.remembered)}${where ? ` (in ${where})` : ''}.`,
        severity: 'warning',
        accept: alert.got,
      };
    }
    case 'provenance-missing': {
      const where = seenIn(memory, alert.remembered);
      return {
        kind: alert.kind,
        title: 'Provenance missing',
        text: `${version} has no provenance; earlier releases you saw were signed by ${describeIdentity(alert.remembered)}${where ? ` (last in ${where})` : ''}.`,
        severity: 'warning',
      };
    }
  }
}

/** Every line for a release's analysis: violations first, then history, then memory. */
export function analysisLines(analysis: Analysis): WarningLine[] {
  const alerts = analysis.alerts.map((a) => alertLine(a, analysis.version, analysis.memory));
  const lines = [
    ...alerts.filter((l) => l.severity === 'violation'),
    ...analysis.warnings.map(warningLine),
    ...alerts.filter((l) => l.severity !== 'violation'),
  ];
  return lines;
}
