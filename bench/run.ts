/**
 * `npm run bench`: how fast the extension verifies, against the reference verifiers, on the
 * same real fixtures (see bench/README.md). Prints a table and writes JSON.
 *
 *   node scripts/run-ts.js bench/run.ts [--quick] [--out FILE] [--runs N] [--rounds N]
 *                                       [--only sizes,node,worker,peer,core,pages,rtt,big,tabs,storage]
 *
 * Expects a built extension in dist/ (`npm run bench` builds first).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromiumPath, EXTENSION_DIR, REPO_ROOT } from '../e2e/fixtures.js';
import { startFakePypi } from '../e2e/fake-pypi/server.js';
import { buildSite, removeSite } from '../e2e/site.js';
import productionRoot from '../src/generated/trusted-root.json' with { type: 'json' };
import {
  extensionPage,
  instrumentedExtension,
  launch,
  launchPlain,
  stopWorker,
  workerEval,
  workerBench,
  workerHeap,
  type Session,
} from './lib/browser.js';
import { benchSite, distinctPairCount, PAGE_2, PAGE_60, validInputs } from './lib/inputs.js';
import { nodeRun, type NodeRun } from './lib/node-ref.js';
import { asleep, pageLatency, type Latency } from './lib/pages.js';
import { addPeerToSite, peerRun, peerSupported, type PeerRun } from './lib/peer.js';
import { addCoreToSite, corePageRun, type CorePageRun } from './lib/core-page.js';
import {
  addBigProjects,
  bigProjects,
  bigProjectUrls,
  SAMPLEPROJECT_BARE,
  withHeapPeak,
} from './lib/scale.js';
import { bundleSizes } from './lib/sizes.js';
import { storageAfterReleases, RELEASES, type StorageRun } from './lib/storage.js';
import {
  addTabsToSpec,
  ALONE_2,
  ALONE_60,
  openTabsPlain,
  openTabsTogether,
  TABS,
} from './lib/tabs.js';
import { ratioSummary, round, summarize, type Summary } from './lib/stats.js';
import { loadPayloads, workerRun, type WorkerRun } from './lib/worker.js';

const SECTIONS = [
  'sizes',
  'node',
  'worker',
  'peer',
  'core',
  'pages',
  'rtt',
  'big',
  'tabs',
  'storage',
] as const;
type Section = (typeof SECTIONS)[number];

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    out: { type: 'string', default: join(REPO_ROOT, 'bench', 'results.json') },
    runs: { type: 'string' },
    rounds: { type: 'string' },
    only: { type: 'string' },
    'plain-pages': { type: 'boolean', default: false },
  },
});
const quick = values.quick === true;
/**
 * The fake project pages carry warehouse's tab behaviour (e2e/site.ts `withProjectTabs`), as
 * pypi.org's do once its script has run: only the description panel is laid out until another
 * is opened. `--plain-pages`: without it, every panel laid out (rounds one to six).
 */
const projectTabsPages = values['plain-pages'] !== true;
/** Repeated runs: every repeated measure is reported as min/median/max over these. */
const RUNS = Number(values.runs ?? (quick ? 1 : 5));
/** Steady rounds per run, each over every input (VALID_CASES: 15 files, one attestation each). */
const ROUNDS = Number(values.rounds ?? (quick ? 1 : 4));
const only = new Set<Section>(values.only ? (values.only.split(',') as Section[]) : [...SECTIONS]);
const outFile = resolve(values.out as string);
for (const name of only) {
  if (!SECTIONS.includes(name)) {
    console.error(`unknown section ${name}: expected some of ${SECTIONS.join(',')}`);
    process.exit(2);
  }
}

