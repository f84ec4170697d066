/**
 * Builds *site directories* for the fake pypi.org (e2e/fake-pypi/server.js) from the real
 * fixtures in ../shared/fixtures: one folder per host whose paths mirror URL paths
 * (product.md "Test contract"). Bodies follow warehouse's shapes
 * (../shared/fixtures/pypi-api/SHAPES.md): JSON API §2, Integrity API §1, Simple API §3.
 */
import { compare } from '@renovatebot/pep440';
import { createHash } from 'node:crypto';
import {
  closeSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { canonicalizeName } from '../src/core/project-name.js';
import type { Publisher } from '../src/core/result.js';
import { fixturePath, readFixtureJson, readFixtureText } from '../test/fixtures.js';
import type { FakePypi } from './fake-pypi/server.js';

export type Host = 'pypi.org' | 'test.pypi.org';

export interface SiteFile {
  filename: string;
  /** The digest the JSON API publishes (hex). */
  sha256: string;
  /** Provenance served byte for byte: a path relative to the fixtures dir. */
  provenanceFile?: string;
  /** Provenance as an object (served in PyPI's wire format) or a raw string (served verbatim). */
  provenance?: unknown;
  /**
   * Answer the Integrity URL with this status instead, as a `.status` file (see server.js):
   * e.g. 403, 500 or '429 Retry-After: 2'. Without any provenance the file answers 404.
   */
  provenanceStatus?: number | string;
  /** Defaults: from the docs JSON example when it lists the filename, else made up. */
  size?: number;
  uploadTime?: string;
  yanked?: boolean | string;
}

/** host → project → version → files. Versions are ordered by PEP 440; the highest is "latest". */
export type SiteSpec = Partial<Record<Host, Record<string, Record<string, SiteFile[]>>>>;

export const SAMPLEPROJECT = {
  project: 'sampleproject',
  version: '4.0.0',
  sdist: {
    filename: 'sampleproject-4.0.0.tar.gz',
    sha256: '0ace7980f82c5815ede4cd7bf9f6693684cec2ae47b9b7ade9add533b8627c6b',
    provenanceFile: 'attestations/sampleproject-4.0.0/sampleproject-4.0.0.tar.gz.provenance',
  },
  wheel: {
    filename: 'sampleproject-4.0.0-py3-none-any.whl',
    sha256: 'c23e447ea90d796d1e645c35c4b2de125040add12a845825546f91c93f391b6b',
    attestationFile:
      'attestations/sampleproject-4.0.0/sampleproject-4.0.0-py3-none-any.whl.attestation',
  },
} as const;

export const ABI3INFO_WHEEL = {
  filename: 'abi3info-2024.10.8-py3-none-any.whl',
  sha256: 'b0236c6707783f93971274101e119055192cef0925f5b7cebdad03c69dc5a499',
  provenanceFile: 'attestations/abi3info/abi3info-2024.10.8-py3-none-any.whl.provenance',
} as const;

const DOCS_JSON = 'pypi-api/json-api/docs-example.sampleproject-4.0.0.json';
const LEGACY_PAGE = 'pages/SYNTHETIC.project-page.legacy-layout.sampleproject-4.0.0.html';
const LAYOUT_2026_PAGE = 'pages/SYNTHETIC.project-page.2026-layout.sampleproject-4.0.0.html';

/**
 * Which pypi.org project-page layout the site serves (../shared/fixtures/pages/DOM.md):
 * `legacy` (warehouse f61fad41 and earlier) or `2026` (warehouse 6b621571). Default legacy.
 */
export type PageLayout = 'legacy' | '2026';

const LAST_SERIAL = 25862117;

interface ApiFile {
  filename: string;
  size: number;
  digests: { blake2b_256: string; md5: string; sha256: string };
  upload_time_iso_8601: string;
  requires_python: string | null;
}

interface ProvenanceObject {
  version: number;
  attestation_bundles: { publisher: Record<string, unknown>; attestations: unknown[] }[];
}

/** The wheel's provenance object, built from its single attestation and the sdist's publisher. */
export function sampleprojectWheelProvenance(): ProvenanceObject {
  const sdist = readFixtureJson<ProvenanceObject>(SAMPLEPROJECT.sdist.provenanceFile);
  const publisher = sdist.attestation_bundles[0]?.publisher;
  if (!publisher) throw new Error('sdist provenance fixture has no publisher');
  return {
    version: 1,
    attestation_bundles: [
      { publisher, attestations: [readFixtureJson(SAMPLEPROJECT.wheel.attestationFile)] },
    ],
  };
}

/** An Integrity API provenance object from one PEP 740 attestation fixture and its publisher. */
export function provenanceFromAttestation(file: string, publisher: Publisher): unknown {
  return {
    version: 1,
    attestation_bundles: [{ publisher, attestations: [readFixtureJson(file)] }],
  };
}

/** sampleproject 4.0.0 on pypi.org, both files with their real provenance. */
export function sampleprojectSite(): SiteSpec {
  const { sdist, wheel } = SAMPLEPROJECT;
  return {
    'pypi.org': {
      sampleproject: {
        '4.0.0': [
          { filename: sdist.filename, sha256: sdist.sha256, provenanceFile: sdist.provenanceFile },
          {
            filename: wheel.filename,
            sha256: wheel.sha256,
            provenance: sampleprojectWheelProvenance(),
          },
        ],
      },
    },
  };
}

export function integrityUrlPath(project: string, version: string, filename: string): string {
  return `/integrity/${canonicalizeName(project)}/${version}/${filename}/provenance`;
}

/** How many Integrity API requests the fake index has answered. */
export function integrityRequests(fake: FakePypi): number {
  return fake.requests.filter((r) => r.path.startsWith('/integrity/')).length;
}

/** The file that answers `urlPath` on `host` (no index.* resolution). */
export function sitePath(site: string, host: Host, urlPath: string): string {
  const segments = urlPath.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '.' || s === '..' || s.includes('\\'))) {
    throw new Error(`expected a plain URL path, got ${urlPath}`);
  }
  return join(site, host, ...segments);
}

