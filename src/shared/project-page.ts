/**
 * Which PyPI project page this is, from the URL alone (the page's DOM is untrusted input).
 * Handles /project/<name>/ and /project/<name>/<version>/ on pypi.org and test.pypi.org.
 * Used by the content script, and by the background to start on a page as it loads.
 */
/** The indexes the extension reads (also the manifest's host permissions). */
export const INDEXES = ['https://pypi.org', 'https://test.pypi.org'] as const;
export type IndexOrigin = (typeof INDEXES)[number];

export interface ProjectPage {
  index: IndexOrigin;
  project: string;
  version?: string;
}

const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/;
const VERSION = /^[A-Za-z0-9!+._-]{1,128}$/;

export function parseProjectUrl(href: string): ProjectPage | undefined {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:') return undefined;
  if (url.hostname !== 'pypi.org' && url.hostname !== 'test.pypi.org') return undefined;
  const parts = url.pathname.split('/');
  // ['', 'project', name, version?, ''?]
  if (parts[1] !== 'project' || !parts[2]) return undefined;
  let project: string;
  let version: string | undefined;
  try {
    project = decodeURIComponent(parts[2]);
    version = parts[3] ? decodeURIComponent(parts[3]) : undefined;
  } catch {
    return undefined;
  }
  if (parts.length > 5 || (parts.length === 5 && parts[4] !== '')) return undefined;
  if (!NAME.test(project) || (version !== undefined && !VERSION.test(version))) return undefined;
  return {
    index: url.hostname === 'pypi.org' ? 'https://pypi.org' : 'https://test.pypi.org',
    project,
    ...(version !== undefined && { version }),
  };
}
