/**
 * Our core in a plain page of the same Chromium, next to the peer (same context, same inputs):
 * the synchronous `verifyProvenance` the worker calls today, and `verifyProvenanceAsync`, which
 * has WebCrypto check the ECDSA signatures first (src/core/sigstore/prepare.ts). Bundled by
 * vite with the worker build's aliases and served at https://pypi.org/bench/core/.
 */
import type { Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { writePage } from '../../e2e/site.js';
import type { VerifyInput } from './inputs.js';
import { median } from './stats.js';

export const CORE_URL = 'https://pypi.org/bench/core/';
const CORE_MODULE = '/bench/core/core.js';

export interface CorePageRun {
  /** First verification in a fresh page (trust root loaded lazily), per attestation. */
  firstMs: number;
  firstRoundMs: number;
  steadyMs: number;
  /** Checks answered from WebCrypto's results (async mode). */
  webCryptoHits: number;
}

export async function addCoreToSite(repo: string, site: string): Promise<void> {
  const out = mkdtempSync(join(tmpdir(), 'pypi-provenance-bench-core-'));
  const shim = (file: string) => join(repo, 'src', 'shims', file);
  try {
    await build({
      root: repo,
      configFile: false,
      logLevel: 'warn',
      resolve: {
        alias: [
          { find: /^(node:)?crypto$/, replacement: shim('crypto.ts') },
          { find: /^(node:)?util$/, replacement: shim('util.ts') },
          { find: /^(node:)?buffer$/, replacement: shim('buffer.ts') },
        ],
      },
      build: {
        outDir: out,
        emptyOutDir: true,
        target: 'chrome120',
        minify: true,
        lib: {
          entry: join(repo, 'bench/core/entry.ts'),
          formats: ['es'],
          fileName: () => 'core.js',
        },
        rollupOptions: { output: { codeSplitting: false } },
      },
    });
    const dir = join(site, 'pypi.org', 'bench', 'core');
    mkdirSync(dir, { recursive: true });
    for (const file of readdirSync(out).filter((f) => f.endsWith('.js'))) {
      writeFileSync(join(dir, file), readFileSync(join(out, file)));
    }
    writePage(
      site,
      'pypi.org',
      '/bench/core/',
      '<!DOCTYPE html><html><head><meta charset="utf-8"><title>core</title></head><body></body></html>\n',
    );
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

export async function corePageRun(
  page: Page,
  inputs: VerifyInput[],
  rounds: number,
  mode: 'sync' | 'async',
): Promise<CorePageRun> {
  await page.goto(CORE_URL);
  const payloads = inputs.map((i) => ({
    filename: i.filename,
    sha256: i.sha256,
    provenance: i.provenance,
  }));
  const r = await page.evaluate(
    async ({ payloads, rounds, mode, module }) => {
      const core = await import(/* @vite-ignore */ module);
      const times: number[] = [];
      const states: string[] = [];
      for (let round = 0; round <= rounds; round++) {
        for (const p of payloads) {
          const t0 = performance.now();
          const result =
            mode === 'async' ? await core.verifyProvenanceAsync(p) : core.verifyProvenance(p);
          times.push(performance.now() - t0);
          states.push(result.state);
        }
      }
      return { times, states, hits: core.signatureCheckStats.hits as number };
    },
    { payloads, rounds, mode, module: CORE_MODULE },
  );
  const bad = r.states.findIndex((s) => s !== 'verified');
  if (bad >= 0)
    throw new Error(
      `core page (${mode}): ${inputs[bad % inputs.length]?.name} gave ${r.states[bad]}`,
    );
  const perAttestation = r.times.map(
    (t, k) => t / (inputs[k % inputs.length] as VerifyInput).attestations,
  );
  const n = inputs.length;
  return {
    firstMs: perAttestation[0] as number,
    firstRoundMs: median(perAttestation.slice(1, n)),
    steadyMs: median(perAttestation.slice(n)),
    webCryptoHits: r.hits,
  };
}
