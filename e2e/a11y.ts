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

interface PiercedNode {
  backendNodeId: number;
  nodeType: number;
  nodeName: string;
  attributes?: string[];
  children?: PiercedNode[];
  shadowRoots?: PiercedNode[];
}

function* pierced(node: PiercedNode): Generator<PiercedNode> {
  yield node;
  for (const child of node.shadowRoots ?? []) yield* pierced(child);
  for (const child of node.children ?? []) yield* pierced(child);
}

/**
 * axe-core's violations in the closed shadow roots of every element carrying `attribute` (our
 * page elements). Neither the page nor axe-core can enter a closed root; the DevTools protocol
 * can: each root's content (its styles included) is cloned into an open shadow root on a host
 * placed beside the original, axe-core checks those clones (colour contrast too: computed
 * styles), and the clones are removed.
 */
export async function axeShadowViolations(page: Page, attribute: string): Promise<AxeResult[]> {
  await axeViolations(page); // injects axe-core
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as {
      root: PiercedNode;
    };
    const roots = [...pierced(root)]
      .filter((n) => (n.attributes ?? []).some((a, i) => i % 2 === 0 && a === attribute))
      .flatMap((host) => host.shadowRoots ?? [])
      .filter((r) => (r.children ?? []).some((c) => c.nodeType === 1 && c.nodeName !== 'STYLE'));
    if (roots.length === 0) throw new Error(`no rendered shadow root on [${attribute}]`);
    for (const shadow of roots) {
      const { object } = (await cdp.send('DOM.resolveNode', {
        backendNodeId: shadow.backendNodeId,
      })) as { object: { objectId?: string } };
      await cdp.send('Runtime.callFunctionOn', {
        objectId: object.objectId,
        functionDeclaration: `function () {
          const clone = document.createElement(this.host.localName);
          clone.setAttribute('data-axe-clone', '');
          this.host.after(clone);
          const open = clone.attachShadow({ mode: 'open' });
          for (const node of this.childNodes) open.append(node.cloneNode(true));
        }`,
      });
    }
    return await page.evaluate(async () => {
      const axe = (
        window as unknown as {
          axe: {
            run(ctx: object): Promise<{ violations: AxeResult[]; passes: unknown[] }>;
          };
        }
      ).axe;
      try {
        const results = await axe.run({ include: [['[data-axe-clone]']] });
        if (results.passes.length === 0) throw new Error('axe-core checked no rule here');
        return results.violations.map((v) => ({
          id: v.id,
          impact: v.impact,
          help: v.help,
          helpUrl: v.helpUrl,
          nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
        }));
      } finally {
        for (const clone of document.querySelectorAll('[data-axe-clone]')) clone.remove();
      }
    });
  } finally {
    await cdp.detach();
  }
}
