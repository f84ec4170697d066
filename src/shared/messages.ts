/**
 * The one message protocol between the extension's contexts. Every entry is a function type
 * from request to response; the background registers one handler per entry. Errors cross the
 * boundary as data ({ok:false, error:{code,message}}), never as thrown objects.
 *
 * A small hand-written layer rather than a messaging library: the content script must stay
 * tiny (≤ 15 kB), and libraries here pull in webextension-polyfill.
 */
import type { Identity, TimelineEntry, Warning } from '../core/history.js';
import type { MemoryAlert, MemoryKey, ProjectMemory } from '../core/memory.js';
import type { FileResult, ReleaseResult } from '../core/result.js';

export interface TrustInfo {
  /** When the root was taken from @sigstore/tuf (build time). */
  takenAt: string;
  source: string;
  sha256: string;
  newestKeyDate: string | null;
  tufRootVersion: number | null;
  tufRootExpires: string | null;
}

/** The publisher timeline of a project: one file per release, newest first. */
export interface Timeline {
  entries: TimelineEntry[];
  /** Releases the project has in all. */
  releases: number;
  hasMore: boolean;
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
  /** Warnings then alerts, one worded line each (what the content script shows). */
  lines?: { kind: string; text: string }[];
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

export interface Protocol {
  /** content → background: list a release's files (JSON API); opens the tab's state. */
  listRelease(req: {
    index: string;
    project: string;
    version?: string;
    force?: boolean;
    /** The tab this release belongs to, when the sender is not that tab (popup). */
    tabId?: number;
    /** Add each known result's `view` (content script). */
    views?: boolean;
  }): ReleaseListing;
  /**
   * content → background: check one listed file (provenance + verification, cached). The
   * sha256 comes from the background's own listing, never from the page.
   */
  checkFile(req: {
    index: string;
    project: string;
    version: string;
    filename: string;
    force?: boolean;
    /** The tab this release belongs to, when the sender is not that tab (popup). */
    tabId?: number;
    /** Add the result's `view` (content script). */
    views?: boolean;
  }): ViewedResult;
  /** popup → background: the release state of a tab (undefined: not a project page). */
  getTabState(req: { tabId: number }): TabState | null;
  /** content/popup → background: the release's warnings and memory alerts (after its files). */
  getAnalysis(req: { index: string; project: string; version: string; tabId?: number }): Analysis;
  /** popup → background: the project's publisher timeline (newest `limit` releases from `offset`). */
  getTimeline(req: { index: string; project: string; limit?: number; offset?: number }): Timeline;
  /** popup/options → background: change what is remembered about a project. */
  memoryAction(req: {
    action: 'pin' | 'accept' | 'unpin' | 'forget';
    index: string;
    project: string;
    identity?: Identity;
    version?: string;
  }): ProjectMemory | null;
  /** options → background: every remembered project. */
  listMemory(req: Record<string, never>): { entries: [MemoryKey, ProjectMemory][] };
  /** options → background: the memory as JSON (PEP 751 identities) and as command lines. */
  exportMemory(req: Record<string, never>): { json: string; commands: string };
  /** options → background: import an exported JSON file; nothing changes if it is invalid. */
  importMemory(req: { text: string }): { imported: number };
  /** options → background: forget cached listings and results (not the memory). */
  clearCaches(req: Record<string, never>): { cleared: true };
  /** popup/tests → background: verify one Integrity API provenance object for one file. */
  verifyProvenance(req: { filename: string; sha256: string; provenance: unknown }): FileResult;
  /** CLI-like one-shot check of a whole release (popup retry, tests). */
  checkRelease(req: { index: string; project: string; version?: string }): ReleaseResult;
  /** popup → background: what the extension trusts and its version. */
  getInfo(req: Record<string, never>): { version: string; trust: TrustInfo };
}

export type MessageName = keyof Protocol;
export type Request<K extends MessageName> = Parameters<Protocol[K]>[0];
export type Response<K extends MessageName> = ReturnType<Protocol[K]>;

export interface Envelope<K extends MessageName = MessageName> {
  type: K;
  payload: Request<K>;
}

export type Reply<K extends MessageName> =
  { ok: true; value: Response<K> } | { ok: false; error: { code: string; message: string } };

export type Handlers = {
  [K in MessageName]: (
    req: Request<K>,
    sender: { tabId?: number; url?: string },
  ) => Promise<Response<K>>;
};

const NAMES: ReadonlySet<string> = new Set<MessageName>([
  'listRelease',
  'checkFile',
  'getTabState',
  'getAnalysis',
  'getTimeline',
  'memoryAction',
  'listMemory',
  'exportMemory',
  'importMemory',
  'clearCaches',
  'verifyProvenance',
  'checkRelease',
  'getInfo',
]);

export function isEnvelope(x: unknown): x is Envelope {
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof (x as { type?: unknown }).type === 'string' &&
    NAMES.has((x as { type: string }).type) &&
    typeof (x as { payload?: unknown }).payload === 'object' &&
    (x as { payload?: unknown }).payload !== null
  );
}

/** The browser's runtime API (native; Chrome MV3 and Firefox both return promises). */
interface RuntimeLike {
  sendMessage(message: unknown): Promise<unknown>;
}

/** Sends a typed request; resolves with the handler's value or rejects with its error. */
export async function send<K extends MessageName>(
  runtime: RuntimeLike,
  type: K,
  payload: Request<K>,
): Promise<Response<K>> {
  const reply = (await runtime.sendMessage({ type, payload } satisfies Envelope<K>)) as
    Reply<K> | undefined;
  if (!reply) throw new Error('the extension background did not answer');
  if (!reply.ok) throw Object.assign(new Error(reply.error.message), { code: reply.error.code });
  return reply.value;
}

// --- A bound sender (popup, options) ---

/**
 * `send` bound to a runtime: what the popup and options stores are given, so that they are
 * unit-tested with a fake background and no browser.
 */
export type SendFn = <K extends MessageName>(type: K, payload: Request<K>) => Promise<Response<K>>;
