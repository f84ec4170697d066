/**
 * The peer: @freedomofpress/sigstore-browser 0.1.11 (pinned devDependency), bundled for the
 * browser by vite and served by the fake pypi.org at https://pypi.org/bench/peer/ (a plain
 * page: the content script only runs on /project/ pages). It runs on the page's main thread
 * of the same Chromium, on the same attestations (the bundles our core builds from them).
 */
import type { Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { writePage } from '../../e2e/site.js';
import type { VerifyInput } from './inputs.js';
import { median } from './stats.js';

export const PEER_URL = 'https://pypi.org/bench/peer/';
const PEER_MODULE = '/bench/peer/peer.js';

export interface PeerRun {
  /** Loading the trusted root + the first verification, per attestation (a fresh page). */
  firstMs: number;
  /** The first verification alone. */
  firstVerifyMs: number;
  /** Median per-attestation ms over the rest of the first round. */
  firstRoundMs: number;
  /** Median per-attestation ms over `rounds` further rounds. */
  steadyMs: number;
  samples: number;
}

/** Bundles bench/peer/entry.ts for Chromium and adds it to the site. */
export async function addPeerToSite(repo: string, site: string): Promise<void> {
  const out = mkdtempSync(join(tmpdir(), 'pypi-provenance-bench-peer-'));
  try {
    await build({
      root: repo,
      configFile: false,
      logLevel: 'warn',
      build: {
        outDir: out,
        emptyOutDir: true,
        target: 'chrome120',
        minify: true,
        lib: {
          entry: join(repo, 'bench/peer/entry.ts'),
          formats: ['es'],
          fileName: () => 'peer.js',
        },
      },
    });
    const dir = join(site, 'pypi.org', 'bench', 'peer');
    mkdirSync(dir, { recursive: true });
    // peer.js and any chunk it imports.
    for (const file of readdirSync(out).filter((f) => f.endsWith('.js'))) {
      writeFileSync(join(dir, file), readFileSync(join(out, file)));
    }
    writePage(
      site,
      'pypi.org',
      '/bench/peer/',
      '<!DOCTYPE html><html><head><meta charset="utf-8"><title>peer</title></head><body></body></html>\n',
    );
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** Which inputs the peer verifies (it may not support every bundle); throws on none. */
export async function peerSupported(page: Page, inputs: VerifyInput[], root: unknown) {
  await page.goto(PEER_URL);
  return page.evaluate(
    async ({ bundles, root, module }) => {
      const peer = await import(/* @vite-ignore */ module);
      const verifier = await peer.createVerifier(root);
      const out: (string | null)[] = [];
      for (const list of bundles) {
        try {
          for (const b of list) await peer.verifyBundle(verifier, b);
          out.push(null);
        } catch (err) {
          out.push(err instanceof Error ? err.message : String(err));
        }
      }
      return out;
    },
    { bundles: inputs.map((i) => i.bundles), root, module: PEER_MODULE },
  );
}

export async function peerRun(
  page: Page,
  inputs: VerifyInput[],
  root: unknown,
  rounds: number,
): Promise<PeerRun> {
  // A fresh document: module, root and JIT state all start cold.
  await page.goto(PEER_URL);
  const r = await page.evaluate(
    async ({ bundles, root, rounds, module }) => {
      const peer = await import(/* @vite-ignore */ module);
      const t0 = performance.now();
      const verifier = await peer.createVerifier(root);
      const t1 = performance.now();
      const times: number[] = [];
      const run = async (list: unknown[]) => {
        const a = performance.now();
        for (const b of list) await peer.verifyBundle(verifier, b);
        times.push((performance.now() - a) / list.length);
      };
      for (let round = 0; round <= rounds; round++) {
        for (const list of bundles) await run(list);
      }
      return { initMs: t1 - t0, times };
    },
    { bundles: inputs.map((i) => i.bundles), root, rounds, module: PEER_MODULE },
  );
  const n = inputs.length;
  const firstVerifyMs = r.times[0] as number;
  return {
    firstMs: firstVerifyMs + r.initMs / (inputs[0] as VerifyInput).attestations,
    firstVerifyMs,
    firstRoundMs: median(r.times.slice(1, n)),
    steadyMs: median(r.times.slice(n)),
    samples: r.times.length - n,
  };
}
