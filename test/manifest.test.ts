/**
 * Conventions checked by tests: minimal permissions, nothing exposed to pages, the background
 * talks only to the hosts it has permission for, and nothing inserts HTML.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { INDEXES } from '../src/shared/project-page.js';
import { TUF_ORIGIN, TUF_PERMISSION } from '../src/shared/tuf-repository.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const manifest = JSON.parse(readFileSync(join(ROOT, 'manifest.json'), 'utf8'));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'generated' ? [] : sources(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

describe('manifest.json', () => {
  it('asks for storage and the two PyPI hosts, nothing else', () => {
    expect(manifest.permissions).toEqual(['storage']);
    expect(manifest.host_permissions).toEqual(['https://pypi.org/*', 'https://test.pypi.org/*']);
    expect(manifest.optional_permissions).toBeUndefined();
  });
  it("may ask, only when the user turns the trust root's refresh on, for Sigstore's TUF host", () => {
    expect(manifest.optional_host_permissions).toEqual([`${TUF_ORIGIN}/*`]);
    expect(TUF_PERMISSION.origins).toEqual(manifest.optional_host_permissions);
  });
  it('exposes nothing to pages and accepts no outside messages', () => {
    expect(manifest.web_accessible_resources).toBeUndefined();
    expect(manifest.externally_connectable).toBeUndefined();
  });
  it('runs the content script on project pages only', () => {
    expect(manifest.content_scripts).toHaveLength(1);
    expect(manifest.content_scripts[0].matches).toEqual([
      'https://pypi.org/project/*',
      'https://test.pypi.org/project/*',
    ]);
  });
  it("gives the background exactly its host permissions' origins", () => {
    expect(INDEXES.map((o) => `${o}/*`)).toEqual(manifest.host_permissions);
  });
  it.each(['dist', 'dist-firefox'])(
    'built into %s, still exposes no web-accessible resources',
    (dir) => {
      const built = join(ROOT, dir, 'manifest.json');
      if (!existsSync(built)) return; // the Firefox build is made by `npm run build:firefox`
      const m = JSON.parse(readFileSync(built, 'utf8'));
      expect(m.web_accessible_resources ?? []).toEqual([]);
      expect(m.permissions).toEqual(['storage']);
      expect(m.host_permissions).toEqual(manifest.host_permissions);
      expect(m.optional_host_permissions).toEqual(manifest.optional_host_permissions);
      expect(m.optional_permissions).toBeUndefined();
    },
  );
});

describe('sources', () => {
  const files = sources(join(ROOT, 'src'));
  it('never insert HTML (network data is rendered as text only)', () => {
    const offenders = files.filter((f) =>
      /\b(innerHTML|outerHTML|insertAdjacentHTML|document\.write|dangerouslySetInnerHTML)\b/.test(
        readFileSync(f, 'utf8'),
      ),
    );
    expect(offenders).toEqual([]);
  });
  it('keep src/core free of browser and Node APIs', () => {
    const core = files.filter((f) => f.includes('/src/core/') && !f.endsWith('.test.ts'));
    for (const f of core) {
      // Code only: comments may name the APIs they avoid.
      const text = readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      expect(text, f).not.toMatch(
        /from ['"]node:|\b(chrome|browser|document|window|localStorage)\./,
      );
    }
  });
});