/**
 * Makes `urlPath` on `host` answer `status` (e.g. 500, '429 Retry-After: 2'), optionally with
 * a raw body instead of PyPI's `{"message": ...}`. Directory URLs take the path without the
 * trailing slash (`/simple/foo/` → `simple/foo.status`).
 */
export function writeStatus(
  site: string,
  host: Host,
  urlPath: string,
  status: number | string,
  body?: string,
): void {
  const file = `${sitePath(site, host, urlPath)}.status`;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, body === undefined ? `${status}\n` : `${status}\n\n${body}`);
}

/** Removes a fault written with `writeStatus` (the URL answers normally again). */
export function clearStatus(site: string, host: Host, urlPath: string): void {
  rmSync(`${sitePath(site, host, urlPath)}.status`, { force: true });
}

/**
 * Writes the site for `spec` into `opts.dir` (created) or a fresh temp dir; returns the dir.
 * `opts.layout` picks the project pages' layout (default legacy). `opts.projectTabs`: the
 * project pages carry warehouse's tab behaviour (`withProjectTabs`), as pypi.org's pages do
 * once their script has run.
 */
export function buildSite(
  spec: SiteSpec,
  opts: { dir?: string; layout?: PageLayout; projectTabs?: boolean } = {},
): string {
  const site = opts.dir ?? mkdtempSync(join(tmpdir(), 'fake-pypi-site-'));
  mkdirSync(site, { recursive: true });
  const known = knownFiles();
  const layout = opts.layout ?? 'legacy';
  for (const [host, projects] of Object.entries(spec) as [Host, SiteSpec[Host]][]) {
    mkdirSync(join(site, host), { recursive: true });
    for (const [project, releases] of Object.entries(projects ?? {})) {
      writeProject(site, host, project, releases, known, layout, opts.projectTabs);
    }
  }
  return site;
}

/**
 * What warehouse's `project-tabs` Stimulus controller does to a project page
 * (warehouse/static/js/warehouse/controllers/project_tabs_controller.js@6b621571, connected
 * when Stimulus starts, at DOMContentLoaded): every `data-project-tabs-target="content"` panel
 * but one is hidden with `style.display = "none"`, the one the URL's fragment names (a tab's
 * or a file's details) or else the first tab's (the description); a tab click or a fragment
 * change shows another. So on pypi.org, once its script has run, the "Download files" list and
 * every file's details are not laid out until opened. The site's pages carry no script
 * unless `buildSite` is asked for this (the bench's are: bench/lib/tabs.ts).
 */
export const PROJECT_TABS_SCRIPT = `<script>
document.addEventListener('DOMContentLoaded', () => {
  const root = document.querySelector('[data-controller~="project-tabs"]');
  if (!root) return;
  const tabs = [...root.querySelectorAll('[data-project-tabs-target~="tab"]')];
  const contents = [...root.querySelectorAll('[data-project-tabs-target~="content"]')];
  const show = (id) => {
    const target = contents.some((c) => c.id === id) ? id : (tabs[0]?.hash ?? '').slice(1);
    for (const c of contents) c.style.display = c.id === target ? 'block' : 'none';
  };
  for (const tab of tabs) {
    tab.addEventListener('click', (event) => {
      event.preventDefault();
      show(tab.hash.slice(1));
      history.pushState(null, '', tab.hash);
    });
  }
  window.addEventListener('hashchange', () => show(decodeURIComponent(location.hash.slice(1))));
  show(decodeURIComponent(location.hash.slice(1)));
});
</script>
`;

/** `page` (a project page) with `PROJECT_TABS_SCRIPT` at the end of its head. */
export function withProjectTabs(page: string): string {
  if (!page.includes('</head>')) throw new Error('expected a project page with a head');
  return page.replace('</head>', () => `${PROJECT_TABS_SCRIPT}</head>`);
}

/** Serves `html` at `urlPath` on `host` (a directory URL such as `/search/` gets index.html). */
export function writePage(site: string, host: Host, urlPath: string, html: string): void {
  const file = urlPath.endsWith('/')
    ? join(sitePath(site, host, urlPath), 'index.html')
    : sitePath(site, host, urlPath);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, html);
}

