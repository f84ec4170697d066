import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildSite, removeSite, sampleprojectSite } from '../../e2e/site.js';
import { dressSite } from './dress.js';

let site: string | undefined;
afterEach(() => {
  if (site) removeSite(site);
  site = undefined;
});

describe('dressSite', () => {
  it('adds the pypi.org look and header to project pages, leaving their own markup', () => {
    site = buildSite(sampleprojectSite(), { layout: '2026' });
    const path = join(site, 'pypi.org', 'project', 'sampleproject', '4.0.0', 'index.html');
    const before = readFileSync(path, 'utf8');
    dressSite(site);
    const after = readFileSync(path, 'utf8');
    expect(after).toContain('<link rel="stylesheet" href="/static/demo/pypi-look.css">');
    expect(after).toMatch(/<body[^>]*>\n<header class="site-header">/);
    // Only added: the page the content script reads is all still there, in order.
    const added = after
      .replace(/ {2}<link rel="stylesheet" href="\/static\/demo\/pypi-look.css">\n/, '')
      .replace(/\n<header class="site-header">[\s\S]*?<\/header>/, '');
    expect(added).toBe(before);
    expect(after.match(/<h1 /g)).toHaveLength(1);
    const css = readFileSync(join(site, 'pypi.org', 'static', 'demo', 'pypi-look.css'), 'utf8');
    expect(css).toContain('.site-header');
  });
});
