/**
 * The background's answer to every message of the protocol (src/shared/messages.ts). Requests
 * arrive already checked against their schemas (src/shared/requests.ts, by the dispatcher in
 * main.ts); handlers throw RequestError (or PypiError) to answer with a code.
 */
import { PypiError } from '../core/errors.js';
import type { MemoryKey, ProjectMemory } from '../core/memory.js';
import { importMemory } from '../core/memory-import.js';
import type { FileResult } from '../core/result.js';
import { noAccessMessage } from '../shared/host-access.js';
import {
  RequestError,
  type Handlers,
  type Request,
  type Response,
  type Sender,
} from '../shared/messages.js';
import type { Analysis, TrustInfo, ViewedResult } from '../shared/view-model.js';
import { analysisView, withView } from './describe.js';
import { createDistHandlers } from './dist-handlers.js';
import type { HistoryService } from './history-service.js';
import type { ReleaseService } from './release-service.js';
import { withoutFragment, type TabStates } from './tab-state.js';

/** The trust root in force and its optional refresh (trust-root.ts). */
export interface TrustRootPort {
  info(): Promise<TrustInfo>;
  refreshState(): Promise<Response<'getTrustRefresh'>>;
  update(req: Request<'setTrustRefresh'>): Promise<TrustInfo>;
  fetchTuf(path: string, maxLength: number): Promise<Response<'fetchTuf'>>;
}

/**
 * checkFiles answers once some of its files are done and the others had this long to finish
 * too (ms), or all are done: a 60-file release reaches its page in a few answers, not 60.
 */
const POLL_GATHER_MS = 40;
/**
 * A page's history analysis waits at most this long (ms) for other tabs' checks to end.
 */
const ANALYSIS_WAIT_MS = 10_000;
/** A check no page came back for is forgotten this long after it ended (ms). */
const POLL_KEEP_MS = 60_000;

