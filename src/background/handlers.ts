import { PypiError } from '../core/errors.js';
import type { Identity } from '../core/history.js';
import type { MemoryKey, ProjectMemory } from '../core/memory.js';
import { exportCommands, exportMemory, importMemory } from '../core/memory-export.js';
import type { Analysis, Handlers } from '../shared/messages.js';
import { analysisLines, withView } from './describe.js';
import type { HistoryService } from './history-service.js';
import type { ReleaseService } from './release-service.js';
import { withoutFragment, type TabStates } from './tab-state.js';
import { checkRelease, trustInfo, verifyProvenanceAsync } from './verifier.js';

/** Index origins the background may talk to (also the manifest's host permissions). */
export const INDEXES = ['https://pypi.org', 'https://test.pypi.org'] as const;

function requireIndex(index: string): void {
  if (!(INDEXES as readonly string[]).includes(index)) {
    throw Object.assign(new Error(`not a supported index: ${index}`), { code: 'BAD_REQUEST' });
  }
}

function requireText(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 512) {
    throw Object.assign(new Error(`expected ${what}`), { code: 'BAD_REQUEST' });
  }
  return value;
}

function requireIdentity(value: unknown): Identity {
  const id = value as Partial<Identity> | undefined;
  if (
    !id ||
    typeof id.kind !== 'string' ||
    typeof id.repository !== 'string' ||
    typeof id.workflow !== 'string' ||
    typeof id.environment !== 'string'
  ) {
    throw Object.assign(new Error('expected an identity'), { code: 'BAD_REQUEST' });
  }
  return {
    kind: id.kind,
    repository: id.repository,
    workflow: id.workflow,
    environment: id.environment,
  };
}

export function createHandlers(deps: {
  fetch: typeof fetch;
  version: string;
  service: ReleaseService;
  tabs: TabStates;
  history: HistoryService;
}): Handlers {
  const { service, tabs, history } = deps;
  const analyses = new Map<string, Promise<Analysis>>();

  async function applyMemoryAction(
    req: Parameters<Handlers['memoryAction']>[0],
    project: string,
  ): Promise<ProjectMemory | null> {
    switch (req.action) {
      case 'pin':
        return (
          (await history.pin(
            req.index,
            project,
            requireIdentity(req.identity),
            req.version ?? '',
          )) ?? null
        );
      case 'accept':
        return (
          (await history.accept(
            req.index,
            project,
            requireIdentity(req.identity),
            req.version ?? '',
          )) ?? null
        );
      case 'unpin':
        return (await history.unpin(req.index, project)) ?? null;
      case 'forget':
        await history.forget(req.index, project);
        return null;
      default:
        throw Object.assign(new Error('unknown memory action'), { code: 'BAD_REQUEST' });
    }
  }
  return {
    async listRelease(req, sender) {
      requireIndex(req.index);
      const project = requireText(req.project, 'a project name');
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
        if (tabId !== undefined) {
          await tabs.fail(
            tabId,
            req.index,
            project,
            req.version ?? '',
            { code: e.code, message: e.message },
            pageUrl,
          );
        }
        throw Object.assign(new Error(e.message), { code: e.code });
      }
    },
    async checkFile(req, sender) {
      requireIndex(req.index);
      const project = requireText(req.project, 'a project name');
      const version = requireText(req.version, 'a version');
      const filename = requireText(req.filename, 'a filename');
      const result = await service.checkFile(
        req.index,
        project,
        version,
        filename,
        req.force === true,
      );
      const tabId = sender.tabId ?? req.tabId;
      if (tabId !== undefined) await tabs.update(tabId, req.index, project, version, result);
      return req.views === true ? withView(result) : result;
    },
    async getTabState(req) {
      return tabs.get(req.tabId);
    },
    async getAnalysis(req, sender) {
      requireIndex(req.index);
      const project = requireText(req.project, 'a project name');
      const version = requireText(req.version, 'a version');
      const key = `${req.index}|${project}|${version}`;
      // One analysis per release at a time: it remembers what was seen, so concurrent calls
      // (content script and popup) must share it.
      let running = analyses.get(key);
      if (!running) {
        running = (async () => {
          const listing = await service.listRelease(req.index, project, version);
          const files = await Promise.all(
            listing.files.map((f) => service.checkFile(req.index, project, version, f.filename)),
          );
          return history.analyse(req.index, project, version, files);
        })().finally(() => setTimeout(() => analyses.delete(key), 2_000));
        analyses.set(key, running);
      }
      const analysis = await running;
      const tabId = sender.tabId ?? req.tabId;
      if (tabId !== undefined) await tabs.annotate(tabId, req.index, project, version, analysis);
      return { ...analysis, lines: analysisLines(analysis) };
    },
    async getTimeline(req) {
      requireIndex(req.index);
      const limit = Math.min(Math.max(Math.trunc(req.limit ?? 20), 1), 100);
      const offset = Math.max(Math.trunc(req.offset ?? 0), 0);
      return history.timeline(req.index, requireText(req.project, 'a project name'), limit, offset);
    },
    async memoryAction(req) {
      requireIndex(req.index);
      const project = requireText(req.project, 'a project name');
      // An analysis computed before this change would show stale alerts: drop those made
      // before and while the change is written.
      analyses.clear();
      const result = await applyMemoryAction(req, project);
      analyses.clear();
      return result;
    },
    async listMemory() {
      return {
        entries: Object.entries(await history.memories.all()) as [MemoryKey, ProjectMemory][],
      };
    },
    async exportMemory() {
      const entries = Object.entries(await history.memories.all()) as [MemoryKey, ProjectMemory][];
      const doc = exportMemory(entries, new Date());
      return { json: JSON.stringify(doc, null, 2) + '\n', commands: exportCommands(doc) };
    },
    async importMemory(req) {
      const text = typeof req.text === 'string' ? req.text : '';
      if (text.length > 2_000_000) {
        throw Object.assign(new Error('The file is too large to be an identities file.'), {
          code: 'BAD_REQUEST',
        });
      }
      const result = importMemory(text, Date.now());
      if (!result.ok) throw Object.assign(new Error(result.error), { code: 'BAD_REQUEST' });
      await history.memories.replace(result.entries);
      analyses.clear();
      return { imported: result.entries.length };
    },
    async clearCaches() {
      await service.clear();
      return { cleared: true };
    },
    async verifyProvenance(req) {
      return verifyProvenanceAsync(req);
    },
    async checkRelease(req) {
      requireIndex(req.index);
      return checkRelease({
        index: req.index,
        project: requireText(req.project, 'a project name'),
        ...(req.version !== undefined && { version: req.version }),
        fetch: (url, init) => deps.fetch(url, { ...init, credentials: 'omit' }),
        retries: 2,
        concurrency: 4,
      });
    },
    async getInfo() {
      return { version: deps.version, trust: trustInfo };
    },
  };
}
