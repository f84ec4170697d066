/**
 * Points test/fixtures.ts at ../shared/fixtures when running bundled by scripts/run-ts.js:
 * that bundle lives in .cache/run-ts/, so test/fixtures.ts's path relative to its own
 * module (import.meta.url) would be wrong there. Import this module before anything that
 * imports test/fixtures.ts. An explicit PYPI_PROVENANCE_FIXTURES always wins.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

function projectRoot(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if (
          (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'pypi-provenance'
        ) {
          return dir;
        }
      } catch {
        // not ours; keep looking
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

if (process.env.PYPI_PROVENANCE_FIXTURES === undefined) {
  const root = projectRoot();
  if (root) process.env.PYPI_PROVENANCE_FIXTURES = resolve(root, '..', 'shared', 'fixtures');
}
