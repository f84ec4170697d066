/**
 * Lists releases and checks files for the content script and popup, politely and fast:
 * concurrency limits on the requests to the index (one per kind, see `Lanes`), in-flight
 * de-duplication, and caches that survive worker restarts:
 *  - release listings (JSON API): 5 minutes;
 *  - provenance responses (Integrity API): 10 minutes, as PyPI's `max-age=600` allows; we keep
 *    only the body's digest and whether there was none;
 *  - verification results per (index, filename, sha256, provenance digest, trust root), for a
 *    week: a revisit re-verifies nothing, and after 10 minutes costs one request per file;
 *  - a provenance response itself, only from its arrival until its verification ends: a worker
 *    stopped in between (Chrome stops MV3 workers; Firefox suspends its event page) verifies
 *    it when asked again, without asking the index again (docs/architecture.md, "A worker
 *    that stops").
 * Errors are never cached. The store stays under a bound however many releases are visited:
 * expired entries, and over the bound the least recently used, are removed (cache-budget.ts);
 * a write that fails (full disk, quota) leaves the check uncached, never failed.
 */
import pLimit, { type LimitFunction } from 'p-limit';
import { checkFile, type CheckPorts } from '../core/check.js';
import { PypiError } from '../core/errors.js';
import { canonicalizeName } from '../core/filename.js';
import type { VerifyProvenanceInput } from '../core/provenance/verify.js';
import {
  fetchProvenance,
  fetchRelease,
  type ProvenanceResponse,
  type Release,
  type ReleaseFile,
} from '../core/pypi/client.js';
import type { FetchLike } from '../core/pypi/http.js';
import { fetchSimpleProject, type SimpleProject } from '../core/pypi/simple.js';
import { errorResult, type FileResult } from '../core/result.js';
import { TtlCache, type KeyValueStore } from './cache.js';
import { CacheBudget, type CacheBudgetOptions } from './cache-budget.js';
import { fairLimit, type FairLimit } from './fair-limit.js';

type ProvenanceMark = { kind: 'ok'; bodySha256: string } | { kind: 'none'; message: string };

/** How files are verified (the worker's: src/background/verifier.ts, WebCrypto ahead). */
export interface Verifier {
  /** Never throws. */
  verify(input: VerifyProvenanceInput): Promise<FileResult>;
  /** Gets ready for a first verification (trust root, CA chain). Never throws. */
  warmUp(): Promise<void>;
}

