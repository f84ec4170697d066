/**
 * `pypi-provenance`: the verification core on the command line (product.md "Test contract").
 *   verify-file --provenance FILE --filename NAME (--sha256 HEX | --dist FILE)
 *               [--publisher JSON] [--repository URL] [--trusted-root FILE] [--json]
 *   check PROJECT [VERSION] [--index URL] [--repository URL] [--trusted-root FILE] [--json]
 * Exit 0 verified; 1 failed, none, unsupported (or a partial release); 2 bad usage,
 * unreadable input or an error.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { checkRelease, directPorts } from '../core/check.js';
import { verifyProvenance } from '../core/provenance/verify.js';
import type { FileResult, Publisher, ReleaseResult } from '../core/result.js';
import { loadTrust, type Trust } from '../core/sigstore/trust.js';
import { formatFile, formatJson, formatLine, toJsonFile } from './format.js';

const USAGE = `usage:
  pypi-provenance verify-file --provenance FILE --filename NAME (--sha256 HEX | --dist FILE)
                              [--publisher JSON] [--repository URL] [--trusted-root FILE] [--json]
  pypi-provenance check PROJECT [VERSION] [--index URL] [--repository URL]
                        [--trusted-root FILE] [--json]

verify-file checks one file's Integrity API provenance offline. FILE may instead hold a single
PEP 740 attestation, given together with --publisher (PyPI's publisher object as JSON, e.g.
'{"kind":"GitHub","repository":"pypa/sampleproject","workflow":"release.yml"}').
check fetches a release from the index (default https://pypi.org) and checks every file.
Exit status: 0 verified; 1 failed, no provenance or unsupported; 2 usage or input error.`;

class UsageError extends Error {}

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  fetch?: typeof fetch;
}

function readInput(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new UsageError(
      `cannot read ${what} ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
    );
  }
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(`${what} is not valid JSON`);
  }
}

function trustFrom(path: string | undefined): Trust | undefined {
  return path
    ? loadTrust(parseJson(readInput(path, 'trusted root').toString('utf8'), path))
    : undefined;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** The provenance object to verify: the file as is, or one attestation wrapped with --publisher. */
function provenanceFrom(input: unknown, publisher: Publisher | undefined): unknown {
  const isAttestation = isRecord(input) && 'envelope' in input && 'verification_material' in input;
  if (isAttestation) {
    if (!publisher) throw new UsageError('a single attestation needs --publisher');
    return { version: 1, attestation_bundles: [{ publisher, attestations: [input] }] };
  }
  if (publisher && isRecord(input) && Array.isArray(input.attestation_bundles)) {
    // --publisher with a provenance object replaces the (unsigned) publisher of every bundle.
    return {
      ...input,
      attestation_bundles: input.attestation_bundles.map((b: unknown) =>
        isRecord(b) ? { ...b, publisher } : b,
      ),
    };
  }
  return input;
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
    ? createHash('sha256').update(readInput(values.dist, 'distribution')).digest('hex')
    : (values.sha256 as string);
  if (!/^[0-9a-fA-F]{64}$/.test(sha256)) throw new UsageError('--sha256 must be 64 hex digits');
  let publisher: Publisher | undefined;
  if (values.publisher !== undefined) {
    const p = parseJson(values.publisher, '--publisher');
    if (!isRecord(p) || typeof p.kind !== 'string')
      throw new UsageError('--publisher must be a JSON object with a "kind"');
    publisher = p as unknown as Publisher;
  }
  const input = parseJson(
    readInput(values.provenance, 'provenance').toString('utf8'),
    values.provenance,
  );
  const trust = trustFrom(values['trusted-root']);
  const result = verifyProvenance({
    filename: values.filename,
    sha256,
    provenance: provenanceFrom(input, publisher),
    ...(trust && { trust }),
    ...(values.repository !== undefined && { repository: values.repository }),
  });
  io.out(values.json ? formatJson(JSON.stringify(toJsonFile(result))) : formatFile(result));
  return fileExit(result);
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
  let index: URL;
  try {
    index = new URL(values.index);
  } catch {
    throw new UsageError(`--index must be a URL, got ${values.index}`);
  }
  if (index.protocol !== 'https:' && index.protocol !== 'http:')
    throw new UsageError('--index must be http(s)');
  const trust = trustFrom(values['trusted-root']);
  const fetchImpl = io.fetch ?? fetch;
  const origin = index.origin + index.pathname.replace(/\/+$/, '');
  const ports = directPorts(
    {
      index: origin,
      fetch: (url, init) => fetchImpl(url, init),
      retries: 2,
    },
    {
      ...(trust && { trust }),
      ...(values.repository !== undefined && { repository: values.repository }),
    },
  );
  const result = await checkRelease(ports, origin, project, version);
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
    io.out(formatLine(`${result.project} ${result.version}: ${result.state}`));
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
      case '-h':
      case '--help':
      case 'help':
        io.out(USAGE);
        return 0;
      default:
        throw new UsageError(command ? `unknown command ${command}` : 'no command given');
    }
  } catch (err) {
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