/** A page that is on pypi.org but is not a project page (serve it with `writePage`). */
export const SEARCH_PAGE = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Search results · PyPI</title></head>
<body><main id="content"><h1>Search results</h1><p>0 projects for "x"</p></main></body></html>
`;

/**
 * Where each index serves its files: warehouse's `files.url` setting (deployment configuration;
 * see src/content/selectors.ts), files.pythonhosted.org for pypi.org and
 * test-files.pythonhosted.org for test.pypi.org. Project pages link each file there.
 */
export const FILES_HOST: Record<Host, string> = {
  'pypi.org': 'files.pythonhosted.org',
  'test.pypi.org': 'test-files.pythonhosted.org',
};

/** A project page as `host` serves it: its download links on that index's files host. */
function onFilesHost(host: Host, html: string): string {
  return html.replaceAll('https://files.pythonhosted.org/', `https://${FILES_HOST[host]}/`);
}

/** What every project page of the site holds as its project description (both layouts). */
const DESCRIPTION = '<p>(description omitted)</p>';

/**
 * `page` (a project page of the site, or a saved page of ../shared/fixtures/pages) with
 * `description` as its project description: the author's HTML, inside `.project-description`
 * as warehouse renders it (includes/packaging/project-description.html@6b621571, legacy
 * detail.html@f61fad41).
 */
export function withDescription(page: string, description: string): string {
  if (!page.includes(DESCRIPTION)) throw new Error('expected a project page with a description');
  return page.replace(DESCRIPTION, () => description);
}

/**
 * The project page of `project` `version` as `host` serves it (`buildSite` writes these), for a
 * test to change and serve with `writePage`. `quarantined`: as PyPI shows a project its admins
 * quarantined (includes/packaging/project-status.html and project-header.html@6b621571; legacy
 * detail.html@f61fad41): a "Quarantined" notice, no pip command, the files still listed.
 */
export function projectPageOf(
  host: Host,
  project: string,
  version: string,
  files: SiteFile[],
  opts: { layout?: PageLayout; quarantined?: boolean } = {},
): string {
  return onFilesHost(
    host,
    projectPage(project, version, files, knownFiles(), opts.layout, opts.quarantined),
  );
}

/**
 * PyPI's 404 page (warehouse/templates/404.html, error-base-with-search.html, error-base.html
 * and base.html@6b621571; easter egg left out), served with status 404 for any path the index
 * has no page for, e.g. a project or release that does not exist. Serve it with
 * `writeStatus(site, host, path, NOT_FOUND_STATUS, NOT_FOUND_PAGE)`.
 */
export const NOT_FOUND_PAGE = `<!DOCTYPE html>
<!-- SYNTHETIC page written by e2e/site.ts from warehouse's 404 templates -->
<html lang="en" dir="ltr">
<head><meta charset="utf-8"><title>Page Not Found (404) · PyPI</title></head>
<body data-controller="viewport-toggle">
<div class="viewport-section viewport-section--dark">
  <div class="viewport-section__content">
    <a href="/"><img alt="PyPI" src="/static/images/logo-small.svg"></a>
    <h1 class="viewport-section__heading">We looked everywhere but couldn't find this page</h1>
    <form class="search-form search-form--large search-form--fullwidth" action="/search/" role="search">
      <label for="search" class="sr-only">Search PyPI</label>
      <input id="search" class="search-form__search large-input" type="text" name="q" placeholder="Search projects" autocomplete="off" spellcheck="false" autocapitalize="off">
      <button type="submit" class="search-form__button"><i class="fa fa-search" aria-hidden="true"></i><span class="sr-only">Search</span></button>
    </form>
    <div class="viewport-section__text">
      <p><strong>Error code&nbsp;404</strong><br><a href="/">Back to the homepage</a></p>
    </div>
  </div>
</div>
</body>
</html>
`;

/** The status line and header `NOT_FOUND_PAGE` is served with. */
export const NOT_FOUND_STATUS = '404\nContent-Type: text/html; charset=utf-8';

/**
 * The malware report form at /project/<name>/submit-malware-report/
 * (packaging/submit-malware-observation.html@6b621571, in base.html's `main#content`), as a
 * logged-in user sees it: a page under /project/<name>/ that is not a release.
 */
export function malwareReportPage(project: string): string {
  const e = escapeHtml(project);
  return `<!DOCTYPE html>
<!-- SYNTHETIC page written by e2e/site.ts from warehouse's submit-malware-observation.html -->
<html lang="en" dir="ltr">
<head><meta charset="utf-8"><title>Submit Malware Report for Project · PyPI</title></head>
<body data-controller="viewport-toggle">
<main id="content">
  <div class="horizontal-section">
    <div class="site-container">
      <h1 class="page-title">Submit Malware Report for Project: ${e}</h1>
      <p>Use this form to submit reports of malicious projects for review by the PyPI Administrators.</p>
      <form class="radio-toggle-form" method="post" action="/project/${e}/submit-malware-report/">
        <input name="csrf_token" type="hidden" value="x">
        <div class="form-group">
          <label for="inspector_link" class="form-group__label">Inspector Link <span class="form-group__required">(required)</span></label>
          <input id="inspector_link" name="inspector_link" class="form-group__field" type="url">
          <p class="form-group__help-text">Fill with a link to the problematic code lines from <a href="https://inspector.pypi.io/project/${e}/" target="_blank">Inspector</a>.</p>
        </div>
        <div class="form-group">
          <label for="summary" class="form-group__label">Summary <span class="form-group__required">(required)</span></label>
          <textarea id="summary" name="summary" class="form-group__field" rows="10"></textarea>
        </div>
        <input class="button button--danger" type="submit" value="Submit Malware Report">
      </form>
    </div>
  </div>
</main>
</body>
</html>
`;
}

