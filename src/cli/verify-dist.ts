/**
 * `pypi-provenance verify-dist FILE [--index URL] [--repository URL] [--trusted-root FILE]
 * [--json]` (issue 14 §3; product.md "Command line"): the check page in the terminal. The
 * local wheel or sdist is hashed here (streamed), its name gives the project and version, its
 * provenance is fetched from the index and verified against the file's own sha256, and the
 * index's listing says whether it serves the same bytes. Exit 0 verified; 1 failed, none or
 * unsupported; 2 bad input or an error (such as an index that cannot be reached).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { checkDistribution, checkFile, directPorts } from '../core/check.js';
import { parseDistributionFilename } from '../core/filename.js';
import type { FileResult } from '../core/result.js';
import { verdict } from '../shared/verdict.js';
import { formatFile, formatJson, formatLine, toJsonFile } from './format.js';
import { InputError, trustedRootFile, unreadableWhy } from './input.js';
import { explainingFetch, indexOrigin } from './network.js';

/** What the command writes to (main.ts's Io). */
export interface DistIo {
  out: (s: string) => void;
  err: (s: string) => void;
  fetch?: typeof fetch;
}

const TIMEOUT_MS = 15_000;

/** The file's sha256, read as a stream (a 1 GB wheel is never in memory whole). */
export async function sha256OfPath(path: string): Promise<string> {
  const unreadable = (err: unknown) =>
    new InputError(`cannot read distribution ${path}: ${unreadableWhy(err)}`);
  try {
    if ((await stat(path)).isDirectory()) {
      throw Object.assign(new Error('directory'), { code: 'EISDIR' });
    }
  } catch (err) {
    throw unreadable(err);
  }
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  } catch (err) {
    throw unreadable(err);
  }
  return hash.digest('hex');
}

function exitCode(r: FileResult): number {
  if (r.state === 'verified') return 0;
  if (r.state === 'error' || r.state === 'pending') return 2;
  return 1;
}

export async function verifyDist(args: string[], io: DistIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      index: { type: 'string', default: 'https://pypi.org' },
      repository: { type: 'string' },
      'trusted-root': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: true,
  });
  const [path, ...rest] = positionals;
  if (path === undefined || rest.length > 0) {
    throw new InputError('verify-dist takes one FILE (a wheel or sdist)');
  }
  // The name as PyPI gave it: PEP 427 / PEP 625 name the project and version.
  const filename = basename(path);
  const parsed = parseDistributionFilename(filename);
  if (!parsed.ok) {
    throw new InputError(
      `${path} is not named as a wheel or sdist (${parsed.reason}); only distribution files have provenance on the index`,
    );
  }
  const index = indexOrigin(values.index);
  const trust = values['trusted-root'] ? trustedRootFile(values['trusted-root']) : undefined;
  const sha256 = await sha256OfPath(path);

  const net = explainingFetch(io.fetch ?? fetch, index, TIMEOUT_MS);
  const ports = directPorts(
    { index, fetch: (url, init) => net.fetch(url, init), retries: 2, timeoutMs: TIMEOUT_MS },
    {
      ...(trust && { trust }),
      ...(values.repository !== undefined && { repository: values.repository }),
    },
  );
  const checked = await checkDistribution(
    {
      listRelease: ports.listRelease,
      check: (project, version, file) => checkFile(ports, project, version, file),
    },
    filename,
    sha256,
  );
  if (!checked.ok) throw new InputError(checked.reason);
  const { project, version, listed } = checked.value;
  const result = net.explain(checked.value.result);
  const words = verdict({ index, project, version, filename, sha256, result, listed });

  if (values.json) {
    io.out(
      formatJson(
        JSON.stringify({
          ...toJsonFile(result),
          filename,
          sha256,
          project,
          version,
          index,
          listed,
          verdict: words.title,
        }),
      ),
    );
  } else {
    // Every value may come from the index: each line is made inert (format.ts).
    io.out(formatLine(`${project} ${version} on ${new URL(index).host}: ${filename}`));
    io.out(formatFile(result));
    io.out(formatLine(`  ${words.title}.`));
    for (const line of words.lines) io.out(formatLine(`  ${line}`));
  }
  return exitCode(result);
}
