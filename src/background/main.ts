/**
 * The background service worker: wiring only. It answers the typed messages of
 * src/shared/messages.ts from the extension's own contexts and ignores everything else.
 */
import browser, { type Runtime } from 'webextension-polyfill';
import { isEnvelope, type Handlers, type MessageName, type Reply } from '../shared/messages.js';
import { createHandlers } from './handlers.js';

const handlers: Handlers = createHandlers({
  fetch: (input, init) => fetch(input, init),
  version: browser.runtime.getManifest().version,
});

browser.runtime.onMessage.addListener(
  (message: unknown, sender: Runtime.MessageSender): Promise<Reply<MessageName>> | undefined => {
    // Only our own pages and content scripts can reach us (no externally_connectable), but
    // check anyway: a message from elsewhere gets no answer at all.
    if (sender.id !== browser.runtime.id || !isEnvelope(message)) return undefined;
    const handler = handlers[message.type] as (
      req: unknown,
      s: { tabId?: number; url?: string },
    ) => Promise<unknown>;
    const from = {
      ...(sender.tab?.id !== undefined && { tabId: sender.tab.id }),
      ...(sender.url !== undefined && { url: sender.url }),
    };
    return handler(message.payload, from).then(
      (value) => ({ ok: true, value }) as Reply<MessageName>,
      (err: unknown) => ({
        ok: false,
        error: {
          code: (err as { code?: string }).code ?? 'INTERNAL_ERROR',
          message: err instanceof Error ? err.message : String(err),
        },
      }),
    );
  },
);