export function removeSite(site: string): void {
  rmSync(site, { recursive: true, force: true, maxRetries: 3 });
}

function writeProject(
  site: string,
  host: Host,
  project: string,
  releases: Record<string, SiteFile[]>,
  known: Map<string, ApiFile>,
  layout: PageLayout = 'legacy',
  tabs = false,
): void {
  const name = canonicalizeName(project);
  const page = (html: string) => onFilesHost(host, tabs ? withProjectTabs(html) : html);
  const versions = sortVersions(Object.keys(releases));
  const latest = versions.at(-1);
  const write = (urlPath: string, body: string | Buffer) => {
    const file = sitePath(site, host, urlPath);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, body);
  };
  const apiFiles: Record<string, unknown[]> = {};
  for (const version of versions) {
    const files = releases[version] ?? [];
    apiFiles[version] = files.map((f) => apiFile(f, known));
    write(
      `/pypi/${name}/${version}/json`,
      jsonWithNewline({
        info: info(project, version, host),
        last_serial: LAST_SERIAL,
        urls: apiFiles[version],
        vulnerabilities: [],
        ownership: { organization: null, roles: [] },
      }),
    );
    for (const f of files) writeProvenance(site, host, project, version, f);
    write(
      `/project/${name}/${version}/index.html`,
      page(projectPage(project, version, files, known, layout)),
    );
  }
  if (latest !== undefined) {
    write(
      `/pypi/${name}/json`,
      jsonWithNewline({
        info: info(project, latest, host),
        last_serial: LAST_SERIAL,
        releases: apiFiles,
        urls: apiFiles[latest],
        vulnerabilities: [],
        ownership: { organization: null, roles: [] },
      }),
    );
    write(
      `/project/${name}/index.html`,
      page(projectPage(project, latest, releases[latest] ?? [], known, layout)),
    );
  }
  write(`/simple/${name}/index.json`, simpleJson(host, project, versions, releases, known));
  write(`/simple/${name}/index.html`, simpleHtml(host, project, versions, releases, known));
}

// ---------------------------------------------------------------------------------------------
// Big projects (issue 12): thousands of releases and a large description.

export interface BigProject {
  /** Files across every release; the latest release has the two of sampleproject 4.0.0. */
  files: number;
  /** Files per older release (wheels, then the sdist). @default 20 */
  filesPerRelease?: number;
  /** Bytes of the latest release's description (JSON API and page). @default 1 MB */
  descriptionBytes?: number;
  layout?: PageLayout;
}

/** The latest release of a big project: the version its pages show, its URLs' version. */
export const BIG_PROJECT_VERSION = SAMPLEPROJECT.version;

/**
 * Writes a project with `spec.files` files across its releases, in warehouse's shapes and key
 * order, without holding any document whole: older releases `1.0`, `1.1`, ... of
 * `filesPerRelease` made-up files each (no provenance; listed in the all-releases JSON and the
 * Simple API only), and the latest, `4.0.0`, with sampleproject 4.0.0's two real files and
 * provenance (JSON API, Integrity API, both project pages), so that its page verifies. Returns
 * how many releases it has.
 */
