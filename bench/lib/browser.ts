/**
 * Chromium plumbing for the benchmark: an instrumented copy of the built extension, persistent
 * contexts on fresh profiles against the fake pypi.org, and DevTools-protocol access to the
 * extension's service worker (stop it, evaluate in it, read its heap).
 *
 * Instrumentation: the copy's `service-worker-loader.js` imports `bench-hook.js` before the
 * worker's code and `bench-ready.js` after it. The hook wraps `chrome.runtime.onMessage`
 * listeners to time each message with performance.now(), from the listener call to the
 * answer (the call's return, the promise it returned settling, or `sendResponse`): the worker's
 * handler time, verification included, measured in the worker. The ready module records
 * when module evaluation ended (ms since the worker's time origin). Nothing else in dist/
 * changes.
 */
import { chromium, type BrowserContext, type CDPSession, type Page } from '@playwright/test';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS, chromiumPath, popupUrl } from '../../e2e/fixtures.js';
import type { FakePypi } from '../../e2e/fake-pypi/server.js';

const HOOK = `// Benchmark instrumentation (bench/lib/browser.ts): times onMessage listener calls.
const bench = (globalThis.__ppBench = { hookAt: performance.now(), timings: [] });
const event = chrome.runtime.onMessage;
const add = event.addListener.bind(event);
const remove = event.removeListener.bind(event);
const has = event.hasListener.bind(event);
const wrapped = new WeakMap();
event.addListener = (fn) => {
  const timed = function (message, sender, sendResponse) {
    const start = performance.now();
    let done = false;
    const record = () => {
      if (done || bench.timings.length >= 10000) return;
      done = true;
      bench.timings.push({
        type: message && message.type,
        start,
        ms: performance.now() - start,
        project: message && message.payload ? message.payload.project : undefined,
      });
    };
    // An asynchronous answer ends when it is sent (the listener returned true and calls
    // sendResponse) or when the promise the listener returned settles.
    const respond = (...args) => {
      record();
      return sendResponse(...args);
    };
    let result;
    try {
      result = fn.call(this, message, sender, respond);
      return result;
    } finally {
      if (result && typeof result.then === 'function') result.then(record, record);
      else if (result !== true) record();
    }
  };
  wrapped.set(fn, timed);
  add(timed);
};
event.removeListener = (fn) => remove(wrapped.get(fn) ?? fn);
event.hasListener = (fn) => has(wrapped.get(fn) ?? fn);
`;
const READY = `globalThis.__ppBench.readyAt = performance.now();\n`;

/** What the hook leaves in the worker's global scope. */
export interface WorkerBench {
  hookAt: number;
  readyAt: number;
  timings: { type: string; start: number; ms: number; project?: string }[];
}

/**
 * Copies dist/ to a temp dir with the instrumentation; returns the copy's path. `extra`: a
 * script of more instrumentation, loaded before the hook (bench/timeline.ts).
 */
export function instrumentedExtension(dist: string, extra?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'pypi-provenance-bench-ext-'));
  cpSync(dist, dir, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
    background: { service_worker: string };
  };
  const loader = join(dir, manifest.background.service_worker);
  const original = readFileSync(loader, 'utf8');
  writeFileSync(join(dir, 'bench-hook.js'), HOOK);
  writeFileSync(join(dir, 'bench-ready.js'), READY);
  if (extra !== undefined) writeFileSync(join(dir, 'bench-extra.js'), extra);
  writeFileSync(
    loader,
    `${extra === undefined ? '' : "import './bench-extra.js';\n"}import './bench-hook.js';\n${original.trim()}\nimport './bench-ready.js';\n`,
  );
  return dir;
}

export interface Session {
  context: BrowserContext;
  extensionId: string;
  /** A blank page kept open for DevTools sessions. */
  anchor: Page;
  close(): Promise<void>;
}

