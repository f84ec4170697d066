/**
 * Issue 12's page measurements: big projects (§1) and real network latency (§3). The big
 * projects are written into the bench's site by e2e/site.ts `writeBigProject` (warehouse's
 * shapes and key order, a 1 MB description); latency is the fake index's own
 * (`server.network.latencyMs`, every response that many ms late, over HTTP/2).
 */
import { BIG_PROJECT_VERSION, writeBigProject } from '../../e2e/site.js';
import { withWorker, type Session } from './browser.js';

export interface BigProjectSpec {
  project: string;
  files: number;
}

/** The sizes of issue 12 (`--quick`: the largest scaled down to 20,000 files). */
export function bigProjects(quick: boolean): BigProjectSpec[] {
  const sizes = quick ? [2_000, 20_000] : [2_000, 20_000, 100_000];
  return sizes.map((files) => ({ project: `big-${files / 1000}k`, files }));
}

/** Writes the big projects into the bench's site; returns each one's number of releases. */
export function addBigProjects(site: string, specs: BigProjectSpec[]): Record<string, number> {
  const releases: Record<string, number> = {};
  for (const { project, files } of specs) {
    releases[project] = writeBigProject(site, 'pypi.org', project, { files }).releases;
  }
  return releases;
}

/** Both URL forms of a big project's latest release page. */
export function bigProjectUrls(project: string): { bare: string; versioned: string } {
  return {
    bare: `https://pypi.org/project/${project}/`,
    versioned: `https://pypi.org/project/${project}/${BIG_PROJECT_VERSION}/`,
  };
}

export const SAMPLEPROJECT_BARE = 'https://pypi.org/project/sampleproject/';

/**
 * Samples the worker's V8 heap (`Runtime.getHeapUsage`) every `everyMs` while `work` runs;
 * returns the work's result and the largest heap seen. A worker not running (stopped, not
 * started yet) is simply not sampled.
 */
export async function withHeapPeak<T>(
  s: Session,
  work: () => Promise<T>,
  everyMs = 25,
): Promise<{ result: T; peakBytes: number; samples: number }> {
  let peakBytes = 0;
  let samples = 0;
  let running = true;
  const sampler = (async () => {
    while (running) {
      await withWorker(s, async (send) => {
        while (running) {
          // A worker that stops mid-call never answers: give up and attach again.
          const { usedSize } = (await Promise.race([
            send('Runtime.getHeapUsage'),
            new Promise((_, reject) => setTimeout(() => reject(new Error('no answer')), 2_000)),
          ])) as { usedSize: number };
          peakBytes = Math.max(peakBytes, usedSize);
          samples++;
          await new Promise((r) => setTimeout(r, everyMs));
        }
      }).catch(() => undefined);
      if (running) await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  try {
    const result = await work();
    return { result, peakBytes, samples };
  } finally {
    running = false;
    await sampler;
  }
}