export function writeBigProject(
  site: string,
  host: Host,
  project: string,
  spec: BigProject,
): { releases: number } {
  const name = canonicalizeName(project);
  const per = spec.filesPerRelease ?? 20;
  const latest = BIG_PROJECT_VERSION;
  const latestFiles = sampleprojectSite()['pypi.org']?.sampleproject?.[latest] ?? [];
  const older = Math.max(0, Math.ceil((spec.files - latestFiles.length) / per));
  const known = knownFiles();
  const prefix = name.replace(/-/g, '_');
  const olderFiles = (k: number): SiteFile[] => {
    const version = `1.${k}`;
    const wheels = Array.from({ length: per - 1 }, (_, j) => ({
      filename: `${prefix}-${version}-cp3${j}-abi3-manylinux_2_17_x86_64.whl`,
      sha256: createHash('sha256').update(`${name} ${version} ${j}`).digest('hex'),
    }));
    const sdist = {
      filename: `${prefix}-${version}.tar.gz`,
      sha256: createHash('sha256').update(`${name} ${version} sdist`).digest('hex'),
    };
    return [...wheels, sdist].sort((a, b) => (a.filename < b.filename ? -1 : 1));
  };
  const versions = [...Array.from({ length: older }, (_, k) => `1.${k}`), latest];
  const filesOf = (i: number) => (i < older ? olderFiles(i) : latestFiles);
  const file = (urlPath: string) => {
    const path = sitePath(site, host, urlPath);
    mkdirSync(dirname(path), { recursive: true });
    return openSync(path, 'w');
  };
  const description = bigDescription(spec.descriptionBytes ?? 1_000_000);
  const latestInfo = {
    ...info(project, latest, host),
    description: description.text,
    description_content_type: 'text/markdown',
  };
  const head = wireJson(latestInfo);
  const tail = `,"vulnerabilities":[]}\n`;

  // The latest release's own document and its provenance.
  const latestApi = latestFiles.map((f) => apiFile(f, known));
  const one = file(`/pypi/${name}/${latest}/json`);
  writeSync(
    one,
    `{"info":${head},"last_serial":${LAST_SERIAL},"ownership":{"organization":null,"roles":[]},"urls":${wireJson(latestApi)}${tail}`,
  );
  closeSync(one);
  for (const f of latestFiles) writeProvenance(site, host, project, latest, f);

  // The all-releases document: `releases` keyed by version, sorted as strings (sort_keys).
  const all = file(`/pypi/${name}/json`);
  writeSync(
    all,
    `{"info":${head},"last_serial":${LAST_SERIAL},"ownership":{"organization":null,"roles":[]},"releases":{`,
  );
  const byString = versions.map((v, i) => [v, i] as const).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  byString.forEach(([v, i], n) => {
    const body = filesOf(i)
      .map((f) => wireJson(apiFile(f, known)))
      .join(',');
    writeSync(all, `${n ? ',' : ''}${JSON.stringify(v)}:[${body}]`);
  });
  writeSync(all, `},"urls":${wireJson(latestApi)}${tail}`);
  closeSync(all);

  // The Simple API listing: every file, oldest release first.
  const simple = file(`/simple/${name}/index.json`);
  writeSync(simple, '{"files":[');
  versions.forEach((v, i) => {
    const body = filesOf(i)
      .map((f) => wireJson(simpleFile(host, project, v, f, known)))
      .join(',');
    writeSync(simple, `${i ? ',' : ''}${body}`);
  });
  writeSync(
    simple,
    `],"meta":{"_last-serial":${LAST_SERIAL},"api-version":"1.4"},"name":${JSON.stringify(name)},"project-status":{"status":"active"},"versions":${JSON.stringify(versions)}}`,
  );
  closeSync(simple);

  for (const urlPath of [`/project/${name}/index.html`, `/project/${name}/${latest}/index.html`]) {
    const page = file(urlPath);
    writeSync(
      page,
      projectPage(project, latest, latestFiles, known, spec.layout, false, description.html),
    );
    closeSync(page);
  }
  return { releases: versions.length };
}

/** A long description: markdown for the JSON API, the same paragraphs as HTML for the page. */
function bigDescription(bytes: number): { text: string; html: string } {
  const paragraph =
    'This project has a very long description, as some real projects do: release notes, ' +
    'tables of options, examples and changelogs copied in full. ';
  const count = Math.max(1, Math.ceil(bytes / (paragraph.length + 2)));
  return {
    text: Array.from({ length: count }, () => paragraph).join('\n\n'),
    html: Array.from({ length: count }, () => `<p>${paragraph}</p>`).join('\n'),
  };
}

function writeProvenance(
  site: string,
  host: Host,
  project: string,
  version: string,
  f: SiteFile,
): void {
  const file = sitePath(site, host, integrityUrlPath(project, version, f.filename));
  if (f.provenanceFile !== undefined || f.provenance !== undefined) {
    mkdirSync(dirname(file), { recursive: true });
    if (f.provenanceFile !== undefined) copyFileSync(fixturePath(f.provenanceFile), file);
    else if (typeof f.provenance === 'string') writeFileSync(file, f.provenance);
    else writeFileSync(file, wireJson(f.provenance));
  }
  if (f.provenanceStatus !== undefined) {
    writeStatus(site, host, integrityUrlPath(project, version, f.filename), f.provenanceStatus);
  }
}

function hasProvenance(f: SiteFile): boolean {
  return (
    f.provenanceFile !== undefined || f.provenance !== undefined || f.provenanceStatus !== undefined
  );
}

function sortVersions(versions: string[]): string[] {
  return [...versions].sort((a, b) => {
    try {
      return compare(a, b);
    } catch {
      return 0;
    }
  });
}

/** Files the docs JSON example describes (real sizes, upload times, BLAKE2b digests). */
function knownFiles(): Map<string, ApiFile> {
  const docs = readFixtureJson<{ urls: ApiFile[] }>(DOCS_JSON);
  return new Map(docs.urls.map((u) => [u.filename, u]));
}

function info(project: string, version: string, host: Host): Record<string, unknown> {
  const base = `https://${host}/project/${canonicalizeName(project)}/`;
  if (canonicalizeName(project) === SAMPLEPROJECT.project && version === SAMPLEPROJECT.version) {
    const docs = readFixtureJson<{ info: Record<string, unknown> }>(DOCS_JSON).info;
    return { ...docs, package_url: base, project_url: base, release_url: `${base}${version}/` };
  }
  return {
    name: project,
    version,
    summary: `${project} (fake index)`,
    package_url: base,
    project_url: base,
    release_url: `${base}${version}/`,
    requires_python: null,
    yanked: false,
    yanked_reason: null,
  };
}

