/**
 * Which PyPI project page this is, from the URL alone (the page's DOM is untrusted input).
 * Handles /project/<name>/ and /project/<name>/<version>/ on pypi.org and test.pypi.org.
 * Used by the content script, and by the background to start on a page as it loads.
 *
 * Not every page under /project/<name>/ is a release: warehouse's routes
 * (warehouse/routes.py@6b62157124ab7865029afeeadf282bce27d601d9, "Packaging") add
 * `packaging.project.submit_malware_observation` at /project/{name}/submit-malware-report/
 * before `packaging.release` at /project/{name}/{version}/, so that path is the malware
 * report form, never a release (nor can it be one: it is no PEP 440 version). Any other
 * path the index has no release for is PyPI's 404 page; its JSON API then answers 404 too,
 * which the content script and the background treat as "no release here" (not an error).
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
export const VERSION = /^[A-Za-z0-9!+._-]{1,128}$/;
/** /project/{name}/<segment>/ routes that are not releases (see above). */
const NOT_RELEASE = /^submit-malware-report$/i;

export function parseProjectUrl(href: string): ProjectPage | undefined {
  try {
    const url = new URL(href);
    // https only, no other port: the origin is the index's.
    const index = url.origin as IndexOrigin;
    // ['', 'project', name, version?, ''?]
    const parts = url.pathname.split('/');
    const project = decodeURIComponent(parts[2] ?? '');
    const version = parts[3] ? decodeURIComponent(parts[3]) : undefined;
    if (
      (INDEXES as readonly string[]).includes(index) &&
      parts[1] === 'project' &&
      NAME.test(project) &&
      (parts.length < 5 || (parts.length === 5 && !parts[4])) &&
      (version === undefined || (VERSION.test(version) && !NOT_RELEASE.test(version)))
    )
      return { index, project, ...(version !== undefined && { version }) };
  } catch {
    // Not a URL, or a malformed escape.
  }
  return undefined;
}