function resolverRules(server: FakePypi): string {
  return [
    `MAP pypi.org 127.0.0.1:${server.port}`,
    `MAP test.pypi.org 127.0.0.1:${server.port}`,
    'MAP * ~NOTFOUND',
    'EXCLUDE localhost',
    'EXCLUDE 127.0.0.1',
  ].join(', ');
}

/**
 * Chromium on a fresh profile (a temp dir, removed on close) resolving pypi.org and
 * test.pypi.org to the fake, with `args` added.
 */
async function freshProfile(
  server: FakePypi,
  args: string[],
): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'pypi-provenance-bench-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    timeout: 30_000,
    args: [
      ...CHROMIUM_ARGS,
      ...args,
      `--host-resolver-rules=${resolverRules(server)}`,
      `--ignore-certificate-errors-spki-list=${server.spkiPin}`,
    ],
  });
  return {
    context,
    close: async () => {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}

/**
 * Chromium on a fresh profile **without** the extension: the same pages loaded with nothing
 * of ours, for the floors of the page ratios.
 */
export function launchPlain(
  server: FakePypi,
): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  return freshProfile(server, []);
}

/** Chromium on a fresh profile with the extension, resolving pypi.org to the fake. */
export async function launch(extension: string, server: FakePypi): Promise<Session> {
  // Playwright inspects the network of every service worker it sees (DevTools' Network
  // domain on the extension's worker: events for each of its requests, sent to this
  // process). No user's browser does; off, the twenty tabs' browser process spent ~0.3 s and
  // this process ~0.2 s less CPU. Read by Playwright when it attaches to the worker.
  process.env.PLAYWRIGHT_DISABLE_SERVICE_WORKER_NETWORK ??= '1';
  const { context, close } = await freshProfile(server, [
    `--disable-extensions-except=${extension}`,
    `--load-extension=${extension}`,
  ]);
  try {
    const isExtension = (url: string) => url.startsWith('chrome-extension://');
    const worker =
      context.serviceWorkers().find((w) => isExtension(w.url())) ??
      (await context.waitForEvent('serviceworker', {
        predicate: (w) => isExtension(w.url()),
        timeout: 15_000,
      }));
    const extensionId = new URL(worker.url()).host;
    const anchor = context.pages()[0] ?? (await context.newPage());
    return { context, extensionId, anchor, close };
  } catch (err) {
    await close();
    throw err;
  }
}

interface TargetInfo {
  targetId: string;
  type: string;
  url: string;
}