function packagetype(filename: string): 'sdist' | 'bdist_wheel' {
  return filename.endsWith('.whl') ? 'bdist_wheel' : 'sdist';
}

/** Per-file JSON API object (SHAPES.md §2); the sha256 always comes from the spec. */
function apiFile(f: SiteFile, known: Map<string, ApiFile>): Record<string, unknown> {
  const real = known.get(f.filename);
  const made = createHash('sha256').update(`fake blake2b ${f.filename}`).digest('hex');
  const b2 = real?.digests.blake2b_256 ?? made;
  const md5 = real?.digests.md5 ?? made.slice(0, 32);
  const upload = f.uploadTime ?? real?.upload_time_iso_8601 ?? '2024-11-06T22:37:10.000000Z';
  const wheelTag = /-([^-]+)-[^-]+-[^-]+\.whl$/.exec(f.filename)?.[1];
  return {
    comment_text: '',
    'core-metadata': false,
    digests: { blake2b_256: b2, md5, sha256: f.sha256 },
    downloads: -1,
    filename: f.filename,
    has_sig: false,
    md5_digest: md5,
    packagetype: packagetype(f.filename),
    python_version: wheelTag ?? 'source',
    requires_python: real?.requires_python ?? null,
    size: f.size ?? real?.size ?? 1000,
    upload_time: upload.replace(/\.\d+Z$/, '').replace(/Z$/, ''),
    upload_time_iso_8601: upload,
    url: fileUrl(b2, f.filename),
    yanked: f.yanked !== undefined && f.yanked !== false,
    yanked_reason: typeof f.yanked === 'string' ? f.yanked : null,
  };
}

function fileUrl(b2: string, filename: string): string {
  return `https://files.pythonhosted.org/packages/${b2.slice(0, 2)}/${b2.slice(2, 4)}/${b2.slice(4)}/${filename}`;
}

function simpleJson(
  host: Host,
  project: string,
  versions: string[],
  releases: Record<string, SiteFile[]>,
  known: Map<string, ApiFile>,
): string {
  const files = versions.flatMap((version) =>
    (releases[version] ?? []).map((f) => simpleFile(host, project, version, f, known)),
  );
  return wireJson({
    files,
    meta: { '_last-serial': LAST_SERIAL, 'api-version': '1.4' },
    name: canonicalizeName(project),
    'project-status': { status: 'active' },
    versions,
  });
}

/** One file of the Simple API JSON (SHAPES.md §3). */
function simpleFile(
  host: Host,
  project: string,
  version: string,
  f: SiteFile,
  known: Map<string, ApiFile>,
): Record<string, unknown> {
  const api = apiFile(f, known);
  return {
    'core-metadata': false,
    'data-dist-info-metadata': false,
    filename: f.filename,
    hashes: { sha256: f.sha256 },
    provenance: hasProvenance(f)
      ? `https://${host}${integrityUrlPath(project, version, f.filename)}`
      : null,
    'requires-python': api.requires_python,
    size: api.size,
    'upload-time': api.upload_time_iso_8601,
    url: api.url,
    yanked: typeof f.yanked === 'string' ? f.yanked : f.yanked === true,
  };
}

function simpleHtml(
  host: Host,
  project: string,
  versions: string[],
  releases: Record<string, SiteFile[]>,
  known: Map<string, ApiFile>,
): string {
  const links = versions.flatMap((version) =>
    (releases[version] ?? []).map((f) => {
      const prov = hasProvenance(f)
        ? ` data-provenance="https://${host}${integrityUrlPath(project, version, f.filename)}"`
        : '';
      const href = `${String(apiFile(f, known).url)}#sha256=${f.sha256}`;
      return `    <a href="${escapeHtml(href)}"${prov}>${escapeHtml(f.filename)}</a><br />`;
    }),
  );
  const name = escapeHtml(canonicalizeName(project));
  return `<!DOCTYPE html>
<html>
  <head>
    <meta name="pypi:repository-version" content="1.4">
    <title>Links for ${name}</title>
  </head>
  <body>
    <h1>Links for ${name}</h1>
${links.join('\n')}
  </body>
</html>
<!--SERIAL ${LAST_SERIAL}-->
`;
}

/**
 * The project page. sampleproject 4.0.0 gets the hand-written fixture of the layout; other
 * projects a small page with the same DOM anchors (../shared/fixtures/pages/DOM.md). As in
 * warehouse's templates, a release without files has no "Download files" tab nor panel
 * (packaging/detail.html and includes/packaging/project-navigation.html@6b621571: `{% if files %}`).
 */
