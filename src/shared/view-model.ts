/**
 * What the background tells the popup, options page and content script: the view models that
 * cross the message protocol (src/shared/messages.ts) as responses. Data only; the background
 * words them (src/background/describe.ts), the pages render them as text.
 */
import type {
  FileResult,
  Identity,
  ListedDigest,
  MemoryAlert,
  ProjectMemory,
  ReleaseResult,
  TimelineEntry,
  TufMetadata,
  TufRefresh,
  Warning,
} from './domain.js';

/** The Sigstore trust root: the one bundled at build time, and an optional refresh. */
export interface TrustInfo {
  /** When the build took the root from @sigstore/tuf (build time). */
  takenAt: string;
  source: string;
  sha256: string;
  /** The bundled root's own date: the validity start of its newest key. */
  newestKeyDate: string | null;
  tufRootVersion: number | null;
  tufRootExpires: string | null;
  /**
   * From when a newer Sigstore root is being published: the bundled TUF root's expiry less
   * its tuf-on-ci signing period (scripts/build-trust-root.js). Past it, a newer root exists.
   */
  newerRootDueAt: string | null;
  /** The optional daily refresh over Sigstore's TUF repository (options page). */
  refresh?: TrustRefreshInfo;
}

/** The refresh of the trust root over TUF: on or off, and what it brought. */
export interface TrustRefreshInfo {
  enabled: boolean;
  /** The last attempt (ISO), successful or not. */
  lastAttemptAt?: string;
  /** Why the last attempt failed; the roots in force stay as they were. */
  lastError?: string;
  /** When the refreshed root in force was verified (ISO), if there is one. */
  refreshedAt?: string;
  /** Keys and CAs the refreshed root adds to the bundled one (which it never removes). */
  addedKeys?: number;
  /** The newest key of the root in force (bundled plus refreshed). */
  newestKeyDate?: string | null;
  /** The verified TUF root of that refresh. */
  tufRootVersion?: number;
  tufRootExpires?: string;
  newerRootDueAt?: string | null;
}

/** What a page's TUF client needs to refresh the trust root (getTrustRefresh). */
export interface TrustRefreshState {
  enabled: boolean;
  /** When the last refresh was attempted (ms since the epoch). */
  lastAttemptAt?: number;
  /** What the last refresh verified: a newer TUF root, and the versions not to go back from. */
  previous?: { metadata: TufMetadata; trustedRoot: string };
}

/** What a page's TUF client verified, handed to the background (setTrustRefresh). */
export type VerifiedTrustRefresh = TufRefresh;

/** The publisher timeline of a project: one file per release, newest first. */
export interface Timeline {
  entries: TimelineEntry[];
  /** Releases the project has in all. */
  releases: number;
  hasMore: boolean;
  /**
   * Set when the project has too many releases to keep them all: only its newest `newest`
   * releases are in the timeline (and checked), older ones are not shown.
   */
  newest?: number;
  error?: { code: string; message: string };
}

/** A release against its history and against what the user saw before. */
export interface Analysis {
  version: string;
  warnings: Warning[];
  alerts: MemoryAlert[];
  /** The release's verified identity, if any (what "Pin" would pin). */
  identity?: Identity;
  memory: ProjectMemory | null;
  historyError?: { code: string; message: string };
  /** Violations, warnings, then alerts, one worded line each (what the content script shows). */
  lines?: { kind: string; text: string }[];
  /** How the summary badge changes when there is a warning (src/shared/warnings.ts). */
  alert?: SummaryAlert;
}

/**
 * The test contract's warning kinds (product.md, `data-provenance-alert` on the summary host):
 * history warnings, memory alerts, and a trust root too old for the release.
 */
export type AlertKind =
  | 'provenance-lost'
  | 'publisher-changed'
  | 'partial'
  | 'pin-violated'
  | 'identity-changed'
  | 'root-outdated';

/** The summary badge of a release with a warning: its own words and look, not a note below. */
export interface SummaryAlert {
  /** Every kind the release has, most serious first. */
  kinds: AlertKind[];
  /** `violation` (a pin): red; `warning`: amber. */
  severity: 'warning' | 'violation';
  /** Replaces the state's headline, e.g. "Verified · publisher changed since 1.0". */
  title: string;
  detail: string;
}

/** What the background knows about the release shown in one tab. */
export interface TabState {
  index: string;
  project: string;
  /** Empty until the release is listed. */
  version: string;
  state: ReleaseResult['state'];
  files: FileResult[];
  error?: ReleaseResult['error'];
  /** Date.now() of the last update. */
  updatedAt: number;
  /** The project page's URL without its fragment (when a content script reported it). */
  pageUrl?: string;
  /** Warnings and memory alerts, once the release's files are checked. */
  analysis?: Analysis;
}

/** A label/text row of a details card; `href` is an allow-listed https link (links.ts). */
export interface CardRow {
  label: string;
  text: string;
  href?: string;
}

/**
 * What the content script shows for a file, worded by the background (describe.ts) so that
 * the script injected into PyPI pages stays small: it renders these as text only.
 */
export interface FileView {
  /** The file badge's tooltip and screen-reader label. */
  description: string;
  /** "owner/repo · workflow.yml" per verified attestation (the summary names a common one). */
  signers: string[];
  /** The details card: a title, paragraphs, then each attestation's signer rows. */
  card: { title: string; text: string[]; details: CardRow[][] };
}

/** A file's result as sent to a content script that asked for views. */
export type ViewedResult = FileResult & { view?: FileView };

/** A release as the JSON API lists it (digests stay in the background). */
export interface ReleaseListing {
  index: string;
  project: string;
  version: string;
  files: { filename: string }[];
  /** Results already cached (no request was made for them): a revisit needs no more. */
  known?: ViewedResult[];
}

/** A file of a release as the index lists it: its digest and where it is served. */
export interface ReleaseDownload {
  filename: string;
  sha256: string;
  url?: string;
  size?: number;
  uploadTime?: string;
}

/**
 * A local distribution file checked against its provenance (the check page): verified against
 * the file's own sha256, with what the index lists for the same filename beside it.
 */
export interface DistributionCheck {
  index: string;
  /** The release the filename names, as the index spells it when it lists it. */
  project: string;
  version: string;
  filename: string;
  /** The file's own sha256, computed where the file is: what the provenance was checked against. */
  sha256: string;
  result: FileResult;
  /** The index's entry for this filename (its digest, if any) beside the file's own. */
  listed: ListedDigest;
}