export interface ServiceOptions {
  fetch: FetchLike;
  store: KeyValueStore;
  verifier: Verifier;
  /**
   * Identifies the trust root in force: results verified under another root are not reused. A
   * function when the root can change (a refresh over TUF, src/background/trust-root.ts).
   */
  trustKey: string | (() => string);
  /** The bound on the caches' store (cache-budget.ts). */
  budget?: CacheBudgetOptions;
  /**
   * The listings stored in this browser session, known without the store (storage.session,
   * `SessionListed`): a worker just woken waits for its store to open only for those.
   */
  listed?: { has(key: string): Promise<boolean>; add(key: string): void };
  /** Integrity API requests in flight at most. @default PROVENANCE_CONCURRENCY */
  concurrency?: number;
  now?: () => number;
  timeoutMs?: number;
  retries?: number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

const MINUTE = 60_000;

/**
 * Integrity API requests in flight at once. pypi.org's CDN speaks HTTP/2, where requests
 * share one connection and cost no more connections; with 6 at a time a cold 60-file release
 * waited 10 round trips for its provenance (issue 12: 2.8 s at 150 ms per response, 2.0 s
 * with 24); with 64, a release of up to 64 files asks for all its provenance in one round
 * trip (CDNs take 100 concurrent streams per connection; the browser queues any beyond the
 * server's limit). Over HTTP/1.1 the browser itself keeps to 6 connections per host.
 */
export const PROVENANCE_CONCURRENCY = 64;
const LISTING_CONCURRENCY = 24;
/** How long a listing waits for the store before the index is asked as well (ms). */
const STORE_GRACE_MS = 30;
/**
 * The same for a listing stored earlier in the browser session, before the store's first
 * answer in a worker's life (opening the database takes longer than 30 ms): a worker Chrome
 * stopped and a revisit woke takes the listing from the store rather than asking the index
 * again (issue 12 §4, the shared "suspended" scenario). A first visit is not held up.
 */
const STORE_OPEN_MS = 500;
const SLOW = Symbol('slow');
const sleep = <T>(ms: number, value: T) =>
  new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

/**
 * One limit per kind of request, so that a kind never waits behind another: a page's listing
 * (what every other request of the page waits for) is never queued behind provenance
 * requests, and a big project's history (the Simple API listing, seconds to read) never
 * holds a slot the pages' requests need.
 */
interface Lanes {
  /**
   * Listings: small JSON documents, one per page, that everything else of the page waits for.
   * The front tab's first, the others in the order asked; 24 at once, so that twenty tabs
   * opened together all ask at once (6 queued them in four rounds, each as slow as the
   * busiest response of its round; 16 left four waiting: all twenty final ~0.1 s later).
   */
  listing: FairLimit;
  /** Shared in turns between releases (fair-limit.ts): many tabs do not starve a small one. */
  provenance: FairLimit;
  history: LimitFunction;
  /**
   * Verifications: those waiting start in turns between releases (the front tab's first),
   * each in a task of its own. Tried with 4 and 16 at once: on the loaded bench machine the
   * twenty tabs took no less time, and one 60-file tab more (bench/README.md, issue 12 §2).
   */
  verify: FairLimit;
}

/** Resolves in a new task, after the events already queued (a message port: no timer clamp). */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/** Verifications at once (see Lanes.verify): as many as provenance requests in flight. */
export const VERIFY_CONCURRENCY = PROVENANCE_CONCURRENCY;

/** Cache keys: a release's listing, a file's provenance mark, a verification result. */
const releaseKey = (index: string, project: string, version = '') =>
  `${index}|${canonicalizeName(project)}|${version}`;
const markKey = (index: string, project: string, version: string, filename: string) =>
  `${releaseKey(index, project, version)}|${filename}`;
const resultKey = (index: string, filename: string, sha256: string, bodySha256: string) =>
  `${index}|${filename}|${sha256}|${bodySha256}`;

/**
 * The one name of a file's check, whoever starts it (a loading tab's `warm`, a listing's
 * `startChecks`, a page's or the popup's `checkFile`): the index, the project by its PEP 503
 * name, the version and file as the index listed them, and the digest it listed. Two checks of
 * the same name share one fetch and one verification. A forced check (Retry) is its own.
 */
export function checkKey(
  index: string,
  project: string,
  release: Pick<Release, 'version'>,
  file: Pick<ReleaseFile, 'filename' | 'sha256'>,
  force = false,
): string {
  return `check:${markKey(index, project, release.version, file.filename)}|${file.sha256}${force ? '|force' : ''}`;
}

export class ReleaseService {
  private readonly lanes: Lanes;
  private readonly releases: TtlCache<Release>;
  private readonly provenance: TtlCache<ProvenanceMark>;
  private readonly results: TtlCache<FileResult>;
  private readonly projects: TtlCache<SimpleProject>;
  /** The store has answered a read in this worker's life (its database is open). */
  private storeAnswered = false;
  /** Provenance responses fetched and not yet verified (see the header). */
  private readonly unverified: TtlCache<ProvenanceResponse>;
  private readonly inFlight = new Map<string, Promise<unknown>>();
  /** Keeps the caches' store bounded: least recently used out (cache-budget.ts). */
  readonly budget: CacheBudget;
  /** Counts of requests sent to the index, for tests and the benchmark. */
  readonly requests = { release: 0, simple: 0, provenance: 0, verifications: 0 };

  constructor(private readonly options: ServiceOptions) {
    this.lanes = {
      listing: fairLimit(LISTING_CONCURRENCY),
      provenance: fairLimit(options.concurrency ?? PROVENANCE_CONCURRENCY),
      history: pLimit(2),
      verify: fairLimit(VERIFY_CONCURRENCY),
    };
    const now = options.now ?? Date.now;
    const { store } = options;
    const budget = (this.budget = new CacheBudget(store, { now, ...options.budget }));
    this.releases = new TtlCache(store, 'release:', 5 * MINUTE, now, budget);
    this.provenance = new TtlCache(store, 'provenance:', 10 * MINUTE, now, budget);
    this.projects = new TtlCache(store, 'simple:', 5 * MINUTE, now, budget);
    this.results = new TtlCache(store, 'result:', 7 * 24 * 60 * MINUTE, now, budget);
    this.unverified = new TtlCache(store, 'unverified:', 10 * MINUTE, now, budget);
  }