function projectPage(
  project: string,
  version: string,
  files: SiteFile[],
  known: Map<string, ApiFile>,
  layout: PageLayout = 'legacy',
  quarantined = false,
  /** The rendered description (trusted HTML written here), inside `.project-description`. */
  description = DESCRIPTION,
): string {
  if (canonicalizeName(project) === SAMPLEPROJECT.project && version === SAMPLEPROJECT.version) {
    if (quarantined) throw new Error('the saved sampleproject pages are not quarantined');
    return readFixtureText(layout === '2026' ? LAYOUT_2026_PAGE : LEGACY_PAGE);
  }
  if (layout === '2026') {
    return projectPage2026(project, version, files, known, quarantined, description);
  }
  const e = escapeHtml;
  const row = (f: SiteFile) => {
    const api = apiFile(f, known);
    return `            <div class="file">
              <div class="file__graphic"><i class="far fa-file" aria-hidden="true"></i></div>
              <div class="card file__card">
                <a href="${e(String(api.url))}">${e(f.filename)}</a>
                (${e(String(api.size))} B
                <a href="#${e(f.filename)}" data-project-tabs-target="tab mobileTab" data-action="project-tabs#onTabClick">view details</a>)
              </div>
            </div>`;
  };
  const details = (
    f: SiteFile,
  ) => `          <div id="${e(f.filename)}" data-project-tabs-target="content" class="vertical-tabs__content" role="tabpanel" aria-labelledby="file-tab mobile-file-tab" tabindex="-1">
            <h2 class="page-title">File details</h2>
            <p>Details for the file <code>${e(f.filename)}</code>.</p>
            <h3>File hashes</h3>
            <div>
              <table class="table table--hashes">
                <caption class="sr-only">Hashes for ${e(f.filename)}</caption>
                <tbody>
                  <tr data-controller="clipboard"><th scope="row">SHA256</th><td><code data-clipboard-target="source">${e(f.sha256)}</code></td></tr>
                </tbody>
              </table>
            </div>${hasProvenance(f) ? `\n            <h3>Provenance</h3>\n            <p>The following attestation bundles were made for <code>${e(f.filename)}</code>:</p>` : ''}
          </div>`;
  const sdists = files.filter((f) => packagetype(f.filename) === 'sdist');
  const wheels = files.filter((f) => packagetype(f.filename) === 'bdist_wheel');
  const name = canonicalizeName(project);
  return `<!DOCTYPE html>
<!-- SYNTHETIC page written by e2e/site.ts (legacy-layout anchors, see fixtures pages/DOM.md) -->
<html lang="en" dir="ltr">
<head>
  <meta charset="utf-8">
  <title>${e(project)} · PyPI</title>
  <link rel="canonical" href="https://pypi.org/project/${e(name)}/">
</head>
<body>
<main id="content">
  <div class="banner">
    <div class="package-header">
      <div class="package-header__left">
        <h1 class="package-header__name">${e(project)} ${e(version)}</h1>
${quarantined ? '' : `        <p class="package-header__pip-instructions"><span id="pip-command">pip install ${e(project)}</span></p>\n`}      </div>
${quarantined ? '      <div class="package-header__right">\n        <a class="status-badge status-badge--warn" href="/help/#project_in_quarantine"><span>This project has been quarantined</span></a>\n      </div>\n' : ''}    </div>
  </div>
  <div data-controller="project-tabs">
    <div class="tabs-container">
      <div class="vertical-tabs">
        <div class="vertical-tabs__tabs">
          <div class="sidebar-section">
            <h3 class="sidebar-section__title">Navigation</h3>
            <nav aria-label="Navigation for ${e(project)}">
              <ul class="vertical-tabs__list" role="tablist">
                <li role="tab"><a id="description-tab" href="#description" data-project-tabs-target="tab" class="vertical-tabs__tab">Project description</a></li>
                ${files.length > 0 ? `<li role="tab"><a id="files-tab" href="#files" data-project-tabs-target="tab" class="vertical-tabs__tab">Download files</a></li>` : ''}
              </ul>
            </nav>
          </div>
        </div>
        <div class="vertical-tabs__panel">
          <div id="description" data-project-tabs-target="content" class="vertical-tabs__content" role="tabpanel" aria-labelledby="description-tab mobile-description-tab" tabindex="-1">
${quarantined ? '            <div class="callout-block callout-block--warning"><p>This project has been quarantined.</p><p>PyPI Admins need to review this project before it can be restored. While in quarantine, the project is not installable by clients, and cannot be being modified by its maintainers.</p></div>\n' : ''}            <h2 class="page-title">Project description</h2>
            <div class="project-description">${description}</div>
          </div>
${
  files.length === 0
    ? ''
    : `          <div id="files" data-project-tabs-target="content" class="vertical-tabs__content" role="tabpanel" aria-labelledby="files-tab mobile-files-tab" tabindex="-1" data-controller="filter-list">
            <h2 class="page-title">Download files</h2>
${sdists.length > 0 ? `            <h3>Source Distribution</h3>\n${sdists.map(row).join('\n')}` : ''}
${wheels.length > 0 ? `            <h3>Built Distribution${wheels.length > 1 ? 's' : ''}</h3>\n${wheels.map(row).join('\n')}` : ''}
          </div>
${files.map(details).join('\n')}`
}
        </div>
      </div>
    </div>
  </div>
</main>
</body>
</html>
`;
}

