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
  return document.readyState === 'loading'
    ? new Promise((resolve) =>
        document.addEventListener('DOMContentLoaded', () => resolve(), { once: true }),
      )
    : Promise.resolve();
}

/**
 * Starts on a project page. The script runs at document_start: the release is asked for at
 * once, while PyPI's page is still loading, and our elements are placed when the DOM is ready.
 * A URL without a version asks for the latest release; if the page's header then names
 * another version, that one is checked instead.
 */
export function start(rt: Runtime): void {
  const parsed = parseProjectUrl(location.href);
  if (!parsed) return;
  const pageOf = (): ProjectPage => {
    const header = findHeader(document);
    return parsed.version || !header
      ? parsed
      : { ...parsed, ...versionFromHeader(header.textContent ?? '', parsed.project) };
  };

  const badges = new Map<string, FileBadge>();
  const cards = new Map<string, DetailsCard>();
  let summary: SummaryBadge;
  let warnings: WarningsView;
  let listError: string | undefined;
  let analysed = '';
  let page = parsed;

  // Once every file is checked, the background compares the release with its history and
  // with what the user saw before.
  const analyse = (): void => {
    const version = checker.releaseVersion;
    if (!version || analysed === version || checker.state === 'pending') return;
    analysed = version;
    void (async () => {
      try {
        const a = await send(rt, 'getAnalysis', {
          index: page.index,
          project: page.project,
          version,
        });
        warnings.update(a.lines ?? []);
      } catch {
        // Warnings are extra: the badges already say what was verified.
      }
    })();
  };

  // While files are being checked, the summary's progress is redrawn once per frame at most
  // (60 results need not mean 60 redraws); the final state is shown at once.
  let frame = 0;
  const showSummary = (all: readonly ViewedResult[]): void => {
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

  const ready = domReady().then(() => {
    page = pageOf();
    const header = findHeader(document);
    guard(document);
    summary = createSummary({
      fallback: !header,
      onOpen: openFiles,
      onRetry: () => void checker.run(true),
    });
    // By the project name; if PyPI's markup changed, a fixed corner badge still shows the state.
    if (header) header.insertAdjacentElement('afterend', summary.host);
    else document.body.append(summary.host);
    summary.update(summaryView('pending', []));
    warnings = createWarnings();
    summary.host.insertAdjacentElement('afterend', warnings.host);
    return page;
  });

  const checker: ReleaseChecker = new ReleaseChecker(
    rt,
    document.readyState === 'loading' ? parsed : pageOf(),
    {
      onListed(_version, files) {
        listError = undefined;
        const rows = findFileRows(document);
        for (const result of files) {
          const { filename } = result;
          if (!badges.has(filename)) {
            const anchor = rows.get(filename) && fileBadgeAnchor(rows.get(filename)!);
            if (anchor) {
              const badge = createFileBadge(filename, {
                onOpen: () => openDetails(filename),
                onRetry: () => void checker.check(filename, true),
              });
              anchor.insertAdjacentElement('afterend', badge.host);
              badges.set(filename, badge);
            }
          }
          if (!cards.has(filename)) {
            const panel = findDetailsPanel(document, filename);
            if (panel) {
              const card = createDetailsCard(filename, {
                onRetry: () => void checker.check(filename, true),
              });
              const pypiProvenance = findProvenanceHeading(panel);
              if (pypiProvenance) pypiProvenance.insertAdjacentElement('beforebegin', card.host);
              else panel.append(card.host);
              cards.set(filename, card);
            }
          }
          badges.get(filename)?.update(result);
          cards.get(filename)?.update(result);
        }
        summary.update(summaryView(checker.state, files));
        analyse();
      },
      onFile(result, all) {
        badges.get(result.filename)?.update(result);
        cards.get(result.filename)?.update(result);
        showSummary(all);
        analyse();
      },
      onListError(message) {
        listError = message;
        summary.update(summaryView('error', [], listError));
      },
    },
    ready,
  );
  void checker.run();

  // Back/forward restores this page from the cache: refresh the tab's state in the background
  // (toolbar icon, popup) from the cached results.
  addEventListener('pageshow', (event: PageTransitionEvent) => {
    if (event.persisted) void checker.run();
  });
}