  /** A result's cache key, under the trust root in force. */
  private resultKey(index: string, filename: string, sha256: string, bodySha256: string): string {
    const { trustKey } = this.options;
    const root = typeof trustKey === 'function' ? trustKey() : trustKey;
    return `${root}:${resultKey(index, filename, sha256, bodySha256)}`;
  }

  private http(index: string) {
    return {
      index,
      fetch: this.options.fetch,
      retries: this.options.retries ?? 2,
      ...(this.options.timeoutMs !== undefined && { timeoutMs: this.options.timeoutMs }),
      ...(this.options.sleep && { sleep: this.options.sleep }),
    };
  }

  private once<T>(key: string, run: () => Promise<T>): Promise<T> {
    const running = this.inFlight.get(key) as Promise<T> | undefined;
    if (running) return running;
    const p = run().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, p);
    return p;
  }

  /** The release's files and digests (JSON API), cached. Throws PypiError. */
  listRelease(index: string, project: string, version?: string, force = false): Promise<Release> {
    const key = releaseKey(index, project, version);
    return this.once(`list:${key}`, async () => {
      // The files' verifications follow: the verifier gets ready (trust root, CA chain)
      // while the listing is read or fetched (in a task of its own, after those requests).
      setTimeout(() => void this.options.verifier.warmUp(), 0);
      const fetched = async () => {
        this.requests.release++;
        const release = await this.lanes.listing(key, () =>
          fetchRelease(project, version, this.http(index)),
        );
        void this.releases.set(key, release);
        this.options.listed?.add(key);
        // The latest release is also that version's listing.
        if (version === undefined) {
          const versioned = releaseKey(index, project, release.version);
          void this.releases.set(versioned, release);
          this.options.listed?.add(versioned);
        }
        return release;
      };
      if (force) return fetched();
      const read = this.releases.get(key).catch(() => undefined);
      const stored =
        !this.storeAnswered && (await this.options.listed?.has(key).catch(() => false));
      const grace = stored ? STORE_OPEN_MS : STORE_GRACE_MS;
      void read.then(() => (this.storeAnswered = true));
      const early = await Promise.race([read, sleep(grace, SLOW)]);
      if (early !== SLOW) return early ?? fetched();
      // The store is slow (a cold worker, other tabs' writes queued first): the index is asked
      // too, and a listing from the store is still taken if it comes first.
      const fetching = fetched();
      return (
        (await Promise.race([
          read,
          fetching.then(
            () => undefined,
            () => read,
          ),
        ])) ?? fetching
      );
    });
  }

  /** One file's result: cached, or fetched and verified. Never throws. */
  async checkFile(
    index: string,
    project: string,
    version: string,
    filename: string,
    force = false,
  ): Promise<FileResult> {
    let release: Release;
    try {
      release = await this.listRelease(index, project, version, force);
    } catch (err) {
      return errorResult(filename, undefined, err);
    }
    const file = release.files.find((f) => f.filename === filename);
    if (!file) {
      return errorResult(
        filename,
        undefined,
        new PypiError('NOT_FOUND', `${filename} is not a file of ${project} ${version}`),
      );
    }
    return this.checkListedFile(index, project, release, file, force);
  }

  /**
   * A file the index listed with its digest (JSON or Simple API): its result, cached, or
   * fetched and verified through the core's one `checkFile` step. Never throws.
   */
  checkListedFile(
    index: string,
    project: string,
    release: Pick<Release, 'version'>,
    file: Pick<ReleaseFile, 'filename' | 'sha256'>,
    force = false,
  ): Promise<FileResult> {
    return this.once(checkKey(index, project, release, file, force), async () => {
      let kept: ProvenanceResponse | undefined;
      if (!force) {
        const known = await this.cachedResult(index, project, release.version, file).catch(
          () => undefined,
        );
        if (known && 'state' in known) return known;
        kept = known;
      }
      const group = releaseKey(index, project, release.version);
      return checkFile(this.ports(index, force, group, kept), project, release.version, file);
    });
  }