export function createHandlers(deps: {
  version: string;
  trust: TrustRootPort;
  service: ReleaseService;
  tabs: TabStates;
  history: HistoryService;
  /** The worker's verification of one provenance object (verifyProvenance message). */
  verify: (input: Request<'verifyProvenance'>) => Promise<FileResult>;
  /**
   * Whether the browser lets the extension read `index` now (src/shared/host-access.ts).
   * Absent: always.
   */
  hasAccess?: (index: string) => Promise<boolean>;
}): Handlers {
  const { service, tabs, history } = deps;
  /**
   * A request to the index failed without an answer (`NETWORK_ERROR`) while the user withholds
   * the extension's access to it: that is why, not an error of the index's. (PyPI's APIs
   * allow any origin, warehouse/utils/cors.py@6b62157124ab7865029afeeadf282bce27d601d9, so
   * without access the background's requests mostly still succeed; one whose answer lacks
   * those headers, e.g. a CDN's own error page, fails as a network error.)
   */
  const withheld = async (index: string, code: string): Promise<boolean> =>
    code === 'NETWORK_ERROR' && deps.hasAccess !== undefined && !(await deps.hasAccess(index));
  /** The tab shows nothing from an index we may not read (a release of another, it keeps). */
  const forgetIndex = async (tabId: number | undefined, index: string): Promise<void> => {
    if (tabId !== undefined && (await tabs.get(tabId))?.index === index) await tabs.remove(tabId);
  };
  /**
   * Analyses under way, by release. An analysis remembers what was seen, so concurrent calls
   * (content script and popup) share the one running; a finished one is never reused. Memory
   * changes count in `generation`, bumped when one starts and when it ends: an analysis is
   * joined only if no memory change started or ended since it began, so every answer reflects
   * each memory change that completed before the request.
   */
  const analyses = new Map<string, { generation: number; running: Promise<Analysis> }>();
  let generation = 0;
  async function changingMemory<T>(change: () => Promise<T>): Promise<T> {
    generation++;
    try {
      return await change();
    } finally {
      generation++;
    }
  }

  const requireIdentity = (req: Request<'memoryAction'>) => {
    if (!req.identity) throw new RequestError('BAD_REQUEST', `${req.action} needs an identity`);
    return req.identity;
  };

  async function applyMemoryAction(
    req: Request<'memoryAction'>,
    project: string,
  ): Promise<ProjectMemory | null> {
    switch (req.action) {
      case 'pin':
        return (
          (await history.pin(req.index, project, requireIdentity(req), req.version ?? '')) ?? null
        );
      case 'accept':
        return (
          (await history.accept(req.index, project, requireIdentity(req), req.version ?? '')) ??
          null
        );
      case 'unpin':
        return (await history.unpin(req.index, project)) ?? null;
      case 'forget':
        await history.forget(req.index, project);
        return null;
    }
  }
  async function checkFile(
    req: Request<'checkFile'>,
    sender: Sender,
  ): Promise<Response<'checkFile'>> {
    const { project, version, filename } = req;
    const result = await service.checkFile(
      req.index,
      project,
      version,
      filename,
      req.force === true,
    );
    const tabId = sender.tabId ?? req.tabId;
    if (result.state === 'error' && (await withheld(req.index, result.code))) {
      // As for a listing: no `error` for the tab, whose release we may no longer read.
      await forgetIndex(tabId, req.index);
      throw new RequestError('NO_ACCESS', noAccessMessage(req.index));
    }
    if (tabId !== undefined) await tabs.update(tabId, req.index, project, version, result);
    return req.views === true ? withView(result) : result;
  }
  /**
   * Each page's checks by file (checkFiles), from the first poll that asks for one until a
   * poll answers with it: a later poll joins the check instead of starting it again.
   */
  const polled = new Map<string, Promise<ViewedResult>>();
  return {
    async listRelease(req, sender) {
      const { project } = req;
      const tabId = sender.tabId ?? req.tabId;
      const pageUrl =
        sender.tabId !== undefined && sender.url ? withoutFragment(sender.url) : undefined;
      try {
        const release = await service.listRelease(
          req.index,
          project,
          req.version,
          req.force === true,
        );
        if (tabId !== undefined) {
          await tabs.begin(
            tabId,
            req.index,
            release.project,
            release.version,
            release.files.map((f) => f.filename),
            pageUrl,
          );
        }
        const filenames = release.files.map((f) => f.filename);
        const known =
          req.force === true
            ? []
            : await service.peekFiles(req.index, project, release.version, filenames);
        if (tabId !== undefined) {
          await tabs.updateMany(tabId, req.index, release.project, release.version, known);
        }
        // The files not known yet are checked from now on: the caller's checkFile requests
        // (one round trip later, or once its page is ready) join these checks in flight.
        if (req.force !== true) {
          service.startChecks(req.index, project, release, new Set(known.map((r) => r.filename)));
        }
        return {
          index: req.index,
          project: release.project,
          version: release.version,
          files: filenames.map((filename) => ({ filename })),
          known: req.views === true ? known.map(withView) : known,
        };
      } catch (err) {
        const e = err instanceof PypiError ? err : new PypiError('INTERNAL_ERROR', String(err));
        // The index serves no such release (JSON API 404: PyPI's 404 page, a quarantined or
        // removed release; warehouse/legacy/api/json.py@6b621571 leaves quarantined projects
        // and releases out): the tab shows no release, which is not an error.
        if (tabId !== undefined && e.code === 'NOT_FOUND') await tabs.remove(tabId);
        else if (await withheld(req.index, e.code)) {
          // Not an error of the page's: the tab shows nothing, and the popup says why.
          if (tabId !== undefined) await tabs.remove(tabId);
          throw new RequestError('NO_ACCESS', noAccessMessage(req.index));
        } else if (tabId !== undefined) {
          await tabs.fail(
            tabId,
            req.index,
            project,
            req.version ?? '',
            { code: e.code, message: e.message },
            pageUrl,
          );
        }
        throw new RequestError(e.code, e.message);
      }
    },
    checkFile,
    async checkFiles(req, sender) {
      const tabId = sender.tabId ?? req.tabId;
      const checks = req.filenames.map((filename) => {
        const key = JSON.stringify([tabId, req.index, req.project, req.version, filename]);
        let check = polled.get(key);
        if (!check || req.force === true) {
          const started = checkFile({ ...req, filename }, sender);
          check = started;
          polled.set(key, started);
          // Forgotten if no page asks for it again (the tab closed).
          void started
            .catch(() => undefined)
            .then(() =>
              setTimeout(() => polled.get(key) === started && polled.delete(key), POLL_KEEP_MS),
            );
        }
        return [key, check] as const;
      });
      const settled = new Map<string, ViewedResult | Error>();
      await new Promise<void>((resolve) => {
        let gathering: ReturnType<typeof setTimeout> | undefined;
        for (const [key, check] of checks) {
          void check
            .then(
              (r) => void settled.set(key, r),
              (e: unknown) => void settled.set(key, e instanceof Error ? e : new Error(String(e))),
            )
            .then(() => {
              if (settled.size === checks.length) resolve();
              else gathering ??= setTimeout(resolve, POLL_GATHER_MS);
            });
        }
        if (checks.length === 0) resolve();
      });
      const results: ViewedResult[] = [];
      for (const [key, outcome] of settled) {
        polled.delete(key);
        // NO_ACCESS, as for one file; any other failure is already a result.
        if (outcome instanceof Error) throw outcome;
        results.push(outcome);
      }
      return { results };
    },
    async getTabState(req) {
      return tabs.get(req.tabId);
    },
    async getAnalysis(req, sender) {
      // A page's own analysis (its badges are final) waits for the checks of other tabs still
      // loading: its history means up to 20 more files to fetch and verify, taken from tabs the
      // user is waiting for (twenty tabs opened together: issue 12 §2). It waits before it
      // starts or joins one, so the popup's never waits behind it.
      if (sender.context === 'content') await service.quiet(ANALYSIS_WAIT_MS);
      const { project, version } = req;
      const key = `${req.index}|${project}|${version}`;
      let entry = analyses.get(key);
      if (!entry || entry.generation !== generation) {
        const running = (async () => {
          const listing = await service.listRelease(req.index, project, version);
          const files = await Promise.all(
            listing.files.map((f) => service.checkFile(req.index, project, version, f.filename)),
          );
          return history.analyse(req.index, project, version, files);
        })();
        const started = { generation, running };
        entry = started;
        analyses.set(key, started);
        // Finished: never joined again (a later call analyses afresh, from the caches).
        void running
          .catch(() => undefined)
          .then(() => {
            if (analyses.get(key) === started) analyses.delete(key);
          });
      }
      const analysis = await entry.running;
      const tabId = sender.tabId ?? req.tabId;
      if (tabId !== undefined) await tabs.annotate(tabId, req.index, project, version, analysis);
      return { ...analysis, ...analysisView(analysis) };
    },
    async getTimeline(req) {
      const limit = Math.min(Math.max(Math.trunc(req.limit ?? 20), 1), 100);
      const offset = Math.max(Math.trunc(req.offset ?? 0), 0);
      return history.timeline(req.index, req.project, limit, offset);
    },
    async memoryAction(req) {
      return changingMemory(() => applyMemoryAction(req, req.project));
    },
    async listMemory() {
      return {
        entries: Object.entries(await history.memories.all()) as [MemoryKey, ProjectMemory][],
      };
    },
    async importMemory(req) {
      const result = importMemory(req.text, Date.now());
      if (!result.ok) throw new RequestError('BAD_REQUEST', result.error);
      await changingMemory(() => history.memories.replace(result.entries));
      return { imported: result.entries.length };
    },
    async clearCaches() {
      await service.clear();
      return { cleared: true };
    },
    async verifyProvenance(req) {
      return deps.verify(req);
    },
    async getInfo() {
      return { version: deps.version, trust: await deps.trust.info() };
    },
    async getTrustRefresh() {
      return deps.trust.refreshState();
    },
    async setTrustRefresh(req) {
      return deps.trust.update(req);
    },
    async fetchTuf(req) {
      return deps.trust.fetchTuf(req.path, req.maxLength);
    },
    ...createDistHandlers(service),
  };
}
