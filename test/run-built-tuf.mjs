// Runs the BUILT TUF client chunk (dist/assets/tuf-refresh.js of a build) in a Node process
// without Node's Buffer, so only the bundled shims (buffer, @noble crypto, util) can serve it,
// against a TUF repository at BASE_URL (loopback). Input (stdin): the `previous` state or null.
// Output (stdout): {ok: true, result} or {ok: false, error}.
import { readFileSync } from 'node:fs';
import { get } from 'node:http';

const [chunk, base] = process.argv.slice(2);
delete globalThis.Buffer;
const previous = JSON.parse(readFileSync(0, 'utf8')) ?? undefined;
const { refreshFromBundledRoot } = await import(chunk);
// node:http, not fetch: Node's fetch (undici) reads the global Buffer, which is the shim here.
const fetchFile = (path, maxLength) =>
  new Promise((resolve, reject) => {
    get(`${base}/${path}`, (response) => {
      const chunks = [];
      response.on('data', (c) => chunks.push(new Uint8Array(c)));
      response.on('error', reject);
      response.on('end', () => {
        const status = response.statusCode ?? 0;
        if (status === 404 || status === 403) return resolve(undefined);
        if (status !== 200) return reject(new Error(`${path}: HTTP ${status}`));
        const length = chunks.reduce((n, c) => n + c.length, 0);
        if (length > maxLength) return reject(new Error(`${path}: too large`));
        const bytes = new Uint8Array(length);
        let at = 0;
        for (const c of chunks) bytes.set(c, (at += c.length) - c.length);
        resolve(bytes);
      });
    }).on('error', reject);
  });
try {
  const result = await refreshFromBundledRoot(previous, fetchFile);
  process.stdout.write(JSON.stringify({ ok: true, result, bufferIsShim: !!globalThis.Buffer }));
} catch (err) {
  process.stdout.write(JSON.stringify({ ok: false, error: String(err?.message ?? err) }));
}
