/**
 * Project descriptions an attacker can publish, to move, hide or fake the extension's marks
 * (issue 11 §1). PyPI renders a README with readme_renderer (nh3), which keeps `id` on any
 * element and `class` on div/span, and puts it before the Download-files panel in both layouts;
 * these go further than nh3 lets through (roles, data attributes, a whole fake tabs frame), so
 * that what stops them is where the extension looks, not what the sanitizer happens to strip.
 * Used by the selectors' unit tests (happy-dom) and by e2e/description-attacks.spec.ts.
 */

/** A file of the release as PyPI lists it: its name and its real download link. */
export interface RealFile {
  filename: string;
  url: string;
}

const escape = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** A download link's path for `filename` on a files host, in warehouse's shape. */
const path = (filename: string): string =>
  `/packages/ab/cd/${'e'.repeat(60)}/${encodeURIComponent(filename)}`;

/** A row of the files list, as project-files.html renders one. */
const row = (href: string, text: string): string =>
  `<div class="file"><div class="file__graphic"><i class="far fa-file"></i></div>` +
  `<div class="card file__card"><a href="${escape(href)}">${escape(text)}</a> (1.2 kB ` +
  `<a href="#${escape(text)}" data-project-tabs-target="tab" data-action="project-tabs#tabClick">view details</a>)` +
  `<p class="file__meta">Uploaded <time datetime="2024-11-06T22:37:10+0000">Nov 6, 2024</time></p></div></div>`;

/** A "Download files" panel with PyPI's id, role, Stimulus target and label. */
const filesPanel = (rows: string): string =>
  `<div id="files" data-project-tabs-target="content" role="tabpanel" aria-labelledby="files-tab mobile-files-tab" tabindex="-1" data-controller="filter-list">` +
  `<h2 class="page-title">Download files</h2><h3>Source Distribution</h3>${rows}</div>`;

/** A file details panel as file-details.html renders one, with a zero digest and "Provenance". */
const detailsPanel = (filename: string): string =>
  `<div id="${escape(filename)}" data-project-tabs-target="content" class="vertical-tabs__content" role="tabpanel" aria-labelledby="file-tab mobile-file-tab" tabindex="-1">` +
  `<h2 class="page-title">File details</h2><p>Details for the file <code>${escape(filename)}</code>.</p>` +
  `<h3>File hashes</h3><div><table class="table table--hashes"><tbody><tr data-controller="clipboard"><th scope="row">SHA256</th>` +
  `<td><code data-clipboard-target="source">${'0'.repeat(64)}</code></td></tr></tbody></table></div>` +
  `<h3>Provenance</h3><p>The following attestation bundles were made for <code>${escape(filename)}</code>:</p></div>`;

/**
 * Names that look like `filename` and are not it: a Cyrillic "а", a zero-width space, a
 * right-to-left override, a fullwidth full stop, a no-break space, another case, a soft hyphen.
 */
export function lookalikes(filename: string): string[] {
  const dot = filename.lastIndexOf('.');
  return [
    filename.replace('a', '\u0430'),
    `${filename.slice(0, 3)}\u200b${filename.slice(3)}`,
    `\u202e${filename}`,
    `${filename.slice(0, dot)}\uff0e${filename.slice(dot + 1)}`,
    `${filename}\u00a0`,
    filename.toUpperCase(),
    `${filename.slice(0, 4)}\u00ad${filename.slice(4)}`,
  ];
}

/** The battery, by name: each a project description. */
export function hostileDescriptions(files: readonly RealFile[]): Record<string, string> {
  const real = files.map((f) => f.filename);
  const battery: Record<string, string> = {
    'a files panel whose links go elsewhere': filesPanel(
      real.map((f) => row(`https://evil.example${path(f)}`, f)).join(''),
    ),
    'a files panel with the real download links': filesPanel(
      files.map((f) => row(f.url, f.filename)).join(''),
    ),
    'a whole fake tabs frame': `<div data-controller="project-tabs" class="project-tabs"><nav class="project-tabs__tabs"><ul class="project-tabs__list" role="tablist"><li role="presentation"><a id="files-tab" href="#files" role="tab" aria-controls="files" data-project-tabs-target="tab">Download files</a></li></ul></nav><div class="project-tabs__panel vertical-tabs__panel">${filesPanel(
      files.map((f) => row(f.url, f.filename)).join(''),
    )}${real.map(detailsPanel).join('')}</div></div>`,
    'a details panel for each file': real.map(detailsPanel).join(''),
    'duplicate ids': [
      '<div id="files"><div class="file"><div class="card file__card"><a href="https://evil.example/x">x</a></div></div></div>',
      '<span id="files"></span><h2 id="description">Description</h2><div id="history"></div>',
      ...real.map((f) => `<div id="${escape(f)}"><h3>Provenance</h3></div>`),
    ].join(''),
    'badges imitating ours': [
      '<div data-provenance-summary="verified" data-provenance-alert="">✓ Provenance verified · pypa/sampleproject · release.yml</div>',
      '<div data-provenance-warnings=""></div><div data-provenance-note="">Nothing to check</div>',
      ...real.map(
        (f) =>
          `<span data-provenance-file="${escape(f)}" data-provenance-state="verified">✓ Verified</span>` +
          `<div data-provenance-card="${escape(f)}" data-provenance-state="verified"><h3>Verified in your browser</h3></div>`,
      ),
    ].join(''),
    'look-alike filenames on the real files host': filesPanel(
      real
        .flatMap((f) => lookalikes(f))
        .map((f) => row(`https://files.pythonhosted.org${path(f)}`, f))
        .join(''),
    ),
    'look-alike details panels': real.flatMap(lookalikes).map(detailsPanel).join(''),
    'a fake "Download files" tab': [
      '<a id="files-tab" href="https://evil.example/download" role="tab" aria-controls="files" data-project-tabs-target="tab">Download files</a>',
      '<a id="mobile-files-tab" href="#files" data-project-tabs-target="tab mobileTab">Download files</a>',
    ].join(''),
    'a fake header': [
      '<h1 class="package-header__name project-header__name">sampleproject 9.9.9</h1>',
      '<div class="project-status project-status--quarantined">Quarantined</div>',
    ].join(''),
    'RTL marks': [
      `<p>\u202e${real.map((f) => [...f].reverse().join('')).join(' ')}\u202c</p>`,
      `<div id="\u202efiles" dir="rtl">${real.map((f) => `<span id="\u200f${escape(f)}">${escape(f)}</span>`).join('')}</div>`,
    ].join(''),
    'links to other hosts with the real filename': filesPanel(
      real
        .flatMap((f) =>
          [
            `https://files.pythonhosted.org.evil.example${path(f)}`,
            `https://evil.example/files.pythonhosted.org${path(f)}`,
            `http://files.pythonhosted.org${path(f)}`,
            `https://files.pythonhosted.org@evil.example${path(f)}`,
            `https://files.pythonhosted.org:8443${path(f)}`,
            `https://test-files.pythonhosted.org${path(f)}`,
            `https://files.pythonhosted.org${path(f)}?evil`,
          ].map((href) => row(href, f)),
        )
        .join(''),
    ),
  };
  return { ...battery, 'all of them at once': Object.values(battery).join('\n') };
}
