/**
 * Raw WebDriver BiDi for what puppeteer-core does not wrap: navigating to moz-extension://
 * pages, closed shadow roots (`includeShadowTree: "all"`), and the browser's own (chrome)
 * scope, where the extension's background state can be read. Needs Firefox started with
 * `--remote-allow-system-access` (session.ts).
 */
import type { Browser, Page } from 'puppeteer-core';

interface Connection {
  send(method: string, params: unknown): Promise<{ result: unknown }>;
}

/** A BiDi remote value, as `script.callFunction` serializes it. */
export interface RemoteValue {
  type: string;
  sharedId?: string;
  value?: unknown;
}

/** A serialized DOM node (`type: "node"`), children and shadow root included. */
export interface NodeValue {
  nodeType: number;
  localName?: string;
  nodeValue?: string;
  attributes?: Record<string, string>;
  children?: RemoteNode[];
  shadowRoot?: RemoteNode | null;
}

export interface RemoteNode extends RemoteValue {
  type: 'node';
  value?: NodeValue;
}

type EvaluateResult =
  | { type: 'success'; result: RemoteValue }
  | { type: 'exception'; exceptionDetails: { text: string } };

export class Bidi {
  private chromeContext: string | undefined;

  constructor(private readonly browser: Browser) {}

  private get connection(): Connection {
    // puppeteer-core's BiDi Browser exposes its connection (not part of the typed API).
    return (this.browser as unknown as { connection: Connection }).connection;
  }

  async send<T>(method: string, params: unknown): Promise<T> {
    return (await this.connection.send(method, params)).result as T;
  }

  /** The BiDi browsing context of a page's main frame. */
  static contextOf(page: Page): string {
    const id = (page.mainFrame() as unknown as { _id?: string })._id;
    if (typeof id !== 'string') throw new Error('no BiDi browsing context for this page');
    return id;
  }

  /** Starts a navigation without waiting for it (`page.goto` does not settle on moz-extension://). */
  async navigate(page: Page, url: string): Promise<void> {
    await this.send('browsingContext.navigate', {
      context: Bidi.contextOf(page),
      url,
      wait: 'none',
    });
  }

  async reload(page: Page): Promise<void> {
    await this.send('browsingContext.reload', { context: Bidi.contextOf(page), wait: 'none' });
  }

  /**
   * Calls `fn` in the page with `args` (remote values, e.g. `{ sharedId }`) and returns the
   * result serialized with every shadow tree, closed ones included, to any depth.
   */
  async callFunction(
    page: Page,
    fn: string,
    args: unknown[] = [],
    thisArg?: unknown,
  ): Promise<RemoteValue> {
    const r = await this.send<EvaluateResult>('script.callFunction', {
      functionDeclaration: fn,
      arguments: args,
      ...(thisArg !== undefined && { this: thisArg }),
      awaitPromise: true,
      target: { context: Bidi.contextOf(page) },
      serializationOptions: { includeShadowTree: 'all', maxDomDepth: null },
    });
    if (r.type === 'exception') throw new Error(`script.callFunction: ${r.exceptionDetails.text}`);
    return r.result;
  }

  /** Evaluates `expression` in the browser's chrome scope (system access) and returns its value. */
  async evaluateChrome<T>(expression: string): Promise<T> {
    if (this.chromeContext === undefined) {
      const tree = await this.send<{ contexts: { context: string }[] }>('browsingContext.getTree', {
        'moz:scope': 'chrome',
        maxDepth: 0,
      });
      this.chromeContext = tree.contexts[0]?.context;
      if (this.chromeContext === undefined) throw new Error('no chrome browsing context');
    }
    const r = await this.send<EvaluateResult>('script.evaluate', {
      expression: `(async () => JSON.stringify(await (${expression})))()`,
      awaitPromise: true,
      target: { context: this.chromeContext },
    });
    if (r.type === 'exception') throw new Error(`chrome evaluate: ${r.exceptionDetails.text}`);
    const value = r.result.value;
    return (typeof value === 'string' ? JSON.parse(value) : undefined) as T;
  }
}

/** Depth-first walk of a serialized node: its shadow root first, then its children. */
export function* walkNodes(node: RemoteNode | null | undefined): Generator<RemoteNode> {
  if (!node) return;
  yield node;
  yield* walkNodes(node.value?.shadowRoot ?? undefined);
  for (const child of node.value?.children ?? []) yield* walkNodes(child);
}

/** The text of a serialized node (styles and scripts excluded), blocks separated by spaces. */
export function nodeText(node: RemoteNode | null | undefined): string {
  const v = node?.value;
  if (!v) return '';
  if (v.nodeType === 3) return v.nodeValue ?? '';
  if (v.localName === 'style' || v.localName === 'script') return '';
  const parts = [v.shadowRoot ?? undefined, ...(v.children ?? [])].map(nodeText);
  return parts.join(v.nodeType === 1 ? ' ' : '');
}

export const normalize = (text: string): string => text.replace(/\s+/g, ' ').trim();
