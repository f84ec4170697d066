/**
 * The code users run is the code tested: the built worker verifier (dist/assets/verifier.js,
 * with sigstore-js on the @noble crypto shims and our Buffer shim) verifies every real
 * fixture and rejects every negative with the same reason as the core under Node's crypto.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FileResult } from '../src/core/result.js';
import { NEGATIVE_CASES, VALID_CASES } from './cases.js';
import { readFixtureJson } from './fixtures.js';
import { caseProvenance } from './load-case.js';

const DIST = fileURLToPath(new URL('../dist/assets/', import.meta.url));
const CHUNK = join(DIST, 'verifier.js');
const cases = [...VALID_CASES, ...NEGATIVE_CASES];
let results: FileResult[] = [];
let asyncResults: FileResult[] = [];

beforeAll(() => {
  if (!existsSync(CHUNK)) throw new Error(`${CHUNK} is missing: run npm run build first`);
  const input = cases.map((c) => ({
    filename: c.filename,
    sha256: c.sha256,
    provenance: caseProvenance(c),
    ...(c.root && { root: readFixtureJson(c.root) }),
  }));
  const out = execFileSync(
    process.execPath,
    [fileURLToPath(new URL('./run-built-verifier.mjs', import.meta.url)), CHUNK],
    { input: JSON.stringify(input), maxBuffer: 64 << 20 },
  );
  const parsed = JSON.parse(out.toString('utf8')) as {
    results: FileResult[];
    asyncResults: FileResult[];
  };
  results = parsed.results;
  asyncResults = parsed.asyncResults;
}, 60_000);

describe('the built worker verifier', () => {
  it('imports no Node built-in module (crypto, util, buffer come from the shims)', () => {
    for (const file of readdirSync(DIST).filter((f) => f.endsWith('.js'))) {
      const src = readFileSync(join(DIST, file), 'utf8');
      expect(src, file).not.toMatch(/\bfrom\s*["'](node:)?(crypto|util|buffer|fs|path)["']/);
      expect(src, file).not.toMatch(/\brequire\(["'](node:)?(crypto|util|buffer)["']\)/);
    }
  });

  it.each(cases.map((c, i) => [c.name, c.expect, i] as const))('%s → %s', (_name, expected, i) => {
    const r = results[i];
    if (expected === 'verified') expect(r, JSON.stringify(r)).toMatchObject({ state: 'verified' });
    else expect(r).toMatchObject({ state: 'failed', code: expected });
    // The worker's async entry (WebCrypto checks first) gives exactly the same result.
    expect(asyncResults[i]).toEqual(r);
  });
});