  /**
   * What is known without any request: the file's result (the provenance mark and result
   * caches), or else the provenance response a stopped worker fetched and did not verify.
   */
  private async cachedResult(
    index: string,
    project: string,
    version: string,
    file: Pick<ReleaseFile, 'filename' | 'sha256'>,
  ): Promise<FileResult | ProvenanceResponse | undefined> {
    const key = markKey(index, project, version, file.filename);
    const mark = await this.provenance.get(key);
    if (mark?.kind === 'none') {
      return errorResult(file.filename, file.sha256, new PypiError('NO_PROVENANCE', mark.message));
    }
    if (mark?.kind !== 'ok') return undefined;
    const result = await this.results.get(
      this.resultKey(index, file.filename, file.sha256, mark.bodySha256),
    );
    if (result) return result;
    const kept = await this.unverified.get(key);
    return kept?.bodySha256 === mark.bodySha256 ? kept : undefined;
  }

  /**
   * The core's steps with this worker's caches and request limit: a provenance response
   * leaves its mark (none, or its body's digest); a result verified once for the same file,
   * digest, provenance body and trust root is reused; errors are never cached. A response is
   * kept until its verification ends (`kept`: the one an earlier worker life kept, no request).
   */
  private ports(
    index: string,
    force: boolean,
    group: string,
    kept?: ProvenanceResponse,
  ): Pick<CheckPorts, 'fetchProvenance' | 'verify'> {
    let unverifiedKey: string | undefined;
    return {
      fetchProvenance: async (project, version, filename) => {
        const key = markKey(index, project, version, filename);
        unverifiedKey = key;
        if (kept) return kept;
        try {
          this.requests.provenance++;
          // Each request starts in a task of its own: a fetch() call costs the worker a few
          // ms, and a release's sixty in one task held every other tab's message for ~0.5 s.
          const response = await this.lanes.provenance(releaseKey(index, project, version), () =>
            nextTask().then(() => fetchProvenance(project, version, filename, this.http(index))),
          );
          void this.provenance.set(key, { kind: 'ok', bodySha256: response.bodySha256 });
          void this.unverified.set(key, response);
          return response;
        } catch (err) {
          if (err instanceof PypiError && err.code === 'NO_PROVENANCE') {
            void this.provenance.set(key, { kind: 'none', message: err.message });
          }
          throw err;
        }
      },
      verify: async (input: VerifyProvenanceInput, response: ProvenanceResponse) => {
        const result = await this.verifyOnce(index, input, response, force, group);
        // The response is not needed to resume any more (forgotten in the same store write
        // as the result, see batchWrites).
        if (unverifiedKey !== undefined) void this.unverified.delete(unverifiedKey);
        return result;
      },
    };
  }

  /** A verification, or its cached result. Never throws. */
  private async verifyOnce(
    index: string,
    input: VerifyProvenanceInput,
    response: ProvenanceResponse,
    force: boolean,
    group: string,
  ): Promise<FileResult> {
    const key = this.resultKey(index, input.filename, input.sha256, response.bodySha256);
    const cached = force ? undefined : await this.results.get(key);
    if (cached) return cached;
    this.requests.verifications++;
    // Each verification starts in a task of its own: run back to back in one chain of
    // promise reactions, they would hold off every event (a new tab's message, a
    // response) until the last was done.
    const result = await this.lanes.verify(group, () =>
      nextTask().then(() => this.options.verifier.verify(input)),
    );
    // A file the root is too old for is checked again next time: a refreshed or updated
    // root (or only a later refresh date) may decide it.
    if (
      result.state === 'verified' ||
      result.state === 'failed' ||
      (result.state === 'unsupported' && result.code !== 'TRUST_ROOT_OUTDATED')
    ) {
      void this.results.set(key, result);
    }
    return result;
  }

  /**
   * Starts checking a listed release's files (but `skip`), so that results are ready or in
   * flight when they are asked for: a `checkFile` for the same file joins the check. Never
   * throws; each check lands in the caches.
   */
  startChecks(
    index: string,
    project: string,
    release: Release,
    skip: ReadonlySet<string> = new Set(),
  ): void {
    const files = release.files.filter((f) => !skip.has(f.filename));
    // What is cached is read for all the files at once, then every other file's request is
    // sent in the same task: none waits for its own cache read to come back between the
    // verifications of the files that answered first (which keep the worker busy).
    void this.knownResults(index, project, release.version, files)
      .catch(() => [])
      .then((known) => {
        const done = new Set(known.map((r) => r.filename));
        for (const f of files) {
          if (!done.has(f.filename)) void this.checkListedFile(index, project, release, f);
        }
      });
  }

