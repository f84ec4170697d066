/**
 * Every pypi.org DOM anchor the content script uses, in one place (see
 * ../shared/fixtures/pages/DOM.md; warehouse templates, legacy layout at f61fad41 and the 2026
 * layout at 6b621571). The DOM is only used to *place* our elements: names, versions,
 * filenames and digests that we show or check come from the URL and PyPI's APIs.
 */

/** Header with "<name> <version>": legacy `h1.package-header__name`, 2026 `h1.project-header__name`. */
export const HEADER = 'h1.package-header__name, h1.project-header__name';

/** The "Download files" tab panel (both layouts). */
export const FILES_PANEL = '#files';

/** One file row in "Download files": `div.file` holding `div.card.file__card` (both layouts). */
export const FILE_ROW = '.file';

/** The row's download link, whose text is the filename (first link in the card). */
export const FILE_LINK = '.file__card > a[href]';

/** The "Download files" tab link, clicked to open the tab through PyPI's own controller. */
export const FILES_TAB = 'a#files-tab, a#mobile-files-tab';

/** Headings inside a file details panel (`div#<filename>`), to find PyPI's "Provenance" section. */
export const PANEL_HEADINGS = 'h3';

export function findHeader(doc: Document): HTMLElement | null {
  return doc.querySelector<HTMLElement>(HEADER);
}

/** File rows in the files panel, by the filename their download link shows. */
export function findFileRows(doc: Document): Map<string, HTMLElement> {
  const rows = new Map<string, HTMLElement>();
  const panel = doc.querySelector(FILES_PANEL);
  if (!panel) return rows;
  for (const row of panel.querySelectorAll<HTMLElement>(FILE_ROW)) {
    const name = row.querySelector(FILE_LINK)?.textContent?.trim();
    // A row per filename: a page repeating a filename gets our badge on the first only.
    if (name && !rows.has(name)) rows.set(name, row);
  }
  return rows;
}

/** Where a file row's badge goes: right after the filename link. */
export function fileBadgeAnchor(row: HTMLElement): Element | null {
  return row.querySelector(FILE_LINK);
}

/** A file's details panel: `div[id="<filename>"]` with role tabpanel (ids contain dots). */
export function findDetailsPanel(doc: Document, filename: string): HTMLElement | null {
  const el = doc.getElementById(filename);
  return el && el.getAttribute('role') === 'tabpanel' ? el : null;
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
