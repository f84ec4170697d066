/**
 * The publisher timeline's rows (pure): each release's state in the product's words, its
 * identity, and whether the identity differs from the next older verified release's.
 */
import {
  describeIdentity,
  sameIdentity,
  type FileState,
  type TimelineEntry,
} from '../shared/domain.js';
import { fileStateLabel } from '../ui/format.js';

export interface TimelineRow {
  version: string;
  filename: string;
  state: FileState;
  /** "Verified", "No provenance", "FAILED"… */
  label: string;
  /** "GitHub · pypa/sampleproject · release.yml" for a verified release, else ''. */
  identity: string;
  /** Deployment environment of a verified release, '' when none. */
  environment: string;
  /** Why a release is not verified (its reason code), '' otherwise. */
  code: string;
  /** The verified identity differs from the next older verified release's. */
  changed: boolean;
}

export function timelineRows(entries: readonly TimelineEntry[]): TimelineRow[] {
  return entries.map((entry, i) => {
    const { result, identity } = entry;
    const older = entries.slice(i + 1).find((e) => e.identity !== undefined)?.identity;
    return {
      version: entry.version,
      filename: entry.filename,
      state: result.state,
      label: fileStateLabel(result.state),
      identity: identity ? describeIdentity(identity) : '',
      environment: identity?.environment ?? '',
      code:
        result.state === 'verified' || result.state === 'pending' || result.state === 'none'
          ? ''
          : result.code,
      changed: identity !== undefined && older !== undefined && !sameIdentity(identity, older),
    };
  });
}
