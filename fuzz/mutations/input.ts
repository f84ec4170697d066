/**
 * verifyProvenance's own inputs: the sha256 and the distribution filename (project name,
 * version, extension and tags).
 */
import { canonicalizeName } from '../../src/core/project-name.js';
import { lookalike } from './lookalike.js';
import { FULLWIDTH_DIGITS, type MutationDef } from './shared.js';

/** Splits a distribution filename into (project name, rest). */
function splitFilename(filename: string): [string, string] {
  if (filename.endsWith('.whl')) {
    const i = filename.indexOf('-');
    return [filename.slice(0, i), filename.slice(i)];
  }
  const stem = filename.replace(/\.(tar\.gz|zip)$/, '');
  const i = stem.lastIndexOf('-');
  return [filename.slice(0, i), filename.slice(i)];
}

export function inputMutations(): MutationDef[] {
  return [
    {
      // Hex digests are case-insensitive.
      name: 'input:sha256-uppercase',
      group: 'input',
      run: (ctx) => {
        ctx.doc.sha256 = ctx.doc.sha256.toUpperCase();
        return { noop: true, detail: ctx.doc.sha256, input: true };
      },
    },
    {
      name: 'input:sha256-changed',
      group: 'input',
      run: (ctx) => {
        const s = ctx.doc.sha256;
        const i = ctx.rng.int(s.length);
        const variants = [
          s.slice(0, i) + (s[i] === 'a' ? 'b' : 'a') + s.slice(i + 1),
          s.slice(1),
          `${s}0`,
          `sha256:${s}`,
          ` ${s}`,
          '',
          s.replace(/[0-9]/, (d) => String.fromCharCode(0xff10 + Number(d))),
        ];
        ctx.doc.sha256 = ctx.rng.pick(variants);
        return { noop: false, detail: JSON.stringify(ctx.doc.sha256), input: true };
      },
    },
    {
      // PEP 503 name normalization: case and runs of -_. do not matter (pypi-attestations
      // compares parsed names); anything else (look-alikes, invisible characters) does.
      name: 'input:filename-name',
      group: 'input',
      run: (ctx) => {
        const [name, rest] = splitFilename(ctx.doc.filename);
        const wheel = ctx.doc.filename.endsWith('.whl');
        let label: string;
        let after: string;
        if (ctx.rng.chance(0.3)) {
          label = 'separator';
          const to = wheel ? '.' : ctx.rng.pick(['.', '-', '__', '_-_']);
          after = name.replace(/[-_.]/g, to);
          if (after === name) after = name.toUpperCase();
        } else {
          const r = lookalike(ctx.rng, name);
          if (!r) return null;
          label = r.label;
          after = r.after;
        }
        ctx.doc.filename = after + rest;
        // A wheel's name must not contain "-" (nor "__") to parse at all.
        const parses = !wheel || (!/[-]/.test(after) && !after.includes('__'));
        const noop =
          parses &&
          canonicalizeName(after) === canonicalizeName(name) &&
          /^[A-Za-z0-9._-]+$/.test(after);
        return { noop, detail: `${label} ${JSON.stringify(ctx.doc.filename)}`, input: true };
      },
    },
    {
      // PEP 440 equality: 4.0.0 == 4.0.0.0 == v4.0.0 (pypi-attestations compares Version objects).
      name: 'input:filename-version',
      group: 'input',
      run: (ctx) => {
        const m = /^([^-]+-)([^-]+?)(-.*\.whl|\.tar\.gz|\.zip)$/.exec(ctx.doc.filename);
        if (!m?.[1] || !m[2] || !m[3]) return null;
        const v = m[2];
        const variants: [string, string, boolean][] = [
          ['zero-padded', v.replace(/^(v?[0-9]+(?:\.[0-9]+)*)/, '$1.0'), true],
          // PEP 440 allows one leading "v" (so "vv…" is not a version: only add it once).
          ['v-prefix', /^v/i.test(v) ? v : `v${v}`, true],
          ['bumped', v.replace(/[0-9](?=[^0-9]*$)/, (d) => String((Number(d) + 1) % 10)), false],
          ['post-release', `${v}.post1`, false],
          ['fullwidth', FULLWIDTH_DIGITS(v), false],
        ];
        const options = variants.filter(([, version]) => version !== v);
        if (!options.length) return null;
        const [label, version, noop] = ctx.rng.pick(options);
        ctx.doc.filename = m[1] + version + m[3];
        return { noop, detail: `${label} ${JSON.stringify(ctx.doc.filename)}`, input: true };
      },
    },
    {
      name: 'input:filename-other',
      group: 'input',
      run: (ctx) => {
        const f = ctx.doc.filename;
        const variants: [string, boolean][] = [
          // pypi-attestations compares parsed sdist names as (name, version): the archive
          // extension is not part of it, and the sha256 check still pins the exact bytes, so
          // a .tar.gz subject for a file named .zip (same digest) is the same distribution.
          // Reported as an observation (see fuzz/README.md), not a weakness.
          [f.replace(/\.tar\.gz$/, '.zip'), true],
          [f.replace(/\.whl$/, '.WHL'), false],
          [f.replace(/\.tar\.gz$/, '.tgz'), false],
          [`../${f}`, false],
          [`${f} `, false],
          [f.replace('-py3-none-any', '-py2.py3-none-any'), false],
          [f.replace('-py3-none-any', '-1-py3-none-any'), false],
          [f.replace('-py3-none-any', '-py3-none-manylinux1_x86_64'), false],
          [ctx.rng.pick(ctx.seeds).filename, false],
        ];
        const options = variants.filter(([v]) => v !== f);
        const [after, noop] = ctx.rng.pick(options);
        ctx.doc.filename = after;
        return { noop, detail: JSON.stringify(after), input: true };
      },
    },
  ];
}