async function workerTarget(cdp: CDPSession, extensionId: string): Promise<TargetInfo | undefined> {
  const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: TargetInfo[] };
  return targetInfos.find(
    (t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${extensionId}/`),
  );
}

type Send = (method: string, params?: Record<string, unknown>) => Promise<unknown>;

/**
 * Runs `fn` with a DevTools session on the extension's running service worker. Playwright
 * opens sessions on pages only, so this goes through a page session's Target domain
 * (non-flat attach: commands and replies travel as Target messages).
 */
export async function withWorker<T>(s: Session, fn: (send: Send) => Promise<T>): Promise<T> {
  const cdp = await s.context.newCDPSession(s.anchor);
  try {
    const target = await workerTarget(cdp, s.extensionId);
    if (!target) throw new Error('the extension service worker is not running');
    const { sessionId } = (await cdp.send('Target.attachToTarget', {
      targetId: target.targetId,
      flatten: false,
    })) as { sessionId: string };
    let nextId = 1;
    const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
    cdp.on('Target.receivedMessageFromTarget', (event: { sessionId: string; message: string }) => {
      if (event.sessionId !== sessionId) return;
      const msg = JSON.parse(event.message) as {
        id?: number;
        result?: unknown;
        error?: { message: string };
      };
      const waiter = msg.id === undefined ? undefined : pending.get(msg.id);
      if (!waiter || msg.id === undefined) return;
      pending.delete(msg.id);
      if (msg.error) waiter.reject(new Error(msg.error.message));
      else waiter.resolve(msg.result);
    });
    const send: Send = (method, params = {}) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        cdp
          .send('Target.sendMessageToTarget', {
            sessionId,
            message: JSON.stringify({ id, method, params }),
          })
          .catch((err: Error) => {
            pending.delete(id);
            reject(err);
          });
      });
    try {
      return await fn(send);
    } finally {
      await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
    }
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/** Evaluates `expression` in the worker and returns its JSON value. */
export function workerEval<T>(s: Session, expression: string): Promise<T> {
  return withWorker(s, async (send) => {
    const r = (await send('Runtime.evaluate', {
      expression: `JSON.stringify(${expression})`,
      returnByValue: true,
    })) as { result: { value?: string }; exceptionDetails?: { text: string } };
    if (r.exceptionDetails) throw new Error(`worker evaluate: ${r.exceptionDetails.text}`);
    return JSON.parse(r.result.value ?? 'null') as T;
  });
}

/** The hook's record, once the worker has finished evaluating its modules. */
export async function workerBench(s: Session): Promise<WorkerBench> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const bench = await workerEval<WorkerBench | null>(s, 'globalThis.__ppBench ?? null').catch(
      () => null,
    );
    if (bench?.readyAt !== undefined) return bench;
    if (Date.now() > deadline) throw new Error('the instrumented worker never became ready');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The worker's V8 heap (Runtime.getHeapUsage), optionally after a full GC. */
export function workerHeap(
  s: Session,
  gc: boolean,
): Promise<{ usedSize: number; totalSize: number }> {
  return withWorker(s, async (send) => {
    if (gc) await send('HeapProfiler.collectGarbage');
    return (await send('Runtime.getHeapUsage')) as { usedSize: number; totalSize: number };
  });
}

/**
 * Stops the extension's service worker (as Chromium does after ~30 s idle) and waits.
 *
 * Only once its version is installed and activated: a worker stopped while still being
 * installed may be given up by Chromium for the whole session (the version turns redundant,
 * and no message starts a worker again: docs/architecture.md). Its script having run is not
 * enough: seen in 1–3 of 60 fresh sessions stopped right after the hook's `readyAt`, each a
 * page left "Checking…" for good. Throws if the version is lost anyway.
 */
export async function stopWorker(s: Session): Promise<void> {
  const cdp = await s.context.newCDPSession(s.anchor);
  let status = '';
  let running = '';
  cdp.on('ServiceWorker.workerVersionUpdated', (e: { versions: WorkerVersion[] }) => {
    for (const v of e.versions) {
      if (!v.scriptURL.startsWith(`chrome-extension://${s.extensionId}/`)) continue;
      status = v.status;
      running = v.runningStatus;
    }
  });
  const until = async (what: string, ok: () => boolean, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!ok()) {
      if (status === 'redundant')
        throw new Error(`the worker's version turned redundant (${what})`);
      if (Date.now() > deadline) throw new Error(`the worker never ${what} (${status}/${running})`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  try {
    await cdp.send('ServiceWorker.enable');
    await until('activated', () => status === 'activated' && running === 'running');
    let attempt = 0;
    await until('stopped', () => {
      if (attempt++ % 40 === 0)
        void cdp.send('ServiceWorker.stopAllWorkers').catch(() => undefined);
      return running === 'stopped';
    });
    if (await workerTarget(cdp, s.extensionId)) throw new Error('the worker did not stop');
    await cdp.send('ServiceWorker.disable').catch(() => undefined);
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

interface WorkerVersion {
  scriptURL: string;
  status: string;
  runningStatus: string;
}

/** An extension page (the popup document, opened as a tab) to message the worker from. */
export async function extensionPage(s: Session): Promise<Page> {
  const page = await s.context.newPage();
  await page.goto(popupUrl(s.extensionId));
  return page;
}
