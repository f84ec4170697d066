/**
 * Checking the release of the page: list its files through the background, then check them
 * one by one so each badge updates as its result arrives.
 */
import { releaseState, type FileResult } from '../shared/domain-lite.js';
import {
  MessageError,
  send,
  type Request,
  type Response,
  type RuntimeLike,
} from '../shared/messages.js';
import type { ViewedResult } from '../shared/view-model.js';
import type { ProjectPage } from './page.js';

/** The runtime API the checker sends its messages through. */
export type Runtime = RuntimeLike;

export interface ReleaseCallbacks {
  /** The release's files: each pending, or its result when the background had it cached. */
  onListed(version: string, files: ViewedResult[]): void;
  onFile(result: ViewedResult, all: ViewedResult[]): void;
  /** `code`: the background's, e.g. `NOT_FOUND` when the index serves no such release. */
  onListError(message: string, code?: string): void;
}

function asError(filename: string, err: unknown): FileResult {
  return {
    filename,
    state: 'error',
    code: 'INTERNAL_ERROR',
    message: err instanceof Error ? err.message : String(err),
  };
}

/**
 * A message without an answer after this long (ms, beside the wait below) is sent again: a
 * worker stopped while it held the message may never answer it. The worker joins a check
 * already running, so asking twice costs no request to the index.
 */
const UNANSWERED_MS = 10_000;

/** A release as listed: its files' results so far, shown once it is the page's. */
interface Listed {
  version: string;
  results: Map<string, ViewedResult>;
  /** The page's header named another version: no longer checked. */
  dropped?: boolean;
}

export class ReleaseChecker {
  /** The listing the page shows. */
  private shown: Listed = { version: '', results: new Map() };

  /**
   * `ready`: resolves, once the page's DOM is ready for our elements, to the page as then
   * known (with the header's version when the URL has none); no callback runs before it.
   */
  constructor(
    private readonly runtime: Runtime,
    private page: ProjectPage,
    private readonly callbacks: ReleaseCallbacks,
    private readonly ready: Promise<ProjectPage> = Promise.resolve(page),
  ) {}

  get files(): ViewedResult[] {
    return [...this.shown.results.values()];
  }

  /** The release's version once listed ('' before). */
  get releaseVersion(): string {
    return this.shown.version;
  }

  get state() {
    return releaseState(this.files);
  }

  /**
   * Sends a request; while the message itself is lost (MESSAGE_LOST: the MV3 worker was
   * stopped or restarted while we asked, no reply or "Receiving end does not exist"), or gets
   * no answer at all, asks again for as long as the page is open: after 0.1 s, then twice as
   * long each time up to every 5 s. The page shows its files as being checked meanwhile, and
   * its results once the worker answers (issue 12 §4).
   */
  private send<K extends 'listRelease' | 'checkFiles'>(
    type: K,
    payload: Request<K>,
  ): Promise<Response<K>> {
    return new Promise((resolve, reject) => {
      let attempt = 0;
      let done = false;
      const ask = (): void => {
        if (done) return;
        const n = ++attempt;
        const wait = Math.min(50 * 2 ** n, 5000);
        const unanswered = setTimeout(ask, wait + UNANSWERED_MS);
        send(this.runtime, type, payload)
          .finally(() => clearTimeout(unanswered))
          .then(
            (value) => {
              done = true;
              resolve(value);
            },
            (err: unknown) => {
              // Only the latest attempt decides (an earlier one may fail after it was resent).
              if (done || n !== attempt) return;
              if (err instanceof MessageError && err.code === 'MESSAGE_LOST') setTimeout(ask, wait);
              else reject(err);
            },
          );
      };
      ask();
    });
  }

  /**
   * Lists the release and checks every file; `force` bypasses the background's caches.
   *
   * The files are asked for as soon as the listing comes, while PyPI's page may still be
   * loading (a long description keeps the DOM from being ready for a while): the results wait
   * in the listing's map and are shown with it once the DOM is ready, rather than asked for
   * only then (one round trip through a busy page less: issue 12 §1).
   */
  async run(force = false): Promise<void> {
    const asked = this.page;
    let listing;
    try {
      listing = await this.send('listRelease', {
        index: asked.index,
        project: asked.project,
        // Without a version: undefined, which the message leaves out (Chrome) or the schema
        // takes for absent (Firefox).
        version: asked.version,
        force,
        views: true,
      });
    } catch (err) {
      this.page = await this.ready;
      this.callbacks.onListError(
        err instanceof Error ? err.message : String(err),
        err instanceof MessageError ? err.code : undefined,
      );
      return;
    }
    const listed: Listed = {
      version: listing.version,
      results: new Map(
        listing.files.map((f) => [f.filename, { filename: f.filename, state: 'pending' }]),
      ),
    };
    // A revisit: the cached results came with the listing, and are shown with it.
    for (const r of Array.isArray(listing.known) ? listing.known : []) {
      if (listed.results.has(r.filename)) listed.results.set(r.filename, r);
    }
    const checking = this.poll(
      listed,
      [...listed.results.values()].filter((r) => r.state === 'pending').map((r) => r.filename),
      force,
    );
    // Asked before the page was parsed, for the latest release: the header may name another.
    this.page = await this.ready;
    if (
      asked.version === undefined &&
      this.page.version !== undefined &&
      this.page.version !== listing.version
    ) {
      listed.dropped = true;
      return this.run(force);
    }
    this.shown = listed;
    this.callbacks.onListed(listing.version, this.files);
    await checking;
  }

  /**
   * Checks these files of a listing: each answer brings the results finished by then, and the
   * rest are asked for again (one message per few results, not one per file: issue 12 §2).
   * Results are shown as they come once the listing is the page's; before, they wait in it.
   */
  private async poll(listed: Listed, left: string[], force: boolean): Promise<void> {
    while (left.length > 0 && !listed.dropped) {
      let results: ViewedResult[];
      try {
        ({ results } = await this.send('checkFiles', {
          index: this.page.index,
          project: this.page.project,
          version: listed.version,
          filenames: left,
          force,
          views: true,
        }));
      } catch (err) {
        results = left.map((f) => asError(f, err));
      }
      force = false;
      // Only the files we asked about, whatever the answer claims.
      const asked = new Set(left);
      for (const r of results) if (asked.delete(r.filename)) this.set(listed, r);
      // An answer about none of them: an error, not asked again in a loop.
      if (asked.size === left.length) {
        for (const f of asked)
          this.set(listed, asError(f, 'the extension background did not answer'));
        return;
      }
      left = [...asked];
    }
  }

  /** Checks (or re-checks) one file. */
  async check(filename: string, force = false): Promise<void> {
    const listed = this.shown;
    if (!listed.results.has(filename)) return;
    if (force) this.set(listed, { filename, state: 'pending' });
    await this.poll(listed, [filename], force);
  }

  private set(listed: Listed, result: ViewedResult): void {
    listed.results.set(result.filename, result);
    if (listed === this.shown) this.callbacks.onFile(result, this.files);
  }
}
