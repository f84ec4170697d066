/**
 * Transparency logs of the test instance: an append-only RFC 6962 Merkle tree with real
 * inclusion proofs, signed checkpoints (C2SP signed notes), and for Rekor v1 the signed entry
 * timestamp (SET).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { concat } from './der.js';
import type { SigningKey } from './keys.js';

const text = new TextEncoder();
const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

export const leafHash = (body: Uint8Array): Uint8Array => sha256(concat(Uint8Array.of(0), body));
const nodeHash = (l: Uint8Array, r: Uint8Array): Uint8Array =>
  sha256(concat(Uint8Array.of(1), l, r));

/** Largest power of two strictly less than n (n ≥ 2). */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** RFC 6962 §2.1 Merkle Tree Hash over leaf hashes. */
export function treeHash(leaves: Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return sha256(new Uint8Array(0));
  if (leaves.length === 1) return leaves[0] as Uint8Array;
  const k = split(leaves.length);
  return nodeHash(treeHash(leaves.slice(0, k)), treeHash(leaves.slice(k)));
}

/** RFC 6962 §2.1.1 audit path for leaf `m`, ordered from the leaf up. */
export function auditPath(m: number, leaves: Uint8Array[]): Uint8Array[] {
  if (leaves.length <= 1) return [];
  const k = split(leaves.length);
  return m < k
    ? [...auditPath(m, leaves.slice(0, k)), treeHash(leaves.slice(k))]
    : [...auditPath(m - k, leaves.slice(k)), treeHash(leaves.slice(0, k))];
}

export interface LogOptions {
  /** Checkpoint origin line (Rekor v1: "<host> - <tree id>"; Rekor v2: the host). */
  origin: string;
  /** Signer name on the checkpoint signature line; must be a substring of the log's baseUrl. */
  signerName: string;
  key: SigningKey;
  /** Log ID as listed in the trusted root; its first 4 bytes are the checkpoint key hint. */
  logId: Uint8Array;
  /** Offset of this shard's first entry in the global index (Rekor v1's top-level logIndex). */
  globalOffset: number;
}

export interface LoggedEntry {
  /** Shard-local index (inclusionProof.logIndex). */
  index: number;
  treeSize: number;
  rootHash: Uint8Array;
  hashes: Uint8Array[];
  checkpoint: string;
}

export class TestLog {
  readonly options: LogOptions;
  /** Leaf hashes, in log order. */
  readonly leaves: Uint8Array[];

  constructor(options: LogOptions, leaves: Uint8Array[] = []) {
    this.options = options;
    this.leaves = leaves;
  }

  /**
   * Appends `body` and `after` unrelated entries (so the proof has both left and right
   * siblings), and returns the inclusion proof of `body` against a checkpoint of the new tree.
   */
  append(body: Uint8Array, after: Uint8Array[] = []): LoggedEntry {
    const index = this.leaves.length;
    this.leaves.push(leafHash(body), ...after.map(leafHash));
    const treeSize = this.leaves.length;
    const rootHash = treeHash(this.leaves);
    return {
      index,
      treeSize,
      rootHash,
      hashes: auditPath(index, this.leaves),
      checkpoint: this.checkpoint(treeSize, rootHash),
    };
  }

  /** A signed note: "origin\nsize\nroot\n\n— name b64(keyhint ‖ signature)\n". */
  checkpoint(treeSize: number, rootHash: Uint8Array): string {
    const { origin, signerName, key, logId } = this.options;
    const note = `${origin}\n${treeSize}\n${b64(rootHash)}\n`;
    const signature = key.sign(text.encode(note));
    return `${note}\n\u2014 ${signerName} ${b64(concat(logId.subarray(0, 4), signature))}\n`;
  }

  /**
   * Rekor v1 signed entry timestamp: the log key's signature over the RFC 8785 JSON of
   * {body, integratedTime, logID, logIndex} (keys already in canonical order).
   */
  signedEntryTimestamp(body: Uint8Array, integratedTime: number, globalIndex: number): Uint8Array {
    const payload = JSON.stringify({
      body: b64(body),
      integratedTime,
      logID: Buffer.from(this.options.logId).toString('hex'),
      logIndex: globalIndex,
    });
    return this.options.key.sign(text.encode(payload));
  }
}
