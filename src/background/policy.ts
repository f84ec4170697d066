/**
 * What each context may ask (issue: each context gets only the powers it needs). The content
 * script runs beside PyPI's page: code in its world (a compromised renderer, a hostile
 * extension of the page) could send any message. So a content script may only ask read-only
 * questions about the release of its own tab, as its tab's URL names it; memory, pins,
 * export/import, cache clearing and other tabs' states are for the extension's own pages.
 */
import { canonicalizeName } from '../core/project-name.js';
import { canonicalizeVersion } from '../core/filename.js';
import { RequestError, type MessageName, type Request, type Sender } from '../shared/messages.js';
import { parseProjectUrl } from '../shared/project-page.js';

/** The messages a content script may send: read-only, about its own tab's release. */
const CONTENT_MESSAGES: ReadonlySet<MessageName> = new Set([
  'listRelease',
  'checkFile',
  'checkFiles',
  'getAnalysis',
]);

/** PEP 440 equality (4.0 == 4.0.0); other strings only when identical. */
const sameVersion = (a: string, b: string): boolean =>
  a === b || canonicalizeVersion(a) === canonicalizeVersion(b);

/**
 * Throws FORBIDDEN unless the sender may send this request. Extension pages may send anything
 * (they are the extension's own code); a content script only CONTENT_MESSAGES, for the index
 * and project of its tab's URL (and its version, when the URL names one), naming no tab.
 */
export function authorize<K extends MessageName>(
  type: K,
  payload: Request<K>,
  sender: Sender,
): void {
  if (sender.context === 'extension') return;
  if (!CONTENT_MESSAGES.has(type)) {
    throw new RequestError('FORBIDDEN', `${type} is not available to pages`);
  }
  const page = sender.url === undefined ? undefined : parseProjectUrl(sender.url);
  if (!page || sender.tabId === undefined) {
    throw new RequestError('FORBIDDEN', 'only a project page may ask about its release');
  }
  const req = payload as Request<'listRelease' | 'checkFile' | 'checkFiles' | 'getAnalysis'>;
  if ('tabId' in req && req.tabId !== undefined) {
    throw new RequestError('FORBIDDEN', 'a page may only ask about its own tab');
  }
  if (
    req.index !== page.index ||
    canonicalizeName(req.project) !== canonicalizeName(page.project)
  ) {
    throw new RequestError('FORBIDDEN', 'a page may only ask about its own project');
  }
  // A URL without a version shows the latest release, whose version the page's header names.
  const version = 'version' in req ? req.version : undefined;
  if (page.version !== undefined && version !== undefined && !sameVersion(version, page.version)) {
    throw new RequestError('FORBIDDEN', 'a page may only ask about its own release');
  }
}
