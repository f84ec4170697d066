import type { Handlers } from '../shared/messages.js';
import { checkRelease, trustInfo, verifyProvenance } from './verifier.js';

/** Index origins the background may talk to (also the manifest's host permissions). */
export const INDEXES = ['https://pypi.org', 'https://test.pypi.org'] as const;

export function createHandlers(deps: { fetch: typeof fetch; version: string }): Handlers {
  return {
    async verifyProvenance(req) {
      return verifyProvenance(req);
    },
    async checkRelease(req) {
      if (!(INDEXES as readonly string[]).includes(req.index)) {
        throw Object.assign(new Error(`not a supported index: ${req.index}`), {
          code: 'BAD_REQUEST',
        });
      }
      return checkRelease({
        index: req.index,
        project: req.project,
        ...(req.version !== undefined && { version: req.version }),
        fetch: (url, init) => deps.fetch(url, { ...init, credentials: 'omit', cache: 'default' }),
        retries: 2,
        concurrency: 4,
      });
    },
    async getInfo() {
      return { version: deps.version, trust: trustInfo };
    },
  };
}