/** A generated page with the 2026 layout's anchors (DOM.md; warehouse 6b621571). */
function projectPage2026(
  project: string,
  version: string,
  files: SiteFile[],
  known: Map<string, ApiFile>,
  quarantined = false,
  description = DESCRIPTION,
): string {
  const e = escapeHtml;
  const row = (f: SiteFile) => {
    const api = apiFile(f, known);
    return `          <div class="file">
            <div class="file__graphic"><i class="far fa-file" aria-hidden="true"></i></div>
            <div class="card file__card">
              <a href="${e(String(api.url))}">${e(f.filename)}</a>
              (${e(String(api.size))} B
              <a href="#${e(f.filename)}" data-project-tabs-target="tab" data-action="project-tabs#tabClick">view details</a>)
              <p class="file__meta">Uploaded <time datetime="${e(String(api.upload_time_iso_8601))}">${e(String(api.upload_time))}</time></p>
            </div>
          </div>`;
  };
  const details = (
    f: SiteFile,
  ) => `        <div id="${e(f.filename)}" data-project-tabs-target="content" class="vertical-tabs__content" role="tabpanel" aria-labelledby="file-tab mobile-file-tab" tabindex="-1">
          <h2 class="page-title">File details</h2>
          <p>Details for the file <code>${e(f.filename)}</code>.</p>
          <h3>File hashes</h3>
          <div>
            <table class="table table--hashes">
              <caption class="sr-only">Hashes for ${e(f.filename)}</caption>
              <tbody>
                <tr data-controller="clipboard"><th scope="row">SHA256</th><td><code data-clipboard-target="source">${e(f.sha256)}</code></td></tr>
              </tbody>
            </table>
          </div>${hasProvenance(f) ? `\n          <h3>Provenance</h3>\n          <p>The following attestation bundles were made for <code>${e(f.filename)}</code>:</p>` : ''}
        </div>`;
  const sdists = files.filter((f) => packagetype(f.filename) === 'sdist');
  const wheels = files.filter((f) => packagetype(f.filename) === 'bdist_wheel');
  const name = canonicalizeName(project);
  return `<!DOCTYPE html>
<!-- SYNTHETIC page written by e2e/site.ts (2026-layout anchors, see fixtures pages/DOM.md) -->
<html lang="en" dir="ltr">
<head>
  <meta charset="utf-8">
  <title>${e(project)} · PyPI</title>
  <link rel="canonical" href="https://pypi.org/project/${e(name)}/">
</head>
<body>
<main id="content">
${quarantined ? '  <div class="project-status project-status--quarantined">\n    <div class="project-status__content">\n      <strong class="project-status__label"><i class="fa fa-shield-halved" aria-hidden="true"></i> Quarantined</strong>\n      <p class="project-status__description">This project has been <a href="/help/#project_in_quarantine">quarantined</a> by PyPI admins. It cannot be installed or modified until a security review is complete.</p>\n    </div>\n  </div>\n' : ''}  <div class="banner ${quarantined ? 'banner--quarantined' : ''} banner--project">
    <div class="project-header">
      <h1 class="project-header__name">${e(project)} ${e(version)}</h1>
      <p class="project-header__summary">${e(project)} (fake index)</p>
${quarantined ? '' : `      <p class="project-header__pip-instructions"><span id="pip-command">pip install ${e(project)}</span></p>\n`}    </div>
  </div>
  <div data-controller="project-tabs" class="project-tabs">
    <nav class="project-tabs__tabs" aria-label="Navigation for ${e(project)}">
      <ul class="project-tabs__list" role="tablist">
        <li role="presentation"><a id="description-tab" href="#description" role="tab" class="project-tabs__tab project-tabs__tab--is-active" data-project-tabs-target="tab" data-action="project-tabs#tabClick">Description</a></li>
        ${files.length > 0 ? `<li role="presentation"><a id="files-tab" href="#files" role="tab" class="project-tabs__tab" data-project-tabs-target="tab" data-action="project-tabs#tabClick">Download files</a></li>` : ''}
      </ul>
    </nav>
    <div class="project-tabs__panel">
      <div id="description" data-project-tabs-target="content" role="tabpanel" aria-labelledby="description-tab" tabindex="-1">
        <div class="project-description">
          <div class="project-description__main"><div class="project-description__content">${description}</div></div>
          <div class="project-description__sidebar"></div>
        </div>
      </div>
${
  files.length === 0
    ? ''
    : `      <div id="files" data-project-tabs-target="content" role="tabpanel" aria-labelledby="files-tab" tabindex="-1" data-controller="filter-list">
        <h2 class="page-title">Download files</h2>
${sdists.length > 0 ? `        <h3>Source Distribution${sdists.length > 1 ? 's' : ''}</h3>\n${sdists.map(row).join('\n')}` : ''}
${wheels.length > 0 ? `        <h3>Built Distribution${wheels.length > 1 ? 's' : ''}</h3>\n${wheels.map(row).join('\n')}` : ''}
      </div>
${files.map(details).join('\n')}`
}
    </div>
  </div>
</main>
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

/** Sorted keys at every level, like warehouse's renderers (`sort_keys=True`). */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** Integrity/Simple wire format: compact, sorted keys, ASCII-escaped, no trailing newline. */
function wireJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** JSON API format: compact, sorted keys, trailing newline (`json-with-newline` renderer). */
function jsonWithNewline(value: unknown): string {
  return `${wireJson(value)}\n`;
}
