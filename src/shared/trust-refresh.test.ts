import { describe, expect, it, vi } from 'vitest';
import type { MessageName, SendFn } from './messages.js';
import { refreshDue, runTrustRefresh } from './trust-refresh.js';

const DAY = 24 * 60 * 60 * 1000;
const T = Date.parse('2026-12-07T00:00:00Z');
const at = (ms: number) => new Date(ms).toISOString();

describe('refreshDue', () => {
  it('only while on, and a day after the last attempt', () => {
    expect(refreshDue(undefined, T)).toBe(false);
    expect(refreshDue({ enabled: false, lastAttemptAt: at(T - 2 * DAY) }, T)).toBe(false);
    expect(refreshDue({ enabled: true }, T)).toBe(true);
    expect(refreshDue({ enabled: true, lastAttemptAt: at(T - DAY + 1) }, T)).toBe(false);
    expect(refreshDue({ enabled: true, lastAttemptAt: at(T - DAY) }, T)).toBe(true);
  });

  it('again when the last attempt lies in the future (a clock set back)', () => {
    expect(refreshDue({ enabled: true, lastAttemptAt: at(T + DAY) }, T)).toBe(true);
  });
});

describe('runTrustRefresh', () => {
  function background(enabled: boolean, fail?: 'getTrustRefresh') {
    const calls: [MessageName, unknown][] = [];
    const send = (async (type: MessageName, payload: unknown) => {
      calls.push([type, payload]);
      if (type === fail) throw new Error('no worker');
      if (type === 'getTrustRefresh') return { enabled };
      if (type === 'fetchTuf') return { found: false };
      return { answered: type };
    }) as SendFn;
    return { send, calls };
  }

  it('does nothing (and loads nothing) while the refresh is off', async () => {
    const bg = background(false);
    const load = vi.fn();
    expect(await runTrustRefresh(bg.send, load)).toBeUndefined();
    expect(load).not.toHaveBeenCalled();
  });

  it('hands a verified refresh to the background', async () => {
    const bg = background(true);
    const verified = { trustedRoot: '{}' };
    const load = async () => ({
      refreshFromBundledRoot: vi.fn(async () => verified) as never,
    });
    expect(await runTrustRefresh(bg.send, load)).toEqual({ answered: 'setTrustRefresh' });
    expect(bg.calls.at(-1)).toEqual(['setTrustRefresh', { verified }]);
  });

  it('fetches through the background, and reports a failure to it', async () => {
    const bg = background(true);
    const load = async () => ({
      refreshFromBundledRoot: (async (
        _previous: unknown,
        fetch: (p: string, n: number) => unknown,
      ) => {
        expect(await fetch('timestamp.json', 100)).toBeUndefined();
        throw new Error('timestamp.json is expired');
      }) as never,
    });
    await runTrustRefresh(bg.send, load);
    expect(bg.calls).toEqual([
      ['getTrustRefresh', {}],
      ['fetchTuf', { path: 'timestamp.json', maxLength: 100 }],
      ['setTrustRefresh', { failure: 'timestamp.json is expired' }],
    ]);
  });

  it('never rejects, also without a background', async () => {
    const bg = background(true, 'getTrustRefresh');
    await expect(runTrustRefresh(bg.send, vi.fn())).resolves.toBeUndefined();
  });
});
