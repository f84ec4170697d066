import { describe, expect, it } from 'vitest';
import type { MessageName, SendFn } from '../shared/messages.js';
import { createOptionsStore } from './store.js';

/** A background that answers `answers` and fails every other message with `message`. */
function failing(message: string, answers: Partial<Record<MessageName, unknown>> = {}): SendFn {
  return (async (type: MessageName) => {
    if (type in answers) return answers[type];
    throw new Error(message);
  }) as SendFn;
}

describe('createOptionsStore', () => {
  it('says why the remembered publishers and the export could not be read', async () => {
    const store = createOptionsStore({ send: failing('worker asleep') });
    await store.load();
    expect(store.getState()).toMatchObject({
      memory: { status: 'error', message: 'worker asleep' },
      exportError: 'worker asleep',
    });
    expect(store.getState().info).toBeUndefined();
  });

  it('keeps the list when a removal fails, and says why', async () => {
    const entries = [['https://pypi.org|x', { seen: [], hadProvenance: false }]];
    const store = createOptionsStore({
      send: failing('storage full', {
        listMemory: { entries },
      }),
    });
    await store.load();
    const state = store.getState();
    if (state.memory.status !== 'ready') throw new Error('not ready');
    await store.remove(state.memory.rows[0]!);
    expect(store.getState()).toMatchObject({
      memory: { status: 'ready', rows: [{ project: 'x' }] },
      rowError: 'storage full',
    });
    expect(store.getState().busyKey).toBeUndefined();
  });

  it('says why the caches could not be cleared', async () => {
    const store = createOptionsStore({ send: failing('no') });
    await store.clearCaches();
    expect(store.getState().caches).toEqual({ status: 'error', message: 'no' });
  });

  it('reports an import error without listing again', async () => {
    const calls: string[] = [];
    const send = (async (type: MessageName) => {
      calls.push(type);
      throw new Error('Not a PyPI Provenance identities file (at format): invalid.');
    }) as SendFn;
    const store = createOptionsStore({ send });
    await store.importText('{}');
    expect(store.getState().importing).toEqual({
      status: 'error',
      message: 'Not a PyPI Provenance identities file (at format): invalid.',
    });
    expect(calls).toEqual(['importMemory']);
  });
});
