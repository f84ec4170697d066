/**
 * Every pypi.org DOM anchor the content script uses, in one place (see
 * ../shared/fixtures/pages/DOM.md; warehouse templates, legacy layout at f61fad41 and the 2026
 * layout at 6b621571). The DOM is only used to *place* our elements: names, versions,
 * filenames and digests that we show or check come from the URL and PyPI's APIs.
 *
 * The project description is the author's HTML: readme_renderer (nh3) keeps `id` on any
 * element and `class` on div/span, and the description comes before the Download-files panel
 * in both layouts. So no anchor is "the first element with this id or class": each is found
 * where PyPI's templates put it, in PyPI's own frame, never inside the description. Cited:
 * warehouse/templates/packaging/detail.html@6b62157124ab7865029afeeadf282bce27d601d9 and its
 * includes (includes/packaging/project-{header,status,navigation,description,files}.html,
 * includes/file-details.html), and the legacy detail.html@f61fad411e82bf13f22874ca050536aa4bf2aff4.
 */
import type { IndexOrigin } from '../shared/project-page.js';

/**
 * Header with "<name> <version>": legacy `h1.package-header__name`, 2026
 * `h1.project-header__name` (project-header.html), outside the tabs.
 */
export const HEADER = 'h1.package-header__name,h1.project-header__name';

/** One file row in "Download files": `div.file` holding `div.card.file__card` (both layouts). */
export const FILE_ROW = '.file';

/**
 * The row's download link (`{{ request.route_url('packaging.file', path=file.path) }}`, text
 * the filename), the first link in the card (project-files.html `file_table`).
 */
export const FILE_LINK = '.file__card>a[href]';

/** Headings inside a file details panel (`div#<filename>`), to find PyPI's "Provenance" section. */
export const PANEL_HEADINGS = 'h3';

/**
 * A file's download link as the files panel renders it (`request.route_url('packaging.file',
 * path=file.path)`): the index's files host, `files.url` in warehouse's settings (routes.py
 * `packaging.file`@6b621571; deployment configuration, not in the repository), i.e.
 * files.pythonhosted.org for pypi.org and test-files.pythonhosted.org for test.pypi.org, then
 * `packages/<b2[:2]>/<b2[2:4]>/<b2[4:]>/<filename>` from the file's BLAKE2b-256 digest
 * (warehouse/forklift/legacy.py@6b621571, `File.path`). Matched on the raw attribute: no URL
 * normalisation (case, backslashes, default port, trailing dot) can make another link pass.
 */
const DOWNLOAD =
  /^https:\/\/(test-)?files\.pythonhosted\.org\/packages\/(?:[0-9a-f]{2}\/){2}[0-9a-f]{60}\/([^/?#]+)$/;

/**
 * In PyPI's own frame: no ancestor is the project description or a tab panel (the description
 * is always inside both: project-description.html, legacy detail.html `div#description`).
 */
function inFrame(el: Element): boolean {
  return !el.parentElement?.closest('.project-description,[role=tabpanel]');
}

/**
 * One of the project tabs' panels as PyPI renders it: `role="tabpanel"`, labelled by its tab
 * (`aria-labelledby`).
 */
const panel = (labelledBy: string): string => `[role=tabpanel][aria-labelledby~=${labelledBy}]`;

export function findHeader(doc: Document): HTMLElement | undefined {
  return [...doc.querySelectorAll<HTMLElement>(HEADER)].find(inFrame);
}

/**
 * The "Download files" tab panel: `div#files` labelled by `files-tab` (project-files.html,
 * legacy detail.html), in `[data-controller="project-tabs"]` (detail.html) and in PyPI's own
 * frame: a `div#files` of the description (an earlier element with that id) is passed over.
 */
export function findFilesPanel(doc: Document): HTMLElement | undefined {
  return [
    ...doc.querySelectorAll<HTMLElement>(
      `[data-controller~=project-tabs] [id=files]${panel('files-tab')}`,
    ),
  ].find(inFrame);
}

/**
 * The filename a download link points at, when it is that file on the index's files host
 * (`DOWNLOAD`), else undefined.
 */
export function downloadFilename(href: string | null, index: IndexOrigin): string | undefined {
  const m = DOWNLOAD.exec(String(href));
  try {
    if (m?.[2] && !m[1] === (index === 'https://pypi.org')) return decodeURIComponent(m[2]);
  } catch {
    // A malformed escape: not a file of the index.
  }
  return undefined;
}

/**
 * File rows of the real files panel, by filename: a row counts only when its download link is
 * that file on the index's files host. A page repeating a filename gets our badge on the first
 * only.
 */
export function findFileRows(doc: Document, index: IndexOrigin): Map<string, HTMLElement> {
  const rows = new Map<string, HTMLElement>();
  for (const row of findFilesPanel(doc)?.querySelectorAll<HTMLElement>(FILE_ROW) ?? []) {
    const link = row.querySelector(FILE_LINK);
    const name = link && downloadFilename(link.getAttribute('href'), index);
    if (name && !rows.has(name)) rows.set(name, row);
  }
  return rows;
}

/** Where a file row's badge goes: right after the filename link. */
export function fileBadgeAnchor(row: HTMLElement): Element | null {
  return row.querySelector(FILE_LINK);
}

/**
 * A file's details panel: `div[id="<filename>"]`, a tab panel labelled by `file-tab`, beside the
 * files panel (file-details.html, included right after it in both layouts). Ids contain dots,
 * and the description may repeat them: only the real files panel's siblings are looked at.
 */
export function findDetailsPanel(doc: Document, filename: string): HTMLElement | undefined {
  return [...(findFilesPanel(doc)?.parentElement?.children ?? [])].find(
    (el): el is HTMLElement => el.id === filename && el.matches(panel('file-tab')),
  );
}

/** PyPI's own "Provenance" heading in a details panel, if the file has provenance. */
export function findProvenanceHeading(panel: HTMLElement): HTMLElement | null {
  for (const h of panel.querySelectorAll<HTMLElement>(PANEL_HEADINGS)) {
    if (h.textContent?.trim() === 'Provenance') return h;
  }
  return null;
}

/* Example pages:
   https://pypi.org/project/sampleproject/
   https://pypi.org/project/sampleproject/4.0.0/
   https://pypi.org/project/sampleproject/4.0.0/#files
   https://pypi.org/project/sampleproject/4.0.0/#sampleproject-4.0.0.tar.gz
   https://test.pypi.org/project/gitlab-oidc-project/0.0.3/ */
