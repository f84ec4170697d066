/**
 * Keys: remove, rename, add from a pool, and move a key under an own `__proto__` key.
 */
import { isRecord, sameMeaning, type Path } from '../spec.js';
import {
  allPaths,
  clone,
  donorAttestation,
  fmtPath,
  getAt,
  replace,
  setAt,
  type Ctx,
  type MutationDef,
} from './shared.js';

function keyPaths(prov: unknown): Path[] {
  return allPaths(prov).filter((p) => typeof p[p.length - 1] === 'string');
}

const KEY_POOL = [
  'claims',
  'extra',
  'x-comment',
  'Version',
  'log_index',
  'logindex',
  'rootHash',
  'timestamps',
  'integratedTime',
  'environment',
  'workflow_filepath',
  'email',
  'constructor',
  'toString',
  'hasOwnProperty',
  'prototype',
  '__proto__',
  '',
];

function valuePool(ctx: Ctx): unknown[] {
  return [
    null,
    0,
    'x',
    '',
    {},
    [],
    { claims: null },
    { repository: 'evil/evil', kind: 'GitHub' },
    donorAttestation(ctx).att,
  ];
}

export function keyMutations(): MutationDef[] {
  return [
    {
      name: 'remove-key',
      group: 'keys',
      run: (ctx) => {
        const paths = keyPaths(ctx.doc.provenance);
        if (!paths.length) return null;
        return replace(ctx, ctx.rng.pick(paths), undefined, 'removed');
      },
    },
    {
      name: 'rename-key',
      group: 'keys',
      run: (ctx) => {
        const paths = keyPaths(ctx.doc.provenance);
        if (!paths.length) return null;
        const path = ctx.rng.pick(paths);
        const key = String(path[path.length - 1]);
        const variants = [
          key.toUpperCase(),
          key.toLowerCase(),
          key.charAt(0).toUpperCase() + key.slice(1),
          key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`),
          key.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase()),
          `${key} `,
          `\u200b${key}`,
        ].filter((k) => k !== key);
        if (!variants.length) return null;
        const renamed = ctx.rng.pick(variants);
        const prov = ctx.doc.provenance;
        const value = getAt(prov, path);
        const newPath = [...path.slice(0, -1), renamed];
        const existing = getAt(prov, newPath);
        const noop =
          sameMeaning(prov, path, value, undefined) && sameMeaning(prov, newPath, existing, value);
        setAt(prov, path, undefined);
        setAt(prov, newPath, value);
        return { noop, detail: `${fmtPath(path)} → ${JSON.stringify(renamed)}` };
      },
    },
    {
      name: 'add-key',
      group: 'keys',
      run: (ctx) => {
        const objects = [[] as Path, ...allPaths(ctx.doc.provenance)].filter((p) =>
          isRecord(getAt(ctx.doc.provenance, p)),
        );
        const path = ctx.rng.pick(objects);
        const key = ctx.rng.pick(KEY_POOL);
        const value = clone(ctx.rng.pick(valuePool(ctx)));
        return replace(ctx, [...path, key], value, `= ${JSON.stringify(value).slice(0, 60)}`);
      },
    },
    {
      // Remove a key but offer its value through an own "__proto__" key (as JSON.parse makes
      // it): a verifier that copied objects with plain assignment would inherit the value.
      name: 'proto-shadow',
      group: 'keys',
      run: (ctx) => {
        const paths = keyPaths(ctx.doc.provenance).filter((p) => p[p.length - 1] !== '__proto__');
        if (!paths.length) return null;
        const path = ctx.rng.pick(paths);
        const prov = ctx.doc.provenance;
        const value = getAt(prov, path);
        const noop = sameMeaning(prov, path, value, undefined);
        setAt(prov, path, undefined);
        const protoPath = [...path.slice(0, -1), '__proto__'];
        setAt(prov, protoPath, { [String(path[path.length - 1])]: value });
        return { noop, detail: `${fmtPath(path)} moved under own __proto__` };
      },
    },
  ];
}
