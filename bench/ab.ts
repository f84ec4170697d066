/**
 * Builds compared on the twenty tabs, interleaved in one run: on a noisy machine the same
 * build's twenty-tab time varies by ±25% from run to run, so two builds are only compared
 * visit for visit. Each run visits, for every build in turn (the order reversed every other
 * run), a 60-file and a 2-file release alone and then the twenty tabs together, each on a fresh
 * profile with the worker asleep, exactly as `npm run bench -- --only tabs` does.
 *
 *   node scripts/run-ts.js bench/ab.ts --runs 8 /tmp/build-a /tmp/build-b   # built dist/ copies
 *
 * Prints each visit, then per build the medians and the medians of the per-run ratios.
 */
import { parseArgs } from 'node:util';
import { startFakePypi } from '../e2e/fake-pypi/server.js';
import { buildSite, removeSite } from '../e2e/site.js';
import { instrumentedExtension, launch } from './lib/browser.js';
import { benchSite } from './lib/inputs.js';
import { asleep, pageLatency } from './lib/pages.js';
import { median } from './lib/stats.js';
import { addTabsToSpec, ALONE_2, ALONE_60, openTabsTogether } from './lib/tabs.js';

const { values, positionals } = parseArgs({
  options: { runs: { type: 'string', default: '8' } },
  allowPositionals: true,
});
if (positionals.length < 2) {
  console.error('usage: bench/ab.ts [--runs N] <dist-a> <dist-b> [<dist-c> ...]');
  process.exit(2);
}
const RUNS = Number(values.runs);
const site = buildSite(addTabsToSpec(benchSite()), { projectTabs: true });
const server = await startFakePypi({ site });
const builds = positionals.map((dir) => ({ name: dir, ext: instrumentedExtension(dir) }));
type Key = 'alone60' | 'alone2' | 'all' | 'small';
const seen = new Map<string, Record<Key, number[]>>(
  builds.map((b) => [b.name, { alone60: [], alone2: [], all: [], small: [] }]),
);
const fresh = async (ext: string) => asleep(await launch(ext, server));
try {
  for (let r = 0; r < RUNS; r++) {
    for (const b of r % 2 === 0 ? builds : [...builds].reverse()) {
      const m = seen.get(b.name)!;
      for (const [url, key] of [
        [ALONE_60, 'alone60'],
        [ALONE_2, 'alone2'],
      ] as const) {
        const s = await fresh(b.ext);
        try {
          m[key].push((await pageLatency(s.context, url)).ms);
        } finally {
          await s.close();
        }
      }
      const s = await fresh(b.ext);
      try {
        const t = await openTabsTogether(s.context);
        m.all.push(t.allFinalMs);
        m.small.push(t.smallAmongMs);
        const wrong = t.states.filter((state) => state !== 'verified');
        if (wrong.length > 0) console.log(`${b.name}: not verified: ${wrong.join(', ')}`);
      } finally {
        await s.close();
      }
      const last = (k: Key) => Math.round(m[k].at(-1)!);
      console.log(
        `run ${r + 1} ${b.name}: alone60 ${last('alone60')} alone2 ${last('alone2')} all ${last('all')} small ${last('small')} ms`,
      );
    }
  }
  for (const [name, m] of seen) {
    const ratio = (a: number[], b: number[]) => median(a.map((v, i) => v / b[i]!)).toFixed(2);
    const ms = (k: Key) => Math.round(median(m[k]));
    console.log(
      `${name}: medians alone60 ${ms('alone60')} alone2 ${ms('alone2')} all ${ms('all')} small ${ms('small')} ms; tabs20VsOne ${ratio(m.all, m.alone60)}× tabs20SmallVsAlone ${ratio(m.small, m.alone2)}×`,
    );
  }
} finally {
  await server.close();
  removeSite(site);
}
