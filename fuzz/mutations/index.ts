/**
 * Every mutation, one file per group, in a fixed order: a case's mutations are picked by
 * position in this list (see ../mutate.ts), so reordering it changes what every seed generates.
 */
import { b64Mutations } from './b64.js';
import { checkpointMutations } from './checkpoint.js';
import { inputMutations } from './input.js';
import { jsonMutations } from './json.js';
import { keyMutations } from './keys.js';
import { kindMutations } from './kind.js';
import { lookalikeMutations } from './lookalike.js';
import { numberMutations } from './number.js';
import { publisherMutations } from './publisher.js';
import type { MutationDef } from './shared.js';
import { sizeMutations } from './size.js';
import { statementMutations } from './statement.js';
import { structureMutations } from './structure.js';
import { timestampMutations } from './timestamps.js';
import { typeMutations } from './type.js';
import { versionMutations } from './version.js';

export type { Ctx, Extras, FuzzInput, MutationDef, Outcome, Seed } from './shared.js';

export const MUTATIONS: MutationDef[] = [
  ...b64Mutations(),
  ...numberMutations(),
  ...typeMutations(),
  ...keyMutations(),
  ...sizeMutations(),
  ...lookalikeMutations(),
  ...publisherMutations(),
  ...statementMutations(),
  ...checkpointMutations(),
  ...structureMutations(),
  ...versionMutations(),
  ...kindMutations(),
  ...timestampMutations(),
  ...inputMutations(),
  ...jsonMutations(),
];

/**
 * How often each group is picked (then a mutation uniformly within the group). The order of
 * the entries is part of the seeded behaviour too.
 */
export const GROUP_WEIGHTS: Record<string, number> = {
  b64: 20,
  number: 8,
  type: 10,
  keys: 7,
  size: 3,
  lookalike: 6,
  publisher: 7,
  statement: 8,
  checkpoint: 7,
  structure: 10,
  version: 2,
  kind: 2,
  timestamps: 3,
  input: 6,
  json: 5,
};
