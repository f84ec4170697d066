/**
 * The extension's access to the indexes it reads (the manifest's host permissions). Users can
 * withhold it: Chrome's "Site access: on click / on specific sites", Firefox's about:addons
 * (host permissions are optional in Firefox MV3). Without it no content script runs on the
 * index and the background cannot see which page a tab shows there (docs/site-access.md).
 * Used by the background (a failure for lack of access is not an `error`) and by the popup
 * and options page (say so, and ask for it).
 */
import { INDEXES, type IndexOrigin } from './project-page.js';

/**
 * Everything the extension is granted on an index, as the manifest declares it: the host
 * permission (`host_permissions`, for the background's requests and the tab's URL) and the
 * content script's match pattern (`content_scripts`). Both are asked for and checked: Chrome
 * keeps the two apart when access is withheld, and `permissions.request` for the host
 * permission alone gives the background its access back but leaves the content script
 * withheld (seen in Chromium 156 with its real prompt; docs/site-access.md).
 */
export function accessPatterns(index: IndexOrigin): string[] {
  return [`${index}/*`, `${index}/project/*`];
}

/** "pypi.org", "test.pypi.org": how an index is named to users. */
export function indexHost(index: IndexOrigin): string {
  return new URL(index).host;
}

export function isIndex(origin: string): origin is IndexOrigin {
  return (INDEXES as readonly string[]).includes(origin);
}

/** The browser's `permissions.contains`, as much of it as this needs. */
export interface PermissionsContains {
  contains(permissions: { origins: string[] }): Promise<boolean>;
}

/**
 * Whether the browser lets the extension read `index` now. True when it cannot tell (no such
 * API, or it failed): a real failure is then reported as the failure it is.
 */
export async function hasAccess(
  permissions: PermissionsContains | undefined,
  index: string,
): Promise<boolean> {
  if (!permissions || !isIndex(index)) return true;
  try {
    return await permissions.contains({ origins: accessPatterns(index) });
  } catch {
    return true;
  }
}

/** What the background answers when a request failed because access to `index` is withheld. */
export function noAccessMessage(index: string): string {
  const host = isIndex(index) ? indexHost(index) : index;
  return `Your browser withholds this extension’s access to ${host}, so it could not be read. Allow access in the extension’s popup or settings.`;
}
