/**
 * Dresses the fake index's project pages for the demo: our pypi.org-like stylesheet
 * (pypi-look.css) and a site header in the shape of warehouse's base.html (logo, search,
 * menu), so the demo and the README's screenshots show the extension as it sits on pypi.org.
 * The pages' own markup, which the content script reads, is left as it is.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../e2e/fixtures.js';

export const LOOK_CSS = join(REPO_ROOT, 'scripts', 'demo', 'pypi-look.css');
const CSS_PATH = '/static/demo/pypi-look.css';

const HEADER = `<header class="site-header">
  <div class="demo-container">
    <a class="site-header__logo" href="/">PyPI</a>
    <form class="search-form" action="/search/" role="search">
      <label for="search" class="sr-only">Search PyPI</label>
      <input id="search" class="search-form__search" type="text" name="q" placeholder="Search projects" autocomplete="off">
      <button type="submit" class="search-form__button" aria-label="Search">⌕</button>
    </form>
    <nav class="horizontal-menu" aria-label="Main navigation">
      <a href="/help/">Help</a><a href="/docs/">Docs</a><a href="/sponsors/">Sponsors</a><a href="/account/login/">Log in</a><a href="/account/register/">Register</a>
    </nav>
  </div>
</header>`;

function* pages(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* pages(path);
    else if (entry.name === 'index.html') yield path;
  }
}

/** Adds the stylesheet and the site header to every project page of `site` (each host). */
export function dressSite(site: string): void {
  for (const host of ['pypi.org', 'test.pypi.org']) {
    const projects = join(site, host, 'project');
    if (!existsSync(projects)) continue;
    mkdirSync(join(site, host, 'static', 'demo'), { recursive: true });
    copyFileSync(LOOK_CSS, join(site, host, CSS_PATH));
    for (const page of pages(projects)) {
      const html = readFileSync(page, 'utf8')
        .replace('</head>', `  <link rel="stylesheet" href="${CSS_PATH}">\n</head>`)
        .replace(/<body[^>]*>/, (body) => `${body}\n${HEADER}`);
      writeFileSync(page, html);
    }
  }
}
