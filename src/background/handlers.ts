import { PypiError } from '../core/errors.js';
import type { Handlers } from '../shared/messages.js';
import type { ReleaseService } from './release-service.js';
import { withoutFragment, type TabStates } from './tab-state.js';
import { checkRelease, trustInfo, verifyProvenance } from './verifier.js';

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

export function createHandlers(deps: {
  fetch: typeof fetch;
  version: string;
  service: ReleaseService;
  tabs: TabStates;
}): Handlers {
  const { service, tabs } = deps;
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
        return {
          index: req.index,
          project: release.project,
          version: release.version,
          files: release.files.map((f) => ({ filename: f.filename })),
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
      return result;
    },
    async getTabState(req) {
      return tabs.get(req.tabId);
    },
    async verifyProvenance(req) {
      return verifyProvenance(req);
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
