/**
 * The one message protocol between the extension's contexts. Every entry is a function type
 * from request to response; the background registers one handler per entry (a `Handlers`
 * object must have them all) and checks every request against its schema
 * (src/shared/requests.ts, complete by construction) before a handler sees it. Errors cross the
 * boundary as data ({ok:false, error:{code,message}}) with a code from `WireErrorCode`, never as
 * thrown objects; `send` turns them back into a `MessageError`.
 *
 * A small hand-written layer rather than a messaging library: the content script must stay
 * tiny (≤ 15 kB), and libraries here pull in webextension-polyfill. This module has no runtime
 * dependencies (the schemas live in requests.ts, which only the background imports).
 */
import type { ErrorCode, FileResult, Identity, MemoryKey, ProjectMemory } from './domain.js';
import type {
  Analysis,
  DistributionCheck,
  ReleaseDownload,
  ReleaseListing,
  TabState,
  Timeline,
  TrustInfo,
  TrustRefreshState,
  VerifiedTrustRefresh,
  ViewedResult,
} from './view-model.js';

export interface Protocol {
  /** content/popup → background: list a release's files (JSON API); opens the tab's state. */
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
   * content/popup → background: check one listed file (provenance + verification, cached).
   * The sha256 comes from the background's own listing, never from the page.
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
  /**
   * content → background: check several listed files (as checkFile each), answered once some
   * are done: with every result finished by then (at least one). The page asks again for the
   * rest; a check already running is joined, not started again. `force` restarts them.
   */
  checkFiles(req: {
    index: string;
    project: string;
    version: string;
    filenames: string[];
    force?: boolean;
    tabId?: number;
    views?: boolean;
  }): { results: ViewedResult[] };
  /** popup → background: the release state of a tab (null: not a project page). */
  getTabState(req: { tabId: number }): TabState | null;
  /**
   * content/popup → background: the release's warnings and memory alerts (after its files).
   * The answer reflects every memory change that completed before the request (see
   * `memoryAction`'s `generation`).
   */
  getAnalysis(req: { index: string; project: string; version: string; tabId?: number }): Analysis;
  /** popup → background: the project's publisher timeline (newest `limit` releases from `offset`). */
  getTimeline(req: { index: string; project: string; limit?: number; offset?: number }): Timeline;
  /**
   * popup/options → background: change what is remembered about a project. Once it answers,
   * every later `getAnalysis` reflects the change.
   */
  memoryAction(req: {
    action: 'pin' | 'accept' | 'unpin' | 'forget';
    index: string;
    project: string;
    identity?: Identity;
    version?: string;
  }): ProjectMemory | null;
  /** options → background: every remembered project. */
  listMemory(req: Record<string, never>): { entries: [MemoryKey, ProjectMemory][] };
  /** options → background: import an exported JSON file; nothing changes if it is invalid. */
  importMemory(req: { text: string }): { imported: number };
  /** options → background: forget cached listings and results (not the memory). */
  clearCaches(req: Record<string, never>): { cleared: true };
  /** tests → background: verify one Integrity API provenance object for one file. */
  verifyProvenance(req: { filename: string; sha256: string; provenance: unknown }): FileResult;
  /**
   * check page → background: a local distribution file, hashed on the page (the file never
   * leaves it), checked against its provenance on the index. Its name gives the project and
   * version; the provenance is verified against the file's own sha256, never the index's.
   */
  checkDistribution(req: { index: string; filename: string; sha256: string }): DistributionCheck;
  /** popup → background: where the index serves a release's files (for the install text). */
  releaseDownloads(req: { index: string; project: string; version: string }): {
    files: ReleaseDownload[];
  };
  /** popup/options → background: what the extension trusts and its version. */
  getInfo(req: Record<string, never>): { version: string; trust: TrustInfo };
  /** options/popup → background: the state of the optional TUF refresh of the trust root. */
  getTrustRefresh(req: Record<string, never>): TrustRefreshState;
  /**
   * options/popup → background: turn the refresh on or off (off forgets the refreshed root),
   * or hand over what a refresh verified, or why it failed (the roots in force stay).
   */
  setTrustRefresh(req: {
    enabled?: boolean;
    verified?: VerifiedTrustRefresh;
    failure?: string;
  }): TrustInfo;
  /**
   * options/popup → background: one file of Sigstore's TUF repository (src/shared/
   * tuf-repository.ts), for the page's TUF client; `found: false` for a file it does not have.
   */
  fetchTuf(req: { path: string; maxLength: number }): { found: boolean; body?: string };
}

export type MessageName = keyof Protocol;
export type Request<K extends MessageName> = Parameters<Protocol[K]>[0];
export type Response<K extends MessageName> = ReturnType<Protocol[K]>;

export interface Envelope<K extends MessageName = MessageName> {
  type: K;
  payload: Request<K>;
}

/**
 * Why a request was refused or failed, as it crosses the boundary: the index's reasons (the
 * listing could not be fetched), a request that breaks its schema or the sender's rights, a
 * fault in the background, or `NO_ACCESS`: the request failed while the browser withholds the
 * extension's access to that index (src/shared/host-access.ts), which is no `error` of the
 * index's.
 */
export type WireErrorCode = ErrorCode | 'NO_PROVENANCE' | 'BAD_REQUEST' | 'FORBIDDEN' | 'NO_ACCESS';

export type Reply<K extends MessageName> =
  { ok: true; value: Response<K> } | { ok: false; error: { code: WireErrorCode; message: string } };

/** The sender of a message, as the background establishes it (never as the message claims). */
export interface Sender {
  /** The extension's own pages (popup, options, file check), or a content script. */
  context: 'extension' | 'content';
  /** The tab a content script runs in (absent for extension pages). */
  tabId?: number;
  url?: string;
}

export type Handlers = {
  [K in MessageName]: (req: Request<K>, sender: Sender) => Promise<Response<K>>;
};

/**
 * A request that failed: with the background's code, or `MESSAGE_LOST` when no answer came back
 * at all (the MV3 worker was stopped or restarted while we asked, "Receiving end does not
 * exist"): only then is asking again the right thing to do.
 */
export class MessageError extends Error {
  constructor(
    readonly code: WireErrorCode | 'MESSAGE_LOST',
    message: string,
  ) {
    super(message);
    this.name = 'MessageError';
  }
}

/** Thrown by a handler: crosses the boundary with its code. */
export class RequestError extends Error {
  constructor(
    readonly code: WireErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RequestError';
  }
}

/** The browser's runtime API (native; Chrome MV3 and Firefox both return promises). */
export interface RuntimeLike {
  sendMessage(message: unknown): Promise<unknown>;
}

/** Sends a typed request; resolves with the handler's value or rejects with a MessageError. */
export async function send<K extends MessageName>(
  runtime: RuntimeLike,
  type: K,
  payload: Request<K>,
): Promise<Response<K>> {
  let reply: Reply<K> | undefined;
  try {
    reply = (await runtime.sendMessage({ type, payload } satisfies Envelope<K>)) as
      Reply<K> | undefined;
  } catch (err) {
    throw new MessageError('MESSAGE_LOST', err instanceof Error ? err.message : String(err));
  }
  if (!reply) throw new MessageError('MESSAGE_LOST', 'the extension background did not answer');
  if (!reply.ok) throw new MessageError(reply.error.code, reply.error.message);
  return reply.value;
}

/**
 * `send` bound to a runtime: what the popup and options stores are given, so that they are
 * unit-tested with a fake background and no browser.
 */
export type SendFn = <K extends MessageName>(type: K, payload: Request<K>) => Promise<Response<K>>;
