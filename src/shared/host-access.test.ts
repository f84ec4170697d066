import { describe, expect, it } from 'vitest';
import { accessPatterns, hasAccess, indexHost, isIndex, noAccessMessage } from './host-access.js';
import manifest from '../../manifest.json' with { type: 'json' };
import { INDEXES } from './project-page.js';

describe('host access', () => {
  it("asks for exactly the manifest's host permissions and content script matches", () => {
    const declared = [
      ...manifest.host_permissions,
      ...manifest.content_scripts.flatMap((c) => c.matches),
    ];
    expect(INDEXES.flatMap(accessPatterns).sort()).toEqual([...new Set(declared)].sort());
    for (const index of INDEXES) {
      for (const pattern of accessPatterns(index))
        expect(pattern.startsWith(`${index}/`)).toBe(true);
    }
    expect(INDEXES.map(indexHost)).toEqual(['pypi.org', 'test.pypi.org']);
  });

  it('knows the indexes only', () => {
    expect(isIndex('https://pypi.org')).toBe(true);
    expect(isIndex('https://evil.example')).toBe(false);
    expect(isIndex('http://pypi.org')).toBe(false);
  });

  it("answers with the browser's permissions.contains for an index", async () => {
    const asked: unknown[] = [];
    const permissions = {
      contains: async (p: { origins: string[] }) => {
        asked.push(p);
        return p.origins.every((o) => o.startsWith('https://pypi.org/'));
      },
    };
    expect(await hasAccess(permissions, 'https://pypi.org')).toBe(true);
    expect(await hasAccess(permissions, 'https://test.pypi.org')).toBe(false);
    expect(asked).toEqual([
      { origins: ['https://pypi.org/*', 'https://pypi.org/project/*'] },
      { origins: ['https://test.pypi.org/*', 'https://test.pypi.org/project/*'] },
    ]);
  });

  it('assumes access when it cannot tell (no API, a failing API, not an index)', async () => {
    expect(await hasAccess(undefined, 'https://pypi.org')).toBe(true);
    const failing = { contains: () => Promise.reject(new Error('no')) };
    expect(await hasAccess(failing, 'https://pypi.org')).toBe(true);
    const never = { contains: async () => false };
    expect(await hasAccess(never, 'https://evil.example')).toBe(true);
  });

  it('names the host in its message', () => {
    expect(noAccessMessage('https://test.pypi.org')).toContain('access to test.pypi.org');
  });
});
