/**
 * The schema of every request of the protocol (src/shared/messages.ts), checked in one place
 * (`parseEnvelope`, called by the background's dispatcher) before any handler runs. The map is
 * complete by construction: `satisfies` fails the build when a message has no schema, has one
 * for a name the protocol does not know, or accepts a payload its handler's type does not.
 * Only the background imports this module (valibot stays out of the content script).
 */
import * as v from 'valibot';
import type { MessageName, Request } from './messages.js';
import { INDEXES } from './project-page.js';
import { TUF_MAX_BYTES, TUF_PATH } from './tuf-repository.js';

const text = (max = 512) => v.pipe(v.string(), v.minLength(1), v.maxLength(max));
const index = v.picklist(INDEXES);
const tabId = v.pipe(v.number(), v.integer(), v.minValue(0));
const count = v.pipe(v.number(), v.finite());
const empty = v.strictObject({});

/** A numeric GitHub/GitLab ID (certificate extensions .15/.17), as the core keeps it. */
const numericId = v.pipe(v.string(), v.regex(/^[0-9]{1,20}$/));

const identity = v.object({
  kind: v.pipe(v.string(), v.maxLength(64)),
  repository: v.pipe(v.string(), v.maxLength(512)),
  workflow: v.pipe(v.string(), v.maxLength(512)),
  environment: v.pipe(v.string(), v.maxLength(512)),
  // A pin keeps the IDs it was made with: a re-created repository of the same name differs.
  repositoryId: v.optional(numericId),
  ownerId: v.optional(numericId),
});

/** A TUF metadata file or trusted root as text (the client checks what it says). */
const tufText = v.pipe(v.string(), v.maxLength(TUF_MAX_BYTES));
const isoDate = v.pipe(v.string(), v.maxLength(64));

/** Every request's schema, by message name. */
export const REQUESTS = {
  listRelease: v.object({
    index,
    project: text(),
    version: v.optional(text(128)),
    force: v.optional(v.boolean()),
    tabId: v.optional(tabId),
    views: v.optional(v.boolean()),
  }),
  checkFile: v.object({
    index,
    project: text(),
    version: text(128),
    filename: text(),
    force: v.optional(v.boolean()),
    tabId: v.optional(tabId),
    views: v.optional(v.boolean()),
  }),
  checkFiles: v.object({
    index,
    project: text(),
    version: text(128),
    // Far more files than any release lists: a bound, not a limit a real release meets.
    filenames: v.pipe(v.array(text()), v.maxLength(10_000)),
    force: v.optional(v.boolean()),
    tabId: v.optional(tabId),
    views: v.optional(v.boolean()),
  }),
  getTabState: v.object({ tabId }),
  getAnalysis: v.object({
    index,
    project: text(),
    version: text(128),
    tabId: v.optional(tabId),
  }),
  getTimeline: v.object({
    index,
    project: text(),
    limit: v.optional(count),
    offset: v.optional(count),
  }),
  memoryAction: v.object({
    action: v.picklist(['pin', 'accept', 'unpin', 'forget']),
    index,
    project: text(),
    identity: v.optional(identity),
    version: v.optional(v.pipe(v.string(), v.maxLength(128))),
  }),
  listMemory: empty,
  // An exported identities file is a few kB per project; 2 MB is far more than any real one.
  importMemory: v.object({
    text: v.pipe(
      v.string(),
      v.maxLength(2_000_000, 'The file is too large to be an identities file.'),
    ),
  }),
  clearCaches: empty,
  verifyProvenance: v.object({ filename: text(), sha256: text(128), provenance: v.unknown() }),
  checkDistribution: v.object({
    index,
    filename: text(),
    sha256: v.pipe(v.string(), v.regex(/^[0-9a-fA-F]{64}$/, 'expected a sha256 hex digest')),
  }),
  releaseDownloads: v.object({ index, project: text(), version: text(128) }),
  getInfo: empty,
  getTrustRefresh: empty,
  setTrustRefresh: v.strictObject({
    enabled: v.optional(v.boolean()),
    verified: v.optional(
      v.strictObject({
        trustedRoot: tufText,
        metadata: v.strictObject({
          root: tufText,
          timestamp: tufText,
          snapshot: tufText,
          targets: tufText,
        }),
        rootVersion: v.pipe(v.number(), v.integer(), v.minValue(1)),
        rootExpires: isoDate,
        newerRootDueAt: v.nullable(isoDate),
      }),
    ),
    failure: v.optional(v.pipe(v.string(), v.maxLength(2000))),
  }),
  fetchTuf: v.strictObject({
    path: v.pipe(v.string(), v.regex(TUF_PATH, 'Not a file of the TUF repository.')),
    maxLength: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(TUF_MAX_BYTES)),
  }),
} satisfies { [K in MessageName]: v.GenericSchema<unknown, Request<K>> };

/** The protocol's message names, derived from the schemas (never a hand-kept list). */
export const MESSAGE_NAMES: ReadonlySet<string> = new Set(Object.keys(REQUESTS));

export type ParsedEnvelope =
  { ok: true; type: MessageName; payload: Request<MessageName> } | { ok: false; message: string };

/**
 * Checks a message: undefined when it is not one of ours at all (no answer is sent), else the
 * typed request or why its payload was refused (answered as BAD_REQUEST).
 */
export function parseEnvelope(message: unknown): ParsedEnvelope | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const { type, payload } = message as { type?: unknown; payload?: unknown };
  if (typeof type !== 'string' || !MESSAGE_NAMES.has(type)) return undefined;
  const name = type as MessageName;
  const parsed = v.safeParse(REQUESTS[name] as v.GenericSchema<unknown, unknown>, payload);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    // valibot's own words name the expectation ("Invalid type: …"); a schema's own are a sentence.
    if (!issue.message.startsWith('Invalid')) return { ok: false, message: issue.message };
    const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
    return { ok: false, message: `${name}: ${path ? `${path}: ` : ''}${issue.message}` };
  }
  return { ok: true, type: name, payload: parsed.output as Request<MessageName> };
}
