/**
 * `pypi-provenance`: the verification core on the command line (product.md "Test contract").
 *   verify-file --provenance FILE --filename NAME (--sha256 HEX | --dist FILE)
 *               [--publisher JSON] [--repository URL] [--trusted-root FILE] [--json]
 *   check PROJECT [VERSION] [--index URL] [--repository URL] [--trusted-root FILE] [--json]
 *   verify-dist FILE [--index URL] [--repository URL] [--trusted-root FILE] [--json]
 * Exit 0 verified; 1 failed, none, unsupported (or a partial release); 2 bad usage,
 * unreadable input or an error (an index that cannot be reached among them).
 */
import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import { checkRelease, directPorts } from '../core/check.js';
import { verifyProvenance } from '../core/provenance/verify.js';
import type { FileResult, Publisher, ReleaseResult } from '../core/result.js';
import { formatFile, formatJson, formatLine, toJsonFile } from './format.js';
import { InputError, provenanceFile, readInputFile, trustedRootFile } from './input.js';
import { explainingFetch, indexOrigin } from './network.js';
import { verifyDist } from './verify-dist.js';

const USAGE = `usage:
  pypi-provenance verify-file --provenance FILE --filename NAME (--sha256 HEX | --dist FILE)
                              [--publisher JSON] [--repository URL] [--trusted-root FILE] [--json]
  pypi-provenance check PROJECT [VERSION] [--index URL] [--repository URL]
                        [--trusted-root FILE] [--json]
  pypi-provenance verify-dist FILE [--index URL] [--repository URL] [--trusted-root FILE] [--json]

verify-file checks one file's Integrity API provenance offline. FILE may instead hold a single
PEP 740 attestation, given together with --publisher (PyPI's publisher object as JSON, e.g.
'{"kind":"GitHub","repository":"pypa/sampleproject","workflow":"release.yml"}').
check fetches a release from the index and checks every file.
verify-dist hashes a local wheel or sdist, finds its provenance on the index by its name, and
verifies it against the file's own SHA-256.
--index takes an https origin (default https://pypi.org; e.g. https://localhost:8443); the
system's CAs and NODE_EXTRA_CA_CERTS are trusted.
Exit status: 0 verified; 1 failed, no provenance or unsupported; 2 a usage or input mistake,
or the index could not be reached (the message names the host and why: DNS, refused, TLS,
timeout).`;

class UsageError extends Error {}

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  fetch?: typeof fetch;
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(`${what} is not valid JSON`);
  }
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function fileExit(r: FileResult): number {
  if (r.state === 'verified') return 0;
  if (r.state === 'error' || r.state === 'pending') return 2;
  return 1;
}

function releaseExit(r: ReleaseResult): number {
  if (r.state === 'verified') return 0;
  if (r.state === 'error' || r.state === 'pending') return 2;
  return 1;
}

function verifyFile(args: string[], io: Io): number {
  const { values } = parseArgs({
    args,
    options: {
      provenance: { type: 'string' },
      filename: { type: 'string' },
      sha256: { type: 'string' },
      dist: { type: 'string' },
      publisher: { type: 'string' },
      repository: { type: 'string' },
      'trusted-root': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (!values.provenance) throw new UsageError('--provenance FILE is required');
  if (!values.filename) throw new UsageError('--filename NAME is required');
  if (!values.sha256 === !values.dist)
    throw new UsageError('give exactly one of --sha256 HEX or --dist FILE');
  const sha256 = values.dist
    ? createHash('sha256').update(readInputFile(values.dist, 'distribution')).digest('hex')
    : (values.sha256 as string);
  if (!/^[0-9a-fA-F]{64}$/.test(sha256)) throw new UsageError('--sha256 must be 64 hex digits');
  let publisher: Publisher | undefined;
  if (values.publisher !== undefined) {
    const p = parseJson(values.publisher, '--publisher');
    if (!isRecord(p) || typeof p.kind !== 'string')
      throw new UsageError('--publisher must be a JSON object with a "kind"');
    publisher = p as unknown as Publisher;
  }
  const provenance = provenanceFile(values.provenance, publisher);
  const trust = values['trusted-root'] ? trustedRootFile(values['trusted-root']) : undefined;
  const result = verifyProvenance({
    filename: values.filename,
    sha256,
    provenance,
    ...(trust && { trust }),
    ...(values.repository !== undefined && { repository: values.repository }),
  });
  io.out(values.json ? formatJson(JSON.stringify(toJsonFile(result))) : formatFile(result));
  return fileExit(result);
}

const CHECK_TIMEOUT_MS = 15_000;

/** "sampleproject 4.0.0", or just the project while no version is known (no stray space). */
function releaseHeader(r: Pick<ReleaseResult, 'project' | 'version'>): string {
  return [r.project, r.version].filter((s) => s !== '').join(' ');
}

async function check(args: string[], io: Io): Promise<number> {
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
  const [project, version, ...rest] = positionals;
  if (!project || rest.length > 0) throw new UsageError('check takes PROJECT [VERSION]');
  const origin = indexOrigin(values.index);
  const trust = values['trusted-root'] ? trustedRootFile(values['trusted-root']) : undefined;
  // Network failures name the host and the cause (network.ts).
  const net = explainingFetch(io.fetch ?? fetch, origin, CHECK_TIMEOUT_MS);
  const ports = directPorts(
    {
      index: origin,
      fetch: (url, init) => net.fetch(url, init),
      retries: 2,
      timeoutMs: CHECK_TIMEOUT_MS,
    },
    {
      ...(trust && { trust }),
      ...(values.repository !== undefined && { repository: values.repository }),
    },
  );
  const result = net.explain(await checkRelease(ports, origin, project, version));
  if (values.json) {
    io.out(
      formatJson(
        JSON.stringify({
          status: result.state,
          project: result.project,
          version: result.version,
          ...(result.error && { reason: result.error.code, message: result.error.message }),
          files: result.files.map((f) => ({ filename: f.filename, ...toJsonFile(f) })),
        }),
      ),
    );
  } else {
    io.out(formatLine(`${releaseHeader(result)}: ${result.state}`));
    if (result.error) io.out(formatLine(`  ${result.error.code}: ${result.error.message}`));
    for (const f of result.files) io.out(formatFile(f));
  }
  return releaseExit(result);
}

export async function main(argv: string[], io: Io): Promise<number> {
  const [command, ...args] = argv;
  try {
    switch (command) {
      case 'verify-file':
        return verifyFile(args, io);
      case 'check':
        return await check(args, io);
      case 'verify-dist':
        return await verifyDist(args, io);
      case '-h':
      case '--help':
      case 'help':
        io.out(USAGE);
        return 0;
      default:
        throw new UsageError(command ? `unknown command ${command}` : 'no command given');
    }
  } catch (err) {
    // A mistake in what was given (a file, a value): one clear line, no usage text.
    if (err instanceof InputError) {
      io.err(`pypi-provenance: ${err.message}`);
      return 2;
    }
    if (
      err instanceof UsageError ||
      (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))
    ) {
      io.err(`pypi-provenance: ${formatLine(err.message)}\n\n${USAGE}`);
      return 2;
    }
    io.err(`pypi-provenance: ${formatLine(err instanceof Error ? err.message : String(err))}`);
    return 2;
  }
}
