/**
 * Accessibility checks with axe-core, injected from node_modules (@axe-core/playwright is not
 * a dependency).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { REPO_ROOT } from './fixtures.js';

interface AxeResult {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

export const AXE_PATH = join(REPO_ROOT, 'node_modules', 'axe-core', 'axe.min.js');

/**
 * axe-core's violations on the page (injected once per document). Extension pages forbid
 * inline scripts (CSP `script-src 'self'`), which is what addScriptTag inserts; there the
 * source is evaluated through the DevTools protocol instead, which CSP does not govern.
 */
export async function axeViolations(page: Page): Promise<AxeResult[]> {
  if (!(await page.evaluate(() => 'axe' in window))) {
    try {
      await page.addScriptTag({ path: AXE_PATH });
    } catch (err) {
      if (!String(err).includes('Content Security Policy')) throw err;
      await page.evaluate(readFileSync(AXE_PATH, 'utf8'));
    }
  }
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run(ctx: Document): Promise<{ violations: AxeResult[]; passes: unknown[] }> };
      }
    ).axe;
    const results = await axe.run(document);
    // A run that checked nothing would pass vacuously.
    if (results.passes.length === 0) throw new Error('axe-core checked no rule on this page');
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  });
}

export function formatViolations(violations: AxeResult[]): string {
  return violations
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} ${v.helpUrl}\n` +
        v.nodes
          .map(
            (n) =>
              `    ${JSON.stringify(n.target)}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`,
          )
          .join('\n'),
    )
    .join('\n');
}
