/**
 * The one message protocol between the extension's contexts. Every entry is a function type
 * from request to response; the background registers one handler per entry. Errors cross the
 * boundary as data ({ok:false, error:{code,message}}), never as thrown objects.
 */
import type { FileResult, ReleaseResult } from '../core/result.js';

export interface Protocol {
  /** content/popup → background: verify one Integrity API provenance object for one file. */
  verifyProvenance(req: {
    filename: string;
    sha256: string;
    /** Integrity API response body (parsed JSON, untrusted). */
    provenance: unknown;
  }): FileResult;
  /** content/popup → background: fetch and verify every file of a release on an index. */
  checkRelease(req: { index: string; project: string; version?: string }): ReleaseResult;
}

export type MessageName = keyof Protocol;
export type Request<K extends MessageName> = Parameters<Protocol[K]>[0];
export type Response<K extends MessageName> = ReturnType<Protocol[K]>;

export interface Envelope<K extends MessageName = MessageName> {
  type: K;
  payload: Request<K>;
}

export type Reply<K extends MessageName> =
  | { ok: true; value: Response<K> }
  | { ok: false; error: { code: string; message: string } };