  /** A release being listed or a file checked (a history's Simple API listing aside). */
  get busy(): boolean {
    for (const key of this.inFlight.keys()) if (!key.startsWith('simple:')) return true;
    return false;
  }

  /**
   * Resolves once no file is being listed, fetched or verified (looked at every `everyMs`),
   * or after `maxMs` at most: work that can wait (a page's history analysis) yields to the
   * checks of other tabs still loading (issue 12 §2).
   */
  async quiet(maxMs: number, everyMs = 100): Promise<void> {
    const until = Date.now() + maxMs;
    while (this.busy && Date.now() < until) await sleep(everyMs, undefined);
  }

  /**
   * The release in the tab the user is looking at: its provenance requests go out before
   * other releases' (undefined: none). Other tabs' releases still take turns between them.
   */
  focus(index: string, project: string, version: string): void;
  focus(): void;
  focus(index?: string, project?: string, version?: string): void {
    const group =
      index !== undefined && project !== undefined && version !== undefined
        ? releaseKey(index, project, version)
        : undefined;
    this.lanes.listing.urgent(group);
    this.lanes.provenance.urgent(group);
    this.lanes.verify.urgent(group);
  }

  /**
   * A project page is loading (the browser told us its URL): list its release and start
   * checking its files before its content script asks. Never throws: the page's own requests
   * report any problem.
   */
  async warm(index: string, project: string, version?: string): Promise<void> {
    try {
      this.startChecks(index, project, await this.listRelease(index, project, version));
    } catch {
      // reported when the page asks
    }
  }

  /**
   * The results already known for these files, without any request: a revisit gets them all
   * in one message. Files not in the caches are simply absent from the answer.
   */
  async peekFiles(
    index: string,
    project: string,
    version: string,
    filenames: readonly string[],
  ): Promise<FileResult[]> {
    const release = await this.releases.get(releaseKey(index, project, version));
    if (!release) return [];
    const files = filenames.flatMap((name) => release.files.filter((f) => f.filename === name));
    return this.knownResults(index, project, version, files);
  }

  /** The cached results of these listed files (two store reads in all), or none. */
  private async knownResults(
    index: string,
    project: string,
    version: string,
    files: readonly Pick<ReleaseFile, 'filename' | 'sha256'>[],
  ): Promise<FileResult[]> {
    // Two store reads in all (marks, then results), not two per file.
    const marks = await this.provenance.getMany(
      files.map((f) => markKey(index, project, version, f.filename)),
    );
    const withResult = files.flatMap((file, i) => {
      const mark = marks[i];
      return mark?.kind === 'ok'
        ? [this.resultKey(index, file.filename, file.sha256, mark.bodySha256)]
        : [];
    });
    const results = new Map(
      (await this.results.getMany(withResult)).map((r, i) => [withResult[i], r]),
    );
    return files.flatMap((file, i) => {
      const mark = marks[i];
      if (mark?.kind === 'none') {
        return [
          errorResult(file.filename, file.sha256, new PypiError('NO_PROVENANCE', mark.message)),
        ];
      }
      const r =
        mark && results.get(this.resultKey(index, file.filename, file.sha256, mark.bodySha256));
      return r ? [r] : [];
    });
  }

  /**
   * The project's releases for its history (Simple API JSON: one file per release, the newest
   * releases only, see fetchSimpleProject), cached like release listings. A big project's
   * listing is tens of MB: it may take four times the usual timeout to read.
   */
  listProject(index: string, project: string, force = false): Promise<SimpleProject> {
    const key = `${index}|${canonicalizeName(project)}`;
    return this.once(`simple:${key}`, async () => {
      if (!force) {
        const cached = await this.projects.get(key);
        if (cached) return cached;
      }
      this.requests.simple++;
      const timeoutMs = 4 * (this.options.timeoutMs ?? 15_000);
      const result = await this.lanes.history(() =>
        fetchSimpleProject(project, { ...this.http(index), timeoutMs }),
      );
      void this.projects.set(key, result);
      return result;
    });
  }

  /** Drops every cached listing and result (options page: "Clear caches"). */
  async clear(): Promise<void> {
    for (const c of [this.releases, this.provenance, this.results, this.projects]) c.forgetMemory();
    await this.options.store.clear?.();
  }
}
