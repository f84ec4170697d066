/**
 * Playwright global setup: a temp dir the workers share for the extension builds that only
 * some specs need (e2e/fixtures.ts `extensionBuild`: the TEST build with the test Sigstore
 * instance's root, a build with a stale trust root). Nothing is built here: the first test
 * that needs a build makes it, once per run; the returned teardown removes the dir.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILDS_ENV } from './fixtures.js';

export default function globalSetup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'pypi-provenance-e2e-builds-'));
  // Workers inherit the runner's environment.
  process.env[BUILDS_ENV] = dir;
  return () => rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}
