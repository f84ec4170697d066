/**
 * From a message to its reply: the request checked against its schema
 * (src/shared/requests.ts) and against what its sender may ask (policy.ts), handed to its
 * handler, and the outcome turned into data
 * ({ok, value} or {ok:false, error:{code, message}}) with a code from `WireErrorCode`.
 */
import { PypiError } from '../core/errors.js';
import {
  RequestError,
  type Handlers,
  type MessageName,
  type Reply,
  type Sender,
  type WireErrorCode,
} from '../shared/messages.js';
import { parseEnvelope } from '../shared/requests.js';
import { authorize } from './policy.js';

/** An error as it crosses the boundary: our codes kept, anything else an internal fault. */
export function wireError(err: unknown): { code: WireErrorCode; message: string } {
  const code: WireErrorCode =
    err instanceof RequestError || err instanceof PypiError ? err.code : 'INTERNAL_ERROR';
  return { code, message: err instanceof Error ? err.message : String(err) };
}

/**
 * The reply to a message, or undefined when it is not a message of our protocol (it gets no
 * answer at all). Never rejects.
 */
export function dispatch(
  handlers: Handlers,
  message: unknown,
  sender: Sender,
): Promise<Reply<MessageName>> | undefined {
  const request = parseEnvelope(message);
  if (!request) return undefined;
  if (!request.ok) {
    return Promise.resolve({
      ok: false,
      error: { code: 'BAD_REQUEST', message: request.message },
    });
  }
  const handler = handlers[request.type] as (req: unknown, s: Sender) => Promise<unknown>;
  let answer: Promise<unknown>;
  try {
    authorize(request.type, request.payload, sender);
    answer = handler(request.payload, sender);
  } catch (err) {
    answer = Promise.reject(err);
  }
  return answer.then(
    (value) => ({ ok: true, value }) as Reply<MessageName>,
    (err: unknown) => ({ ok: false, error: wireError(err) }),
  );
}
