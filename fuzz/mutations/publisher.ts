/**
 * Publisher: kind, repository and workflow variants, `environment`, fields of other kinds,
 * and another case's publisher.
 */
import type { Path } from '../spec.js';
import {
  bundlePaths,
  clone,
  getAt,
  hasOwn,
  publisherPaths,
  replace,
  type Ctx,
  type MutationDef,
  type Outcome,
  type Run,
} from './shared.js';

export function publisherMutations(): MutationDef[] {
  const onPublisher =
    (fn: (ctx: Ctx, path: Path, pub: Record<string, unknown>) => Outcome | null): Run =>
    (ctx) => {
      const pubs = publisherPaths(ctx);
      if (!pubs.length) return null;
      const path = ctx.rng.pick(pubs);
      return fn(ctx, path, getAt(ctx.doc.provenance, path) as Record<string, unknown>);
    };
  return [
    {
      name: 'publisher:kind',
      group: 'publisher',
      run: onPublisher((ctx, path) => {
        const kind = ctx.rng.pick([
          'github',
          'GITHUB',
          'GitHub ',
          'Github',
          'GitLab',
          'Google',
          'ActiveState',
          '',
        ]);
        return replace(ctx, [...path, 'kind'], kind, JSON.stringify(kind));
      }),
    },
    {
      name: 'publisher:repository-variant',
      group: 'publisher',
      run: onPublisher((ctx, path, pub) => {
        if (typeof pub.repository !== 'string') return null;
        const r = pub.repository;
        const [owner = '', name = ''] = r.split('/');
        const variants = [
          r.toUpperCase(),
          `${owner.charAt(0).toUpperCase()}${owner.slice(1)}/${name}`,
          `${owner}/${name}.git`,
          `github.com/${r}`,
          `https://github.com/${r}`,
          `${r}/`,
          `/${r}`,
          `${owner}/${name}-fork`,
          `${owner}-evil/${name}`,
          name,
          `${owner}/${name}/../${name}`,
        ].filter((v) => v !== r);
        if (!variants.length) return null;
        const variant = ctx.rng.pick(variants);
        return replace(ctx, [...path, 'repository'], variant, JSON.stringify(variant));
      }),
    },
    {
      name: 'publisher:workflow-variant',
      group: 'publisher',
      run: onPublisher((ctx, path, pub) => {
        const field = typeof pub.workflow === 'string' ? 'workflow' : 'workflow_filepath';
        const w = pub[field];
        if (typeof w !== 'string') return null;
        const variants = [
          w.toUpperCase(),
          `.github/workflows/${w}`,
          w.replace(/\.yml$/, '.yaml'),
          `${w}@refs/heads/main`,
          `./${w}`,
          `${w} `,
          `other-${w}`,
          w.replace(/\.ya?ml$/, ''),
          `../${w}`,
        ].filter((v) => v !== w);
        if (!variants.length) return null;
        const variant = ctx.rng.pick(variants);
        return replace(ctx, [...path, field], variant, `${field} ${JSON.stringify(variant)}`);
      }),
    },
    {
      // Not part of the identity policy (pypi-attestations does not check it): a no-op.
      name: 'publisher:environment',
      group: 'publisher',
      run: onPublisher((ctx, path) => {
        const env = ctx.rng.pick(['', 'pypi', 'release', null, undefined, 'x'.repeat(1024)]);
        return replace(ctx, [...path, 'environment'], env, JSON.stringify(env) ?? 'removed');
      }),
    },
    {
      // A field another publisher kind uses (e.g. `email` on a GitHub publisher): ignored.
      name: 'publisher:unused-field',
      group: 'publisher',
      run: onPublisher((ctx, path, pub) => {
        const fields = ['workflow', 'workflow_filepath', 'email'].filter((f) => !hasOwn(pub, f));
        if (!fields.length) return null;
        const field = ctx.rng.pick(fields);
        const value = ctx.rng.pick(['release.yml', 'evil@example.com', '']);
        return replace(ctx, [...path, field], value, `${field} ${JSON.stringify(value)}`);
      }),
    },
    {
      name: 'publisher:donor',
      group: 'publisher',
      run: onPublisher((ctx, path) => {
        const seed = ctx.rng.pick(ctx.seeds);
        const pubs = bundlePaths(seed.provenance).map((b) =>
          getAt(seed.provenance, [...b, 'publisher']),
        );
        return replace(ctx, path, clone(ctx.rng.pick(pubs)), `from ${seed.name}`);
      }),
    },
  ];
}
