import { describe, expect, it } from 'vitest';
import { fairLimit } from './fair-limit.js';

/** A request that ends when its gate is opened. */
function gated() {
  const gates: (() => void)[] = [];
  const started: string[] = [];
  const task = (name: string) => () =>
    new Promise<string>((resolve) => {
      started.push(name);
      gates.push(() => resolve(name));
    });
  const openOne = async () => {
    gates.shift()?.();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { task, started, openOne };
}

describe('fairLimit', () => {
  it('keeps to its concurrency', async () => {
    const limit = fairLimit(2);
    const g = gated();
    const all = ['a1', 'a2', 'a3'].map((n) => limit('a', g.task(n)));
    expect(g.started).toEqual(['a1', 'a2']);
    expect([limit.activeCount, limit.pendingCount]).toEqual([2, 1]);
    await g.openOne();
    expect(g.started).toEqual(['a1', 'a2', 'a3']);
    await g.openOne();
    await g.openOne();
    expect(await Promise.all(all)).toEqual(['a1', 'a2', 'a3']);
    expect([limit.activeCount, limit.pendingCount]).toEqual([0, 0]);
  });

  it('gives a freed slot to the next group in turn, not to the oldest request', async () => {
    const limit = fairLimit(1);
    const g = gated();
    // A big release asks for 5, then a small one for 2.
    for (let i = 1; i <= 5; i++) void limit('big', g.task(`big${i}`));
    void limit('small', g.task('small1'));
    void limit('small', g.task('small2'));
    for (let i = 0; i < 7; i++) await g.openOne();
    expect(g.started).toEqual(['big1', 'big2', 'small1', 'big3', 'small2', 'big4', 'big5']);
  });

  it('serves the urgent group first', async () => {
    const limit = fairLimit(1);
    const g = gated();
    for (let i = 1; i <= 3; i++) void limit('a', g.task(`a${i}`));
    for (let i = 1; i <= 3; i++) void limit('b', g.task(`b${i}`));
    limit.urgent('b');
    for (let i = 0; i < 6; i++) await g.openOne();
    expect(g.started).toEqual(['a1', 'b1', 'b2', 'b3', 'a2', 'a3']);
  });

  it('passes failures on and frees the slot', async () => {
    const limit = fairLimit(1);
    const failing = limit('a', () => Promise.reject(new Error('no')));
    const throwing = limit('a', () => {
      throw new Error('sync');
    });
    await expect(failing).rejects.toThrow('no');
    await expect(throwing).rejects.toThrow('sync');
    expect(await limit('b', async () => 'ok')).toBe('ok');
  });

  it('refuses a concurrency below 1', () => {
    expect(() => fairLimit(0)).toThrow(RangeError);
  });
});
