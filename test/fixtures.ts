/**
 * Where the shared test fixtures live. Tests read real attestations, trust roots and
 * conformance cases from ../shared/fixtures (never copied into this repository); the
 * PYPI_PROVENANCE_FIXTURES environment variable overrides the path.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the nearest folder up from this module with a package.json (this file
 * may run bundled from .cache/, see scripts/run-ts.js). */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

export const FIXTURES_DIR = resolve(
  process.env.PYPI_PROVENANCE_FIXTURES ?? join(repoRoot(), '..', 'shared', 'fixtures'),
);

if (!existsSync(FIXTURES_DIR)) {
  throw new Error(
    `test fixtures not found at ${FIXTURES_DIR}: check out ../shared beside the project or set PYPI_PROVENANCE_FIXTURES`,
  );
}

export function fixturePath(...parts: string[]): string {
  return join(FIXTURES_DIR, ...parts);
}

export function readFixture(...parts: string[]): Buffer {
  return readFileSync(fixturePath(...parts));
}

export function readFixtureText(...parts: string[]): string {
  return readFileSync(fixturePath(...parts), 'utf8');
}

export function readFixtureJson<T = unknown>(...parts: string[]): T {
  return JSON.parse(readFixtureText(...parts)) as T;
}
