/**
 * Verification in the built extension's service worker, timed inside the worker (see the hook
 * in browser.ts): an extension page sends `verifyProvenance` messages one at a time, exactly
 * as e2e/smoke.spec.ts does, and each listener call's duration is read back from the worker.
 */
import type { Page } from '@playwright/test';
import { stopWorker, workerBench, type Session } from './browser.js';
import type { VerifyInput } from './inputs.js';
import { median } from './stats.js';

declare const chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } };

export interface WorkerRun {
  /** In-worker ms of the first verification after a cold worker start (per attestation). */
  firstMs: number;
  /** Same message seen from the page: wakes the worker, evaluates its modules, verifies. */
  firstWakeMs: number;
  /** ms from the worker's time origin to the end of its module evaluation. */
  coldStartMs: number;
  /** ms of module evaluation proper (hook module → end of main.ts). */
  moduleEvalMs: number;
  /** Median per-attestation ms over the rest of the first round (certificates first seen). */
  firstRoundMs: number;
  /** Median per-attestation ms over `rounds` further rounds. */
  steadyMs: number;
  samples: number;
}

type Payload = { filename: string; sha256: string; provenance: unknown };

/** Stores the payloads in the page once, so each round sends only indices across. */
export async function loadPayloads(page: Page, inputs: VerifyInput[]): Promise<void> {
  const payloads: Payload[] = inputs.map((i) => ({
    filename: i.filename,
    sha256: i.sha256,
    provenance: i.provenance,
  }));
  await page.evaluate((p) => {
    (globalThis as unknown as { __payloads: Payload[] }).__payloads = p;
  }, payloads);
}

/** Sends the payloads at `indices` one by one; returns each reply's state and round trip. */
async function send(page: Page, indices: number[]): Promise<{ state: string; rtt: number }[]> {
  return page.evaluate(async (list) => {
    const payloads = (globalThis as unknown as { __payloads: Payload[] }).__payloads;
    const out: { state: string; rtt: number }[] = [];
    for (const i of list) {
      const t0 = performance.now();
      const reply = (await chrome.runtime.sendMessage({
        type: 'verifyProvenance',
        payload: payloads[i],
      })) as { ok: boolean; value?: { state: string }; error?: { code: string } };
      out.push({
        state: reply.ok ? (reply.value?.state ?? '?') : `error ${reply.error?.code}`,
        rtt: performance.now() - t0,
      });
    }
    return out;
  }, indices);
}

function expectVerified(inputs: VerifyInput[], indices: number[], states: { state: string }[]) {
  states.forEach((s, k) => {
    if (s.state !== 'verified') {
      const input = inputs[indices[k] as number] as VerifyInput;
      throw new Error(`worker: ${input.name} gave ${s.state}, expected verified`);
    }
  });
}

export async function workerRun(
  s: Session,
  page: Page,
  inputs: VerifyInput[],
  rounds: number,
): Promise<WorkerRun> {
  await stopWorker(s);
  const all = inputs.map((_, i) => i);
  const order = [0, ...all.slice(1)];
  for (let r = 0; r < rounds; r++) order.push(...all);
  const first = await send(page, [0]);
  const rest = await send(page, order.slice(1));
  expectVerified(inputs, order, [...first, ...rest]);
  const bench = await workerBench(s);
  const timings = bench.timings.filter((t) => t.type === 'verifyProvenance');
  if (timings.length !== order.length) {
    throw new Error(`worker: expected ${order.length} timed verifications, got ${timings.length}`);
  }
  const perAttestation = timings.map(
    (t, k) => t.ms / (inputs[order[k] as number] as VerifyInput).attestations,
  );
  return {
    firstMs: perAttestation[0] as number,
    firstWakeMs: (first[0]?.rtt ?? Number.NaN) / (inputs[0] as VerifyInput).attestations,
    coldStartMs: bench.readyAt,
    moduleEvalMs: bench.readyAt - bench.hookAt,
    firstRoundMs: median(perAttestation.slice(1, inputs.length)),
    steadyMs: median(perAttestation.slice(inputs.length)),
    samples: perAttestation.length - inputs.length,
  };
}
