/** The project page's name and version: from the URL, and from the header when the URL has none. */
export { parseProjectUrl, type ProjectPage } from '../shared/project-page.js';

/** PEP 503 normalized name (lowercase, runs of -_. as one -). */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/**
 * The version from the header text "<name> <version>", when the URL has none (the latest
 * release page). Only accepted when the name part is this page's project.
 */
export function versionFromHeader(text: string, project: string): { version?: string } {
  const parts = text.trim().split(/\s+/);
  if (parts.length !== 2) return {};
  const [name, version] = parts as [string, string];
  if (normalizeName(name) !== normalizeName(project) || !/^[A-Za-z0-9!+._-]{1,128}$/.test(version))
    return {};
  return { version };
}
