import { describe, expect, it } from 'vitest';
import { MessageError, send } from './messages.js';

const runtime = (answer: () => Promise<unknown>) => ({ sendMessage: answer });

describe('send', () => {
  it("resolves with the handler's value", async () => {
    const rt = runtime(async () => ({ ok: true, value: { version: '1', trust: {} } }));
    await expect(send(rt, 'getInfo', {})).resolves.toEqual({ version: '1', trust: {} });
  });

  describe('when the background answers with an error', () => {
    it('rejects with a MessageError carrying its code', async () => {
      const rt = runtime(async () => ({
        ok: false,
        error: { code: 'RATE_LIMITED', message: 'slow down' },
      }));
      const err = await send(rt, 'getInfo', {}).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MessageError);
      expect(err).toMatchObject({ code: 'RATE_LIMITED', message: 'slow down' });
    });
  });

  describe('when the message is lost', () => {
    it.each([
      [
        'the runtime rejects (no receiving end)',
        () =>
          Promise.reject(
            new Error('Could not establish connection. Receiving end does not exist.'),
          ),
      ],
      ['nothing answers', () => Promise.resolve(undefined)],
    ])('rejects with MESSAGE_LOST: %s', async (_what, answer) => {
      const err = await send(runtime(answer), 'getInfo', {}).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MessageError);
      expect((err as MessageError).code).toBe('MESSAGE_LOST');
    });
  });
});
