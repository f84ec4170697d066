/** The project page's name and version: from the URL, and from the header when the URL has none. */
import { canonicalizeName } from '../shared/domain-lite.js';
import { VERSION } from '../shared/project-page.js';

export { parseProjectUrl, type ProjectPage } from '../shared/project-page.js';

/**
 * The version from the header text "<name> <version>", when the URL has none (the latest
 * release page). Only accepted when the name part is this page's project.
 */
export function versionFromHeader(text: string, project: string): { version?: string } {
  const parts = text.trim().split(/\s+/);
  if (parts.length !== 2) return {};
  const [name, version] = parts as [string, string];
  if (canonicalizeName(name) !== canonicalizeName(project) || !VERSION.test(version)) return {};
  return { version };
}
