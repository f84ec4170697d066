#!/usr/bin/env node
// A local HTTPS fake of pypi.org / test.pypi.org for e2e tests and the offline demo.
//
// It serves a *site directory* (product.md "Test contract"): one folder per host
// (`pypi.org/`, `test.pypi.org/`), chosen by the request's Host header, whose paths mirror
// URL paths (`pypi/<project>/<version>/json`, `integrity/<project>/<version>/<file>/provenance`,
// `simple/<project>/index.json`, `project/<project>/<version>/index.html`, ...). Error bodies,
// content types and caching headers follow warehouse (../shared/fixtures/pypi-api/SHAPES.md).
// A file `<path>.status` next to a (present or missing) file overrides the answer, so tests can
// build fault sites on disk (see `readStatusOverride`).
//
// It speaks HTTP/2 with HTTP/1.1 fallback (ALPN), as pypi.org's CDN does: over HTTP/2 the
// browser sends every request on one connection, over HTTP/1.1 it opens at most 6 per host.
// Real network conditions are optional: `latencyMs` delays every response (the time to the
// first byte of a CDN round trip), `bytesPerSecond` paces every body; both can be changed
// while it runs (`fake.network`).
//
// Plain JS (typed by server.d.ts) so that Node 20 runs it directly as a CLI:
//   FAKE_PYPI_SITE=dir node e2e/fake-pypi/server.js [--port N] [--latency-ms N] [--bytes-per-second N]
//   → prints `port=N spki=PIN`
import { execFileSync } from 'node:child_process';
import { createHash, createPublicKey } from 'node:crypto';
import { createReadStream, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import { STATUS_CODES } from 'node:http';
import { constants as http2, createSecureServer } from 'node:http2';
import { tmpdir } from 'node:os';
import { extname, join, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

const INTEGRITY_TYPE = 'application/vnd.pypi.integrity.v1+json';
const SIMPLE_JSON_TYPE = 'application/vnd.pypi.simple.v1+json';
const HOST_RE = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/;
const MAX_STATUS_FILE = 64 * 1024;

/** Content types by extension; extension-less API paths are handled in `contentTypeFor`. */
const TYPES = {
  '.json': 'application/json',
  '.html': 'text/html; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/** PyPI's JSON error messages (warehouse/api/integrity.py, legacy JSON API). */
const MESSAGES = {
  400: 'Bad Request',
  403: 'Attestations temporarily disabled',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Request not acceptable',
  429: 'Too Many Requests',
};

/**
 * A request and its response, over HTTP/1.1 or HTTP/2 (Node's compatibility API).
 * @typedef {import('node:http').IncomingMessage | import('node:http2').Http2ServerRequest} Request
 * @typedef {import('node:http').ServerResponse | import('node:http2').Http2ServerResponse} Response
 */

/** Bodies sent at most this many bytes per second, by response (`network.bytesPerSecond`). */
/** @type {WeakMap<Response, number>} */
const pacing = new WeakMap();

/** @param {Response} res */
const gone = (res) =>
  res.writableEnded || ('destroyed' in res ? res.destroyed : res.stream.destroyed);

/**
 * Generates a throwaway self-signed P-256 certificate for pypi.org, test.pypi.org and localhost with
 * openssl (toolchain.md) and returns it with its SPKI pin, the value Chromium's
 * `--ignore-certificate-errors-spki-list` expects (base64 sha256 of the DER SubjectPublicKeyInfo).
 * @returns {{ key: string; cert: string; spkiPin: string }}
 */
export function makeCertificate() {
  const dir = mkdtempSync(join(tmpdir(), 'fake-pypi-tls-'));
  try {
    const keyPath = join(dir, 'key.pem');
    const certPath = join(dir, 'cert.pem');
    execFileSync(
      process.env.OPENSSL ?? 'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        keyPath,
        '-out',
        certPath,
        '-days',
        '30',
        '-subj',
        '/CN=pypi.org',
        '-addext',
        // localhost too: the CLI's tests reach the fake as `--index https://localhost:PORT`
        // (its site folder `localhost/`), trusting this certificate via NODE_EXTRA_CA_CERTS.
        'subjectAltName=DNS:pypi.org,DNS:test.pypi.org,DNS:localhost,IP:127.0.0.1',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'], timeout: 15_000 },
    );
    const key = readFileSync(keyPath, 'utf8');
    const cert = readFileSync(certPath, 'utf8');
    const spki = createPublicKey(cert).export({ type: 'spki', format: 'der' });
    return { key, cert, spkiPin: createHash('sha256').update(spki).digest('base64') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Starts the fake index on 127.0.0.1.
 * @param {import('./server.js').FakePypiOptions} opts
 * @returns {Promise<import('./server.js').FakePypi>}
 */
export async function startFakePypi(opts) {
  if (!opts?.site) throw new Error('startFakePypi: expected a site directory, got none');
  const site = realpathSync(resolve(opts.site));
  const { key, cert, spkiPin } = makeCertificate();
  /** @type {import('./server.js').RecordedRequest[]} */
  const requests = [];
  /** @type {import('./server.js').NetworkConditions} */
  const network = { latencyMs: opts.latencyMs ?? 0, bytesPerSecond: opts.bytesPerSecond ?? 0 };

  const server = createSecureServer({ key, cert, allowHTTP1: true }, (req, res) => {
    handle(site, requests, network, req, res).catch((err) => {
      console.error('fake-pypi: internal error', err);
      if (!res.headersSent) send(res, req, 500, { message: 'Internal Server Error' });
      else res.destroy();
    });
  });
  // Bounded: a stuck client must never hold a test (or the demo) forever. (The first three
  // apply to HTTP/1.1 connections, the last to both.)
  server.requestTimeout = 10_000;
  server.headersTimeout = 10_000;
  server.keepAliveTimeout = 2_000;
  server.setTimeout(30_000);
  // Open connections (HTTP/1.1 sockets and HTTP/2 sessions), dropped by close().
  /** @type {Set<{ destroy(): void }>} */
  const open = new Set();
  const track = (/** @type {{ destroy(): void; once(e: 'close', f: () => void): void }} */ c) => {
    open.add(c);
    c.once('close', () => open.delete(c));
  };
  server.on('secureConnection', track);
  server.on('session', track);

  await new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolvePromise(undefined);
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('fake-pypi: no port');

  let closing;
  return {
    port: address.port,
    spkiPin,
    certPem: cert,
    requests,
    network,
    close() {
      closing ??= new Promise((resolveClose) => {
        server.close(() => resolveClose(undefined));
        for (const c of open) c.destroy();
      });
      return closing;
    },
  };
}

/**
 * @param {string} site
 * @param {import('./server.js').RecordedRequest[]} requests
 * @param {import('./server.js').NetworkConditions} network
 * @param {Request} req
 * @param {Response} res
 */
async function handle(site, requests, network, req, res) {
  // HTTP/2 names the host in `:authority` (RFC 9113 §8.3.1), HTTP/1.1 in Host.
  const authority = req.headers.host ?? req.headers[':authority'];
  const host = String(authority ?? '')
    .toLowerCase()
    .replace(/:\d+$/, '')
    .replace(/\.$/, '');
  const rawUrl = req.url ?? '/';
  const rawPath = rawUrl.split(/[?#]/, 1)[0] ?? '/';
  const accept = req.headers.accept;
  const protocol = req.httpVersionMajor === 2 ? 'h2' : 'http/1.1';
  /** @type {import('./server.js').RecordedRequest} */
  const record =
    accept === undefined
      ? { host, path: rawUrl, protocol, at: Math.round(performance.now()) }
      : { host, path: rawUrl, accept, protocol, at: Math.round(performance.now()) };
  requests.push(record);
  res.once('close', () => (record.done = Math.round(performance.now())));
  // The round trip: nothing is answered before it has passed.
  if (network.latencyMs > 0) await new Promise((r) => setTimeout(r, network.latencyMs));
  if (network.bytesPerSecond > 0) pacing.set(res, network.bytesPerSecond);

  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return send(res, req, 405, { message: MESSAGES[405] }, { Allow: 'GET, HEAD' });
  }
  const segments = parsePath(rawPath);
  if (segments === null) return send(res, req, 400, { message: MESSAGES[400] });
  if (!HOST_RE.test(host)) return send(res, req, 404, { message: MESSAGES[404] });

  const hostRoot = join(site, host);
  const integrityFile = integrityFilename(segments);
  const notFound = integrityFile
    ? { message: `No provenance available for ${integrityFile}` }
    : { message: MESSAGES[404] };

  // warehouse answers 406 for an Accept it cannot serve, before looking anything up.
  if (integrityFile && !acceptsIntegrity(accept)) {
    return send(res, req, 406, { message: MESSAGES[406] });
  }

  const trailingSlash = rawPath.endsWith('/');
  const urlFile = join(hostRoot, ...segments);
  // Overrides: `<url path>.status` (without the trailing slash), e.g. `simple/foo.status`.
  const override = segments.length > 0 ? await readStatusOverride(hostRoot, urlFile) : null;
  if (override) return sendOverride(res, req, override, integrityFile);

  const target = await resolveTarget(hostRoot, urlFile, accept);
  if (target?.kind === 'dir' && !trailingSlash) {
    // PyPI redirects directory-like routes to the slash form (/simple/foo → /simple/foo/).
    const query = rawUrl.slice(rawPath.length);
    return send(
      res,
      req,
      301,
      { message: 'Moved Permanently' },
      { Location: `${rawPath}/${query}` },
    );
  }
  if (target?.kind === 'dir') {
    const indexOverride = await readStatusOverride(hostRoot, target.file);
    if (indexOverride) return sendOverride(res, req, indexOverride, integrityFile);
  }
  if (target === null || (trailingSlash && target.kind === 'file')) {
    return send(res, req, 404, notFound);
  }

  /** @type {Record<string, string>} */
  const headers = { 'Content-Type': contentTypeFor(target.file, segments, integrityFile) };
  if (integrityFile) {
    Object.assign(headers, {
      'Cache-Control': 'max-age=600',
      Vary: 'Accept',
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Allow-Methods': 'GET',
    });
  } else if (segments[0] === 'pypi' || segments[0] === 'simple') {
    Object.assign(headers, { 'Access-Control-Allow-Origin': '*', Vary: 'Accept' });
  }
  // Streamed from disk: a big project's listings are tens of MB.
  const { size } = await stat(target.file);
  res.writeHead(200, { ...headers, 'Content-Length': String(size) });
  if (req.method === 'HEAD') return void res.end();
  return pump(res, createReadStream(target.file, { highWaterMark: 64 * 1024 }));
}

/**
 * Splits a raw URL path into decoded segments, or null for anything that could escape the
 * site directory or confuse the file system: `.`/`..` (plain or percent-encoded), backslashes,
 * NUL, encoded slashes and malformed escapes. A trailing empty segment (directory URL) is dropped.
 * @param {string} rawPath
 * @returns {string[] | null}
 */
export function parsePath(rawPath) {
  if (!rawPath.startsWith('/') || rawPath.includes('\\') || rawPath.includes('\0')) return null;
  const parts = rawPath.slice(1).split('/');
  if (parts.at(-1) === '') parts.pop();
  /** @type {string[]} */
  const segments = [];
  for (const part of parts) {
    let decoded;
    try {
      decoded = decodeURIComponent(part);
    } catch {
      return null;
    }
    if (
      decoded === '' ||
      decoded === '.' ||
      decoded === '..' ||
      /[\\/\0]/.test(decoded) ||
      decoded.endsWith('.status')
    ) {
      return null;
    }
    segments.push(decoded);
  }
  return segments;
}

/** @param {string[]} segments */
function integrityFilename(segments) {
  return segments.length === 5 && segments[0] === 'integrity' && segments[4] === 'provenance'
    ? segments[3]
    : undefined;
}

/**
 * Integrity API content negotiation (SHAPES.md §1): the integrity media type or JSON; no Accept
 * header means JSON. Parameters such as q= are ignored.
 * @param {string | undefined} accept
 */
function acceptsIntegrity(accept) {
  if (accept === undefined || accept.trim() === '') return true;
  const ok = [INTEGRITY_TYPE, 'application/json', 'application/*', '*/*'];
  return accept
    .split(',')
    .map((range) => (range.split(';')[0] ?? '').trim().toLowerCase())
    .some((range) => ok.includes(range));
}

/**
 * Maps a URL to a file: a file as is; a directory to its index.json or index.html, chosen by
 * Accept (PEP 691: `application/vnd.pypi.simple.v1+json` prefers index.json), falling back to
 * whichever exists. Never follows a symlink out of the host folder.
 * @param {string} hostRoot
 * @param {string} path
 * @param {string | undefined} accept
 * @returns {Promise<{ kind: 'file' | 'dir'; file: string } | null>}
 */
async function resolveTarget(hostRoot, path, accept) {
  const info = await stat(path).catch(() => null);
  if (info === null) return null;
  if (info.isFile()) return (await inside(hostRoot, path)) ? { kind: 'file', file: path } : null;
  if (!info.isDirectory()) return null;
  const wantsJson = (accept ?? '').toLowerCase().includes(SIMPLE_JSON_TYPE);
  const names = wantsJson ? ['index.json', 'index.html'] : ['index.html', 'index.json'];
  for (const name of names) {
    const file = join(path, name);
    const fileInfo = await stat(file).catch(() => null);
    if (fileInfo?.isFile() && (await inside(hostRoot, file))) return { kind: 'dir', file };
  }
  return null;
}

/** @param {string} root @param {string} path */
async function inside(root, path) {
  const [realRoot, realFile] = await Promise.all([
    realpath(root).catch(() => null),
    realpath(path).catch(() => null),
  ]);
  return realRoot !== null && realFile !== null && realFile.startsWith(realRoot + sep);
}

/**
 * @param {string} file
 * @param {string[]} segments
 * @param {string | undefined} integrityFile
 */
function contentTypeFor(file, segments, integrityFile) {
  if (integrityFile) return INTEGRITY_TYPE;
  if (segments[0] === 'simple' && file.endsWith('index.json')) return SIMPLE_JSON_TYPE;
  if (segments[0] === 'pypi' && segments.at(-1) === 'json') return 'application/json';
  return (
    TYPES[/** @type {keyof typeof TYPES} */ (extname(file).toLowerCase())] ??
    'application/octet-stream'
  );
}

/**
 * Reads `<file>.status`: the first line is a status code, optionally followed by one header
 * (`429 Retry-After: 2`); further lines are headers (`Name: value`); after a blank line, an
 * optional raw body replaces the default PyPI-like `{"message": ...}` body.
 * @param {string} hostRoot
 * @param {string} file
 * @returns {Promise<{ status: number; headers: Record<string, string>; body?: Buffer } | null>}
 */
async function readStatusOverride(hostRoot, file) {
  const statusFile = `${file}.status`;
  const info = await stat(statusFile).catch(() => null);
  if (!info?.isFile() || info.size > MAX_STATUS_FILE || !(await inside(hostRoot, statusFile))) {
    return null;
  }
  // A test may remove it between the stat and the read: then there is no override.
  const text = await readFile(statusFile, 'utf8').catch(() => null);
  if (text === null) return null;
  const blank = text.search(/\r?\n\r?\n/);
  const head = blank === -1 ? text : text.slice(0, blank);
  const bodyText = blank === -1 ? undefined : text.slice(blank).replace(/^\r?\n\r?\n/, '');
  const [first = '', ...rest] = head.split(/\r?\n/);
  const match = /^\s*(\d{3})\b\s*(.*)$/.exec(first);
  if (!match) throw new Error(`fake-pypi: ${statusFile}: expected a status code, got ${first}`);
  /** @type {Record<string, string>} */
  const headers = {};
  for (const line of [match[2] ?? '', ...rest]) {
    const colon = line.indexOf(':');
    if (line.trim() === '') continue;
    if (colon <= 0)
      throw new Error(`fake-pypi: ${statusFile}: expected "Name: value", got ${line}`);
    headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  const override = { status: Number(match[1]), headers };
  return bodyText === undefined ? override : { ...override, body: Buffer.from(bodyText) };
}

/**
 * @param {Response} res
 * @param {Request} req
 * @param {{ status: number; headers: Record<string, string>; body?: Buffer }} override
 * @param {string | undefined} integrityFile
 */
function sendOverride(res, req, override, integrityFile) {
  const { status, headers: all } = override;
  // Test-only pseudo headers (never sent): `X-Fake-Reset: 1` drops the connection without an
  // answer; `X-Fake-Drip-Ms: N` sends the body a few bytes at a time over N ms.
  const { 'X-Fake-Reset': reset, 'X-Fake-Drip-Ms': drip, ...headers } = all;
  if (reset) {
    // HTTP/2: reset this request's stream (the connection carries others); HTTP/1.1: the socket.
    if ('stream' in req) req.stream.close(http2.NGHTTP2_INTERNAL_ERROR);
    else req.socket.destroy();
    return undefined;
  }
  if (drip) {
    const bytes = override.body ?? Buffer.from(JSON.stringify({ message: 'slow' }));
    res.writeHead(status, {
      'Content-Type': 'application/json',
      ...headers,
      'Content-Length': String(bytes.length),
    });
    const steps = Math.max(1, Math.min(bytes.length, 50));
    const size = Math.ceil(bytes.length / steps);
    let i = 0;
    const timer = setInterval(
      () => {
        if (gone(res) || i * size >= bytes.length) {
          clearInterval(timer);
          if (!gone(res)) res.end();
          return;
        }
        res.write(bytes.subarray(i * size, (i + 1) * size));
        i++;
      },
      Number(drip) / steps,
    );
    res.once('close', () => clearInterval(timer));
    return undefined;
  }
  if (override.body !== undefined) {
    const type = Object.keys(headers).some((h) => h.toLowerCase() === 'content-type');
    return send(
      res,
      req,
      status,
      override.body,
      type ? headers : { 'Content-Type': 'application/json', ...headers },
    );
  }
  const message =
    status === 404 && integrityFile
      ? `No provenance available for ${integrityFile}`
      : status === 403 && !integrityFile
        ? 'Forbidden'
        : (MESSAGES[/** @type {keyof typeof MESSAGES} */ (status)] ??
          STATUS_CODES[status] ??
          'Error');
  return send(res, req, status, { message }, headers);
}

/**
 * @param {Response} res
 * @param {Request} req
 * @param {number} status
 * @param {Buffer | object} body a JSON value is sent compact as application/json
 * @param {Record<string, string>} [headers]
 */
function send(res, req, status, body, headers = {}) {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
  const allHeaders = Buffer.isBuffer(body)
    ? { ...headers }
    : { 'Content-Type': 'application/json', ...headers };
  res.writeHead(status, { ...allHeaders, 'Content-Length': String(bytes.length) });
  if (req.method === 'HEAD' || !pacing.has(res)) res.end(req.method === 'HEAD' ? undefined : bytes);
  else void pump(res, [bytes]);
}

/**
 * Writes a body as the client takes it (HTTP/2 keeps what is written but not yet sent in the
 * session's memory, and refuses new streams once that passes its limit), at the response's
 * pace if it has one, and stops when the client goes away.
 * @param {Response} res
 * @param {AsyncIterable<Buffer> | Iterable<Buffer>} chunks
 */
async function pump(res, chunks) {
  const rate = pacing.get(res);
  // Paced: a slice every 20 ms.
  const slice = rate ? Math.max(1, Math.ceil(rate / 50)) : Infinity;
  try {
    for await (const chunk of chunks) {
      for (let i = 0; i < chunk.length && !gone(res); i += slice) {
        const part = slice === Infinity ? chunk : chunk.subarray(i, i + slice);
        if (!res.write(part)) await settled(res, 'drain');
        if (rate) await new Promise((r) => setTimeout(r, (part.length / rate) * 1000));
      }
      if (gone(res)) break;
    }
    if (!gone(res)) res.end();
  } finally {
    if ('destroy' in chunks && typeof chunks.destroy === 'function') chunks.destroy();
  }
}

/**
 * Resolves on `event` or when the response closes, whichever comes first.
 * @param {Response} res @param {string} event
 */
function settled(res, event) {
  return new Promise((resolveEvent) => {
    const done = () => {
      res.off(event, done);
      res.off('close', done);
      resolveEvent(undefined);
    };
    res.on(event, done);
    res.on('close', done);
  });
}

/**
 * The value of `--name N` or `--name=N` as a non-negative integer (at most `max`), or `fallback`.
 * @param {string[]} argv @param {string} name @param {number} max @param {number} fallback
 */
function intArg(argv, name, max, fallback) {
  const i = argv.findIndex((a) => a === name || a.startsWith(`${name}=`));
  if (i === -1) return fallback;
  const arg = argv[i] ?? '';
  const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[i + 1];
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > max) {
    throw new Error(`${name}: expected an integer 0-${max}, got ${value}`);
  }
  return n;
}

async function main() {
  const site = process.env.FAKE_PYPI_SITE;
  if (!site) {
    console.error(
      'usage: FAKE_PYPI_SITE=<site dir> node e2e/fake-pypi/server.js [--port N] [--latency-ms N] [--bytes-per-second N]',
    );
    process.exit(2);
  }
  const argv = process.argv.slice(2);
  let port, latencyMs, bytesPerSecond;
  try {
    port = intArg(argv, '--port', 65535, 0);
    latencyMs = intArg(argv, '--latency-ms', 60_000, 0);
    bytesPerSecond = intArg(argv, '--bytes-per-second', 2 ** 40, 0);
  } catch (err) {
    console.error(`fake-pypi: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  }
  const fake = await startFakePypi({ site, port, latencyMs, bytesPerSecond });
  console.log(`port=${fake.port} spki=${fake.spkiPin}`);
  console.error(
    `fake-pypi: serving ${resolve(site)} on https://127.0.0.1:${fake.port} for pypi.org and test.pypi.org\n` +
      `  chromium --host-resolver-rules="MAP pypi.org 127.0.0.1:${fake.port}, MAP test.pypi.org 127.0.0.1:${fake.port}" ` +
      `--ignore-certificate-errors-spki-list=${fake.spkiPin}`,
  );
  const stop = () => {
    fake.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

const invoked = process.argv[1] ? pathToFileURL(realpathSync(process.argv[1])).href : '';
if (import.meta.url === invoked) {
  main().catch((err) => {
    console.error(`fake-pypi: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
