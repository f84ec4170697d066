/**
 * The content script's behaviour on a PyPI project page: the release's provenance state by
 * the project name, on each file row and in each file's details panel. All checking happens
 * in the background worker; this only places and renders results.
 */
import { send } from '../shared/messages.js';
import type { ViewedResult } from '../shared/view-model.js';
import { guard } from './guard.js';
import { summaryView } from './labels.js';
import { parseProjectUrl, versionFromHeader, type ProjectPage } from './page.js';
import { ReleaseChecker, type Runtime } from './release.js';
import {
  fileBadgeAnchor,
  findDetailsPanel,
  findFileRows,
  findHeader,
  findProvenanceHeading,
  FILES_TAB,
} from './selectors.js';
import {
  createDetailsCard,
  createFileBadge,
  createSummary,
  createWarnings,
  type DetailsCard,
  type FileBadge,
  type SummaryBadge,
  type WarningsView,
} from './views.js';

function openFiles(): void {
  const tab = document.querySelector<HTMLElement>(FILES_TAB);
  if (tab) tab.click();
  else location.hash = 'files';
  document.getElementById('files')?.scrollIntoView({ behavior: 'smooth', block: 'start' });
}

function openDetails(filename: string): void {
  const link = [...document.querySelectorAll<HTMLAnchorElement>('#files a[href^="#"]')].find(
    (a) => a.getAttribute('href') === `#${filename}`,
  );
  if (link) link.click();
  else location.hash = filename;
}

/** Resolves once the DOM is parsed (at once if it already is). */
function domReady(): Promise<void> {
  return new Promise((resolve) => {
    if (document.readyState !== 'loading') resolve();
    else document.addEventListener('DOMContentLoaded', () => resolve(), { once: true });
  });
}

/** The page as the DOM tells it: the URL's, with the header's version when the URL has none. */
function findPage(url: ProjectPage): ProjectPage {
  const header = findHeader(document);
  return url.version || !header
    ? url
    : { ...url, ...versionFromHeader(header.textContent ?? '', url.project) };
}

/**
 * The release's summary by the project name; if PyPI's markup changed, a fixed corner badge
 * still shows the state. The history warnings go under it (hidden while there are none).
 */
function placeSummary(onRetry: () => void): [SummaryBadge, WarningsView] {
  const header = findHeader(document);
  const summary = createSummary({ fallback: !header, onOpen: openFiles, onRetry });
  if (header) header.after(summary.host);
  else document.body.append(summary.host);
  summary.update(summaryView('pending', []));
  const warnings = createWarnings();
  summary.host.after(warnings.host);
  return [summary, warnings];
}

/**
 * A badge after each file row's filename and a card before PyPI's own "Provenance" section of
 * each file's details panel, for the files that have none yet.
 */
function placeFileViews(
  files: readonly ViewedResult[],
  badges: Map<string, FileBadge>,
  cards: Map<string, DetailsCard>,
  checker: ReleaseChecker,
): void {
  const rows = findFileRows(document);
  for (const { filename } of files) {
    const onRetry = () => void checker.check(filename, true);
    const row = rows.get(filename);
    const anchor = !badges.has(filename) && row && fileBadgeAnchor(row);
    if (anchor) {
      const badge = createFileBadge(filename, { onOpen: () => openDetails(filename), onRetry });
      anchor.after(badge.host);
      badges.set(filename, badge);
    }
    const panel = !cards.has(filename) && findDetailsPanel(document, filename);
    if (panel) {
      const card = createDetailsCard(filename, { onRetry });
      const pypiProvenance = findProvenanceHeading(panel);
      if (pypiProvenance) pypiProvenance.before(card.host);
      else panel.append(card.host);
      cards.set(filename, card);
    }
  }
}

/**
 * Once every file is checked, the background compares the release with its history and with
 * what the user saw before: a warning changes the summary itself, and every line goes under it.
 */
async function showAnalysis(
  rt: Runtime,
  page: ProjectPage,
  version: string,
  summary: SummaryBadge,
  warnings: WarningsView,
): Promise<void> {
  try {
    const a = await send(rt, 'getAnalysis', { index: page.index, project: page.project, version });
    summary.alert(a.alert);
    warnings.update(a.lines ?? []);
  } catch {
    // Warnings are extra: the badges already say what was verified.
  }
}

/**
 * The summary's redraw as results arrive: while files are being checked, its progress is
 * redrawn once per frame at most (60 results need not mean 60 redraws); the final state is
 * shown at once.
 */
function progressRedraw(
  summary: SummaryBadge,
  checker: ReleaseChecker,
): (all: readonly ViewedResult[]) => void {
  let frame = 0;
  return (all) => {
    if (checker.state !== 'pending') {
      cancelAnimationFrame(frame);
      frame = 0;
      summary.update(summaryView(checker.state, all));
    } else if (!frame) {
      frame = requestAnimationFrame(() => {
        frame = 0;
        if (checker.state === 'pending') summary.update(summaryView('pending', checker.files));
      });
    }
  };
}

/**
 * Back/forward restores the page from the cache: the release is asked for again, so that the
 * background refreshes the tab's state (toolbar icon, popup) from the cached results.
 */
function rerunOnRestore(checker: ReleaseChecker): void {
  addEventListener('pageshow', (event: PageTransitionEvent) => {
    if (event.persisted) void checker.run();
  });
}

/**
 * Starts on a project page. The script runs at document_start: the release is asked for at
 * once, while PyPI's page is still loading, and our elements are placed when the DOM is ready
 * (no callback of the checker runs before). A URL without a version asks for the latest
 * release; if the page's header then names another version, that one is checked instead.
 */
export function start(rt: Runtime): void {
  const url = parseProjectUrl(location.href);
  if (!url) return;
  const badges = new Map<string, FileBadge>();
  const cards = new Map<string, DetailsCard>();
  let summary: SummaryBadge;
  let warnings: WarningsView;
  let redraw: (all: readonly ViewedResult[]) => void;
  let analysed = '';

  // Runs in a later task or microtask, when `checker` below exists.
  const ready = domReady().then(() => {
    const page = findPage(url);
    guard(document);
    [summary, warnings] = placeSummary(() => void checker.run(true));
    redraw = progressRedraw(summary, checker);
    return page;
  });

  const showFile = (result: ViewedResult): void => {
    badges.get(result.filename)?.update(result);
    cards.get(result.filename)?.update(result);
  };

  // Once per listed version, when none of its files is pending any more.
  const analyse = (): void => {
    const version = checker.releaseVersion;
    if (!version || analysed === version || checker.state === 'pending') return;
    analysed = version;
    void showAnalysis(rt, url, version, summary, warnings);
  };

  const checker: ReleaseChecker = new ReleaseChecker(
    rt,
    document.readyState === 'loading' ? url : findPage(url),
    {
      onListed(_version, files) {
        placeFileViews(files, badges, cards, checker);
        files.forEach(showFile);
        summary.update(summaryView(checker.state, files));
        analyse();
      },
      onFile(result, all) {
        showFile(result);
        redraw(all);
        analyse();
      },
      onListError(message) {
        summary.update(summaryView('error', [], message));
      },
    },
    ready,
  );
  void checker.run();
  rerunOnRestore(checker);
}