function log(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

if (!existsSync(join(EXTENSION_DIR, 'manifest.json'))) {
  console.error(`${EXTENSION_DIR}/manifest.json is missing: run npm run build first.`);
  process.exit(1);
}

const started = Date.now();
const inputs = validInputs();
const attestations = inputs.reduce((n, i) => n + i.attestations, 0);

// ---------------------------------------------------------------------------------------------
const sizes = only.has('sizes') ? bundleSizes(EXTENSION_DIR) : undefined;

// ---------------------------------------------------------------------------------------------
const nodeRuns: NodeRun[] = [];
if (only.has('node')) {
  for (let r = 0; r < RUNS; r++) {
    log(`node run ${r + 1}/${RUNS}`);
    nodeRuns.push(nodeRun(inputs, ROUNDS));
  }
}

// ---------------------------------------------------------------------------------------------
const workerRuns: WorkerRun[] = [];
const peerRuns: PeerRun[] = [];
const coreSyncRuns: CorePageRun[] = [];
const coreAsyncRuns: CorePageRun[] = [];
let installStartMs = Number.NaN;
let peerUnsupported: { name: string; error: string }[] = [];
const page = {
  files2ColdMs: [] as number[],
  files2WarmMs: [] as number[],
  files60ColdMs: [] as number[],
  files60WarmMs: [] as number[],
  files60WarmColdWorkerMs: [] as number[],
  files2ColdExtMs: [] as number[],
  files2WarmExtMs: [] as number[],
  files60ColdExtMs: [] as number[],
  files60WarmExtMs: [] as number[],
  files60WarmColdWorkerExtMs: [] as number[],
  heapBytes: [] as number[],
  heapAfterGcBytes: [] as number[],
  // Issue 12 §3: the same cold pages at 100 ms per response (HTTP/2).
  files2ColdRtt100Ms: [] as number[],
  files60ColdRtt100Ms: [] as number[],
  // Issue 12 §1: the 100,000-file project (bare URL, cold) and sampleproject's bare URL, cold.
  bigProject100kColdMs: [] as number[],
  bigProject100kVersionedColdMs: [] as number[],
  files2BareColdMs: [] as number[],
  bigProject100kColdExtMs: [] as number[],
  bigProject100kDomReadyMs: [] as number[],
  files2BareColdExtMs: [] as number[],
  bigProjectHeapBytes: [] as number[],
  // Issue 12 §2: twenty tabs opened together, and a 60-file and a 2-file tab alone (cold).
  tabs20AllFinalMs: [] as number[],
  tabs20SmallMs: [] as number[],
  tabs20SmallExtMs: [] as number[],
  tabs20WarmAllFinalMs: [] as number[],
  tabs20WarmSmallMs: [] as number[],
  tabsAlone2ExtMs: [] as number[],
  tabsAlone60Ms: [] as number[],
  tabsAlone2Ms: [] as number[],
  // The same twenty in a browser without the extension, to DOMContentLoaded: the floors.
  tabs20NoExtAllDomMs: [] as number[],
  tabs20NoExtSmallDomMs: [] as number[],
};
/** Issue 12 §2: tabs of the twenty that did not end verified (last run's). */
let tabsWrong: string[] = [];
/** Issue 12 §5: storage after 1,000 releases (Node, the worker's modules). */
const storageRuns: StorageRun[] = [];
if (only.has('storage')) {
  for (let r = 0; r < RUNS; r++) {
    log(`storage run ${r + 1}/${RUNS} (${RELEASES} releases)`);
    storageRuns.push(await storageAfterReleases());
  }
}
/** Issue 12 §1: every big project's final state on both URL forms (last run's). */
let bigStates: { project: string; files: number; form: string; state: string }[] = [];
let bigReleases: Record<string, number> = {};
const BIG = bigProjects(quick);
const LATENCY_MS = 100;

const needBrowser = ['worker', 'peer', 'core', 'pages', 'rtt', 'big', 'tabs'].some((k) =>
  only.has(k as Section),
);
if (needBrowser) {
  const site = buildSite(only.has('tabs') ? addTabsToSpec(benchSite()) : benchSite(), {
    projectTabs: projectTabsPages,
  });
  if (only.has('big')) {
    log(`writing big projects (${BIG.map((b) => b.files).join(', ')} files)`);
    bigReleases = addBigProjects(site, BIG);
  }
  const extension = instrumentedExtension(EXTENSION_DIR);
  let server: Awaited<ReturnType<typeof startFakePypi>> | undefined;
  const sessions: Session[] = [];
  const open = async () => {
    const s = await launch(extension, server!);
    sessions.push(s);
    return s;
  };
  const close = async (s: Session) => {
    sessions.splice(sessions.indexOf(s), 1);
    await s.close();
  };
  try {
    if (only.has('peer')) await addPeerToSite(REPO_ROOT, site);
    if (only.has('core')) await addCoreToSite(REPO_ROOT, site);
    server = await startFakePypi({ site });
    const fake = server;

    if (only.has('worker') || only.has('peer') || only.has('core')) {
      const s = await open();
      installStartMs = (await workerBench(s)).readyAt;
      const ext = only.has('worker') ? await extensionPage(s) : undefined;
      if (ext) await loadPayloads(ext, inputs);
      const peerPage = only.has('peer') ? await s.context.newPage() : undefined;
      const corePage = only.has('core') ? await s.context.newPage() : undefined;
      let peerInputs = inputs;
      if (peerPage) {
        const errors = await peerSupported(peerPage, inputs, productionRoot);
        peerUnsupported = errors.flatMap((e, i) =>
          e === null ? [] : [{ name: inputs[i]?.name ?? '?', error: e }],
        );
        peerInputs = inputs.filter((_, i) => errors[i] === null);
        if (peerInputs.length === 0) throw new Error('the peer verified none of the inputs');
        if (peerUnsupported.length > 0) {
          log(`peer cannot verify: ${peerUnsupported.map((u) => u.name).join('; ')}`);
        }
      }
      // Interleaved, so that both sides of each ratio see the same machine load.
      for (let r = 0; r < RUNS; r++) {
        if (ext) {
          log(`worker run ${r + 1}/${RUNS}`);
          workerRuns.push(await workerRun(s, ext, inputs, ROUNDS));
        }
        if (peerPage) {
          log(`peer run ${r + 1}/${RUNS}`);
          peerRuns.push(await peerRun(peerPage, peerInputs, productionRoot, ROUNDS));
        }
        if (corePage) {
          log(`core page run ${r + 1}/${RUNS}`);
          coreSyncRuns.push(await corePageRun(corePage, peerInputs, ROUNDS, 'sync'));
          coreAsyncRuns.push(await corePageRun(corePage, peerInputs, ROUNDS, 'async'));
        }
      }
      await close(s);
    }

    // getAnalysis answers the worker has timed so far (0 while it is stopped).
    const analyses = (s: Session) =>
      workerEval<number>(
        s,
        "(globalThis.__ppBench?.timings ?? []).filter((t) => t.type === 'getAnalysis').length",
      ).catch(() => 0);
    // One visit: the latency, then the page's own analysis ends before the tab closes.
    const visit = async (s: Session, url: string, settleMs = 15_000, expected = 'verified') => {
      const before = await analyses(s);
      return pageLatency(s.context, url, expected, async () => {
        const deadline = Date.now() + settleMs;
        while ((await analyses(s)) <= before && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      });
    };
    /** A fresh profile (nothing cached) with the worker asleep. */
    const fresh = async () => asleep(await open());
    for (let r = 0; r < RUNS; r++) {
      if (only.has('pages')) {
        log(`pages run ${r + 1}/${RUNS}`);
        const keep = (
          key:
            'files2Cold' | 'files2Warm' | 'files60Cold' | 'files60Warm' | 'files60WarmColdWorker',
          l: Latency,
        ) => {
          page[`${key}Ms`].push(l.ms);
          page[`${key}ExtMs`].push(l.extMs);
        };
        const a = await fresh();
        keep('files2Cold', await visit(a, PAGE_2));
        keep('files2Warm', await visit(a, PAGE_2));
        await close(a);

        const b = await fresh();
        keep('files60Cold', await visit(b, PAGE_60));
        page.heapBytes.push((await workerHeap(b, false)).usedSize);
        page.heapAfterGcBytes.push((await workerHeap(b, true)).usedSize);
        keep('files60Warm', await visit(b, PAGE_60));
        await stopWorker(b);
        keep('files60WarmColdWorker', await visit(b, PAGE_60));
        await close(b);
      }

      if (only.has('rtt')) {
        log(`latency run ${r + 1}/${RUNS} (${LATENCY_MS} ms per response)`);
        fake.network.latencyMs = LATENCY_MS;
        try {
          for (const [url, key] of [
            [PAGE_2, 'files2ColdRtt100Ms'],
            [PAGE_60, 'files60ColdRtt100Ms'],
          ] as const) {
            const s = await fresh();
            page[key].push((await visit(s, url)).ms);
            await close(s);
          }
        } finally {
          fake.network.latencyMs = 0;
        }
      }

      if (only.has('tabs')) {
        log(`tabs run ${r + 1}/${RUNS} (${TABS} tabs together, and alone)`);
        // Alone first, each on a fresh profile, then the twenty together on another.
        for (const [url, key] of [
          [ALONE_60, 'tabsAlone60Ms'],
          [ALONE_2, 'tabsAlone2Ms'],
        ] as const) {
          const s = await fresh();
          const l = await visit(s, url);
          page[key].push(l.ms);
          if (key === 'tabsAlone2Ms') page.tabsAlone2ExtMs.push(l.extMs);
          await close(s);
        }
        const s = await fresh();
        const run = await openTabsTogether(s.context);
        page.tabs20AllFinalMs.push(run.allFinalMs);
        page.tabs20SmallMs.push(run.smallAmongMs);
        page.tabs20SmallExtMs.push(run.smallAmongExtMs);
        tabsWrong = run.states.flatMap((state, i) =>
          state === 'verified' ? [] : [`tab ${i}: ${state}`],
        );
        // The same twenty again, every result cached: no request, no verification. What
        // is left is twenty pages loading on this machine, and our messages among them.
        await new Promise((r) => setTimeout(r, 3000)); // the first round's history analyses
        const warm = await openTabsTogether(s.context);
        page.tabs20WarmAllFinalMs.push(warm.allFinalMs);
        page.tabs20WarmSmallMs.push(warm.smallAmongMs);
        await close(s);
        // The floor: the same twenty pages with nothing of ours in the browser.
        const plain = await launchPlain(fake);
        try {
          const p = await openTabsPlain(plain.context);
          page.tabs20NoExtAllDomMs.push(p.allDomMs);
          page.tabs20NoExtSmallDomMs.push(p.smallDomMs);
        } finally {
          await plain.close();
        }
      }

      if (only.has('big')) {
        log(`big projects run ${r + 1}/${RUNS}`);
        const largest = BIG.at(-1)!;
        const urls = bigProjectUrls(largest.project);
        // sampleproject's latest release, then the largest project's (same two files), each
        // cold and timed alike, with nothing else attached to the browser.
        const a = await fresh();
        const small = await visit(a, SAMPLEPROJECT_BARE);
        page.files2BareColdMs.push(small.ms);
        page.files2BareColdExtMs.push(small.extMs);
        await close(a);
        const b = await fresh();
        const big = await visit(b, urls.bare, 90_000);
        page.bigProject100kColdMs.push(big.ms);
        page.bigProject100kColdExtMs.push(big.extMs);
        page.bigProject100kDomReadyMs.push(big.domMs);
        await close(b);
        // The worker's heap through another cold visit and its history analysis: sampling
        // it (DevTools every 25 ms) takes CPU the timed visit above would otherwise lose.
        const h = await fresh();
        const heap = await withHeapPeak(h, () => visit(h, urls.bare, 90_000));
        page.bigProjectHeapBytes.push(heap.peakBytes);
        log(`heap sampled ${heap.samples} times, peak ${(heap.peakBytes / 1e6).toFixed(1)} MB`);
        await close(h);
        const c = await fresh();
        page.bigProject100kVersionedColdMs.push((await visit(c, urls.versioned, 90_000)).ms);
        await close(c);
        // Every size on both forms ends right (one profile: each project's first visit is cold).
        if (r === RUNS - 1) {
          const d = await fresh();
          bigStates = [];
          for (const { project, files } of BIG) {
            for (const [form, url] of Object.entries(bigProjectUrls(project))) {
              const state = await visit(d, url, 90_000).then(
                () => 'verified',
                (e: unknown) => `wrong: ${String(e).slice(0, 200)}`,
              );
              bigStates.push({ project, files, form, state });
            }
          }
          await close(d);
        }
      }
    }
  } finally {
    for (const s of [...sessions]) await s.close();
    await server?.close();
    removeSite(site);
    rmSync(extension, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
const pick = <T>(runs: T[], f: (r: T) => number) => runs.map(f);
const S = (values: number[]) => summarize(values);
const workerSteady = pick(workerRuns, (r) => r.steadyMs);

const results = {
  meta: {
    date: new Date().toISOString(),
    quick,
    runs: RUNS,
    rounds: ROUNDS,
    inputs: inputs.length,
    attestations,
    projectTabsPages,
    steadySamplesPerRun: inputs.length * ROUNDS,
    release60DistinctPairs: distinctPairCount(),
    node: process.version,
    chromium: chromiumVersion(),
    commit: gitCommit(),
    sections: [...only],
    /** Files of the largest big project (issue 12 §1; scaled down with --quick). */
    bigProjectFiles: BIG.at(-1)?.files ?? 0,
    latencyMs: LATENCY_MS,
    seconds: 0,
  },
  worker: {
    firstMs: S(pick(workerRuns, (r) => r.firstMs)),
    steadyMs: S(workerSteady),
    firstWakeMs: S(pick(workerRuns, (r) => r.firstWakeMs)),
    firstRoundMs: S(pick(workerRuns, (r) => r.firstRoundMs)),
    coldStartMs: S(pick(workerRuns, (r) => r.coldStartMs)),
    moduleEvalMs: S(pick(workerRuns, (r) => r.moduleEvalMs)),
    installStartMs: round(installStartMs, 1),
    heapBytes: S(page.heapBytes),
    heapAfterGcBytes: S(page.heapAfterGcBytes),
    /** Issue 12 §1: the worker's heap at its peak through the largest project's cold visit. */
    bigProjectHeapBytes: S(page.bigProjectHeapBytes),
  },
  node: {
    steadyMs: S(pick(nodeRuns, (r) => r.coreSteadyMs)),
    sigstoreJsSteadyMs: S(pick(nodeRuns, (r) => r.sigstoreJsSteadyMs)),
  },
  peer: {
    firstMs: S(pick(peerRuns, (r) => r.firstMs)),
    firstVerifyMs: S(pick(peerRuns, (r) => r.firstVerifyMs)),
    firstRoundMs: S(pick(peerRuns, (r) => r.firstRoundMs)),
    steadyMs: S(pick(peerRuns, (r) => r.steadyMs)),
    unsupported: peerUnsupported,
  },
  pageCore: {
    firstMs: S(pick(coreSyncRuns, (r) => r.firstMs)),
    firstRoundMs: S(pick(coreSyncRuns, (r) => r.firstRoundMs)),
    steadyMs: S(pick(coreSyncRuns, (r) => r.steadyMs)),
    asyncFirstMs: S(pick(coreAsyncRuns, (r) => r.firstMs)),
    asyncFirstRoundMs: S(pick(coreAsyncRuns, (r) => r.firstRoundMs)),
    asyncSteadyMs: S(pick(coreAsyncRuns, (r) => r.steadyMs)),
    asyncWebCryptoHits: S(pick(coreAsyncRuns, (r) => r.webCryptoHits)),
  },
  page: {
    files2ColdMs: S(page.files2ColdMs),
    files2WarmMs: S(page.files2WarmMs),
    files60ColdMs: S(page.files60ColdMs),
    files60WarmMs: S(page.files60WarmMs),
    files60WarmColdWorkerMs: S(page.files60WarmColdWorkerMs),
    files2ColdExtMs: S(page.files2ColdExtMs),
    files2WarmExtMs: S(page.files2WarmExtMs),
    files60ColdExtMs: S(page.files60ColdExtMs),
    files60WarmExtMs: S(page.files60WarmExtMs),
    files60WarmColdWorkerExtMs: S(page.files60WarmColdWorkerExtMs),
    // Issue 12 §3: 100 ms per response (HTTP/2), cold, next to the same run's figures above.
    files2ColdRtt100Ms: S(page.files2ColdRtt100Ms),
    files60ColdRtt100Ms: S(page.files60ColdRtt100Ms),
    // Issue 12 §1: the largest big project (100,000 files; 20,000 with --quick), cold.
    bigProject100kColdMs: S(page.bigProject100kColdMs),
    bigProject100kVersionedColdMs: S(page.bigProject100kVersionedColdMs),
    files2BareColdMs: S(page.files2BareColdMs),
    bigProject100kColdExtMs: S(page.bigProject100kColdExtMs),
    // The same visit's DOMContentLoaded: the 1 MB description parsed, the file rows there.
    bigProject100kDomReadyMs: S(page.bigProject100kDomReadyMs),
    files2BareColdExtMs: S(page.files2BareColdExtMs),
    // Issue 12 §2: twenty tabs opened together (every third 60 files) → all final; the last
    // 2-file tab among them (its navigation → final); a 60-file and a 2-file tab alone.
    tabs20AllFinalMs: S(page.tabs20AllFinalMs),
    tabs20SmallMs: S(page.tabs20SmallMs),
    tabs20SmallExtMs: S(page.tabs20SmallExtMs),
    tabs20WarmAllFinalMs: S(page.tabs20WarmAllFinalMs),
    tabs20WarmSmallMs: S(page.tabs20WarmSmallMs),
    tabsAlone2ExtMs: S(page.tabsAlone2ExtMs),
    tabsAlone60Ms: S(page.tabsAlone60Ms),
    tabsAlone2Ms: S(page.tabsAlone2Ms),
    // The same twenty without the extension: opening → the last DOMContentLoaded, and the
    // last 2-file tab's navigation → its DOMContentLoaded.
    tabs20NoExtAllDomMs: S(page.tabs20NoExtAllDomMs),
    tabs20NoExtSmallDomMs: S(page.tabs20NoExtSmallDomMs),
  },
  /** Issue 12 §2: tabs of the twenty that did not end verified (last run's; none when right). */
  tabs: { wrong: tabsWrong },
  /**
   * Issue 12 §5: caches and identity memory after 1,000 distinct releases (12 files each),
   * counted on the worker's modules in Node (bench/lib/storage.ts).
   */
  storage: {
    after1000ReleasesBytes: S(storageRuns.map((r) => r.bytes)),
    cacheBytes: S(storageRuns.map((r) => r.cacheBytes)),
    memoryBytes: S(storageRuns.map((r) => r.memoryBytes)),
    peakCacheBytes: S(storageRuns.map((r) => r.peakCacheBytes)),
  },
  /** Issue 12 §1: each big project's final state on both URL forms (the last run's). */
  big: { projects: BIG, releases: bigReleases, states: bigStates },
  sizes: sizes && {
    workerBytes: sizes.worker.bytes,
    workerGzipBytes: sizes.worker.gzipBytes,
    contentBytes: sizes.content.bytes,
    contentGzipBytes: sizes.content.gzipBytes,
    popupBytes: sizes.popup.bytes,
    popupGzipBytes: sizes.popup.gzipBytes,
    files: {
      worker: sizes.worker.files,
      content: sizes.content.files,
      popup: sizes.popup.files,
    },
  },
  ratios: {
    workerVsPeer: ratioSummary(
      workerSteady,
      pick(peerRuns, (r) => r.steadyMs),
    ),
    workerVsNode: ratioSummary(
      workerSteady,
      pick(nodeRuns, (r) => r.coreSteadyMs),
    ),
    workerVsSigstoreJsNode: ratioSummary(
      workerSteady,
      pick(nodeRuns, (r) => r.sigstoreJsSteadyMs),
    ),
    workerFirstVsPeerFirst: ratioSummary(
      pick(workerRuns, (r) => r.firstMs),
      pick(peerRuns, (r) => r.firstMs),
    ),
    pageCoreVsPeer: ratioSummary(
      pick(coreSyncRuns, (r) => r.steadyMs),
      pick(peerRuns, (r) => r.steadyMs),
    ),
    pageCoreAsyncVsPeer: ratioSummary(
      pick(coreAsyncRuns, (r) => r.steadyMs),
      pick(peerRuns, (r) => r.steadyMs),
    ),
    pageCoreAsyncFirstVsPeerFirst: ratioSummary(
      pick(coreAsyncRuns, (r) => r.firstMs),
      pick(peerRuns, (r) => r.firstMs),
    ),
    /** Largest big project (bare URL) / sampleproject (bare URL), cold, per run. */
    bigProjectVsSmall: ratioSummary(page.bigProject100kColdMs, page.files2BareColdMs),
    /**
     * The largest big project's own DOMContentLoaded / sampleproject's final, per run: the
     * floor of the ratio above, as no badge can be placed before the file rows are parsed.
     */
    bigProjectDomReadyVsSmall: ratioSummary(page.bigProject100kDomReadyMs, page.files2BareColdMs),
    /** (files60ColdRtt100Ms - files60ColdMs) / 100, per run: round trips the latency added. */
    rtt100ExtraRoundTrips: summarize(
      page.files60ColdRtt100Ms.map((ms, i) => (ms - (page.files60ColdMs[i] ?? NaN)) / LATENCY_MS),
    ),
    /** Twenty tabs all final / one 60-file tab alone, per run (target ≤ 4). */
    tabs20VsOne: ratioSummary(page.tabs20AllFinalMs, page.tabsAlone60Ms),
    /** The last 2-file tab among the twenty / a 2-file tab alone, per run (target ≤ 2). */
    tabs20SmallVsAlone: ratioSummary(page.tabs20SmallMs, page.tabsAlone2Ms),
    /**
     * The floors of the two above, per run: the twenty without the extension (to each page's
     * DOMContentLoaded, before which no badge can be placed) over the same tabs alone with it.
     * A target below its floor cannot be met on the machine the run was on.
     */
    tabs20NoExtVsOne: ratioSummary(page.tabs20NoExtAllDomMs, page.tabsAlone60Ms),
    tabs20SmallNoExtVsAlone: ratioSummary(page.tabs20NoExtSmallDomMs, page.tabsAlone2Ms),
  },
  targets: [] as { measure: string; target: string; value: number; met: boolean }[],
};

const target = (measure: string, text: string, value: number | undefined, max: number) => {
  if (value === undefined || !Number.isFinite(value)) return;
  results.targets.push({ measure, target: text, value: round(value), met: value <= max });
};
target('ratios.workerVsPeer', '≤ 0.5', results.ratios.workerVsPeer.median, 0.5);
target('worker.firstMs', '≤ 50 ms', results.worker.firstMs.median, 50);
target('page.files60ColdMs', '≤ 1000 ms', results.page.files60ColdMs.median, 1000);
target('page.files60WarmMs', '≤ 100 ms', results.page.files60WarmMs.median, 100);
target('page.files2ColdMs', '≤ 300 ms', results.page.files2ColdMs.median, 300);
target('sizes.contentBytes', '≤ 15 kB', sizes?.content.bytes, 15_000);
target('sizes.workerBytes', '≤ 250 kB', sizes?.worker.bytes, 250_000);
target('ratios.bigProjectVsSmall', '≤ 1.5', results.ratios.bigProjectVsSmall.median, 1.5);
target('worker.bigProjectHeapBytes', '< 64 MB', results.worker.bigProjectHeapBytes.max, 64e6 - 1);
target('ratios.rtt100ExtraRoundTrips', '≤ 4', results.ratios.rtt100ExtraRoundTrips.median, 4);
target('ratios.tabs20VsOne', '≤ 4', results.ratios.tabs20VsOne.median, 4);
target('ratios.tabs20SmallVsAlone', '≤ 2', results.ratios.tabs20SmallVsAlone.median, 2);
target(
  'storage.after1000ReleasesBytes',
  '< 20 MB',
  results.storage.after1000ReleasesBytes.max,
  20e6 - 1,
);
if (page.tabs20AllFinalMs.length > 0) {
  target('tabs.wrong', `all ${TABS} right`, tabsWrong.length, 0);
}
if (bigStates.length > 0) {
  const wrong = bigStates.filter((b) => b.state !== 'verified').length;
  target('big.states', `all ${bigStates.length} right`, wrong, 0);
}
results.meta.seconds = Math.round((Date.now() - started) / 1000);

mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, `${JSON.stringify(results, null, 2)}\n`);
printTable();
console.log(`\nJSON: ${outFile} (${results.meta.seconds} s)`);

// ---------------------------------------------------------------------------------------------
function printTable(): void {
  const targets = new Map(results.targets.map((t) => [t.measure, t]));
  const rows: string[][] = [['measure', 'min', 'median', 'max', 'target']];
  const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(v < 10 ? 2 : 1) : '–');
  const x = (v: number) => (Number.isFinite(v) ? `${v.toFixed(2)}×` : '–');
  const kb = (v: number) => (Number.isFinite(v) ? `${(v / 1000).toFixed(1)} kB` : '–');
  const mb = (v: number) => (Number.isFinite(v) ? `${(v / 1e6).toFixed(2)} MB` : '–');
  const add = (name: string, s: Summary | undefined, fmt: (v: number) => string) => {
    if (!s || s.runs.length === 0) return;
    const t = targets.get(name);
    const mark = t ? `${t.target} ${t.met ? 'met' : 'MISSED'}` : '';
    rows.push([name, fmt(s.min), fmt(s.median), fmt(s.max), mark]);
  };
  const single = (name: string, v: number | undefined, fmt: (v: number) => string) => {
    if (v === undefined || !Number.isFinite(v)) return;
    const t = targets.get(name);
    rows.push([name, '', fmt(v), '', t ? `${t.target} ${t.met ? 'met' : 'MISSED'}` : '']);
  };
  add('ratios.workerVsPeer', results.ratios.workerVsPeer, x);
  add('ratios.workerVsNode', results.ratios.workerVsNode, x);
  add('ratios.workerVsSigstoreJsNode', results.ratios.workerVsSigstoreJsNode, x);
  add('ratios.workerFirstVsPeerFirst', results.ratios.workerFirstVsPeerFirst, x);
  add('ratios.pageCoreVsPeer', results.ratios.pageCoreVsPeer, x);
  add('ratios.pageCoreAsyncVsPeer', results.ratios.pageCoreAsyncVsPeer, x);
  add('ratios.pageCoreAsyncFirstVsPeerFirst', results.ratios.pageCoreAsyncFirstVsPeerFirst, x);
  add('worker.firstMs', results.worker.firstMs, ms);
  add('worker.firstWakeMs', results.worker.firstWakeMs, ms);
  add('worker.firstRoundMs', results.worker.firstRoundMs, ms);
  add('worker.steadyMs', results.worker.steadyMs, ms);
  add('node.steadyMs', results.node.steadyMs, ms);
  add('node.sigstoreJsSteadyMs', results.node.sigstoreJsSteadyMs, ms);
  add('peer.firstMs', results.peer.firstMs, ms);
  add('peer.firstRoundMs', results.peer.firstRoundMs, ms);
  add('peer.steadyMs', results.peer.steadyMs, ms);
  add('pageCore.firstMs', results.pageCore.firstMs, ms);
  add('pageCore.steadyMs', results.pageCore.steadyMs, ms);
  add('pageCore.asyncFirstMs', results.pageCore.asyncFirstMs, ms);
  add('pageCore.asyncFirstRoundMs', results.pageCore.asyncFirstRoundMs, ms);
  add('pageCore.asyncSteadyMs', results.pageCore.asyncSteadyMs, ms);
  add('page.files2ColdMs', results.page.files2ColdMs, ms);
  add('page.files2WarmMs', results.page.files2WarmMs, ms);
  add('page.files60ColdMs', results.page.files60ColdMs, ms);
  add('page.files60WarmMs', results.page.files60WarmMs, ms);
  add('page.files60WarmColdWorkerMs', results.page.files60WarmColdWorkerMs, ms);
  add('page.files2ColdExtMs', results.page.files2ColdExtMs, ms);
  add('page.files2WarmExtMs', results.page.files2WarmExtMs, ms);
  add('page.files60ColdExtMs', results.page.files60ColdExtMs, ms);
  add('page.files60WarmExtMs', results.page.files60WarmExtMs, ms);
  add('page.files60WarmColdWorkerExtMs', results.page.files60WarmColdWorkerExtMs, ms);
  add('page.files2ColdRtt100Ms', results.page.files2ColdRtt100Ms, ms);
  add('page.files60ColdRtt100Ms', results.page.files60ColdRtt100Ms, ms);
  add('ratios.rtt100ExtraRoundTrips', results.ratios.rtt100ExtraRoundTrips, (v) => v.toFixed(2));
  add('page.files2BareColdMs', results.page.files2BareColdMs, ms);
  add('page.bigProject100kColdMs', results.page.bigProject100kColdMs, ms);
  add('page.bigProject100kVersionedColdMs', results.page.bigProject100kVersionedColdMs, ms);
  add('page.files2BareColdExtMs', results.page.files2BareColdExtMs, ms);
  add('page.bigProject100kColdExtMs', results.page.bigProject100kColdExtMs, ms);
  add('page.bigProject100kDomReadyMs', results.page.bigProject100kDomReadyMs, ms);
  add('ratios.bigProjectVsSmall', results.ratios.bigProjectVsSmall, x);
  add('ratios.bigProjectDomReadyVsSmall', results.ratios.bigProjectDomReadyVsSmall, x);
  add('worker.bigProjectHeapBytes', results.worker.bigProjectHeapBytes, mb);
  const bigTarget = targets.get('big.states');
  if (bigTarget) {
    const wrong = results.big.states.filter((b) => b.state !== 'verified');
    rows.push([
      'big.states',
      '',
      `${results.big.states.length - wrong.length}/${results.big.states.length} right`,
      '',
      `${bigTarget.target} ${bigTarget.met ? 'met' : 'MISSED'}`,
    ]);
  }
  add('page.tabsAlone60Ms', results.page.tabsAlone60Ms, ms);
  add('page.tabsAlone2Ms', results.page.tabsAlone2Ms, ms);
  add('page.tabs20AllFinalMs', results.page.tabs20AllFinalMs, ms);
  add('page.tabs20SmallMs', results.page.tabs20SmallMs, ms);
  add('page.tabsAlone2ExtMs', results.page.tabsAlone2ExtMs, ms);
  add('page.tabs20SmallExtMs', results.page.tabs20SmallExtMs, ms);
  add('page.tabs20WarmAllFinalMs', results.page.tabs20WarmAllFinalMs, ms);
  add('page.tabs20WarmSmallMs', results.page.tabs20WarmSmallMs, ms);
  add('ratios.tabs20VsOne', results.ratios.tabs20VsOne, x);
  add('ratios.tabs20SmallVsAlone', results.ratios.tabs20SmallVsAlone, x);
  add('page.tabs20NoExtAllDomMs', results.page.tabs20NoExtAllDomMs, ms);
  add('page.tabs20NoExtSmallDomMs', results.page.tabs20NoExtSmallDomMs, ms);
  add('ratios.tabs20NoExtVsOne (floor)', results.ratios.tabs20NoExtVsOne, x);
  add('ratios.tabs20SmallNoExtVsAlone (floor)', results.ratios.tabs20SmallNoExtVsAlone, x);
  const tabsTarget = targets.get('tabs.wrong');
  if (tabsTarget) {
    rows.push([
      'tabs.states',
      '',
      tabsWrong.length === 0 ? `${TABS}/${TABS} right` : tabsWrong.join('; '),
      '',
      `${tabsTarget.target} ${tabsTarget.met ? 'met' : 'MISSED'}`,
    ]);
  }
  add('storage.after1000ReleasesBytes', results.storage.after1000ReleasesBytes, mb);
  add('storage.peakCacheBytes', results.storage.peakCacheBytes, mb);
  add('storage.memoryBytes', results.storage.memoryBytes, mb);
  add('worker.coldStartMs', results.worker.coldStartMs, ms);
  add('worker.moduleEvalMs', results.worker.moduleEvalMs, ms);
  single('worker.installStartMs', results.worker.installStartMs, ms);
  add('worker.heapBytes', results.worker.heapBytes, mb);
  add('worker.heapAfterGcBytes', results.worker.heapAfterGcBytes, mb);
  if (results.sizes) {
    const z = results.sizes;
    single('sizes.workerBytes', z.workerBytes, kb);
    single('sizes.workerGzipBytes', z.workerGzipBytes, kb);
    single('sizes.contentBytes', z.contentBytes, kb);
    single('sizes.contentGzipBytes', z.contentGzipBytes, kb);
    single('sizes.popupBytes', z.popupBytes, kb);
    single('sizes.popupGzipBytes', z.popupGzipBytes, kb);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]) =>
    r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  console.log(
    `\nPyPI Provenance bench (${quick ? 'quick' : 'full'}): ${RUNS} run(s), ${inputs.length} files / ${attestations} attestations × ${ROUNDS} steady round(s); times per attestation unless page.*`,
  );
  console.log(line(rows[0]!));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows.slice(1)) console.log(line(r));
  if (results.peer.unsupported.length > 0) {
    console.log(`peer skipped: ${results.peer.unsupported.map((u) => u.name).join('; ')}`);
  }
}

function chromiumVersion(): string {
  try {
    return execFileSync(chromiumPath(), ['--version'], {
      encoding: 'utf8',
      timeout: 10_000,
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return 'unknown';
  }
}

function gitCommit(): string {
  try {
    const git = (...args: string[]) =>
      execFileSync('git', args, {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim();
    const head = git('rev-parse', '--short', 'HEAD');
    const dirty = git('status', '--porcelain', '--untracked-files=no');
    return dirty ? `${head}+changes` : head;
  } catch {
    return 'unknown';
  }
}
