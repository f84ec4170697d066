/** The test log's Merkle proofs, checked with RFC 9162 §2.1.3.2 for every small tree. */
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { concat } from './der.js';
import { auditPath, leafHash, treeHash } from './tlog.js';

function verifyInclusion(index: number, size: number, leaf: Uint8Array, path: Uint8Array[]) {
  if (index >= size) return undefined;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of path) {
    if (sn === 0) return undefined;
    if (fn % 2 === 1 || fn === sn) {
      r = sha256(concat(Uint8Array.of(1), p, r));
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      r = sha256(concat(Uint8Array.of(1), r, p));
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn === 0 ? r : undefined;
}

describe('RFC 6962 tree of the test logs', () => {
  it('every audit path of every tree up to 33 leaves leads to the tree hash', () => {
    const leaves = Array.from({ length: 33 }, (_, i) => leafHash(Uint8Array.of(i)));
    for (let n = 1; n <= leaves.length; n++) {
      const tree = leaves.slice(0, n);
      const root = treeHash(tree);
      for (let m = 0; m < n; m++) {
        const got = verifyInclusion(m, n, tree[m] as Uint8Array, auditPath(m, tree));
        expect(got && Buffer.from(got).equals(Buffer.from(root)), `leaf ${m} of ${n}`).toBe(true);
      }
    }
  });

  it('a one-leaf tree hashes to its leaf, with an empty path', () => {
    const leaf = leafHash(Uint8Array.of(7));
    expect(treeHash([leaf])).toEqual(leaf);
    expect(auditPath(0, [leaf])).toEqual([]);
  });
});
