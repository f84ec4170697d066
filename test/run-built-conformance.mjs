// Runs sigstore-conformance bundle-verify cases through the BUILT bundle verifier
// (test/built-conformance-entry.ts as built by the extension's vite config) in a Node process
// without Node's Buffer, so only the bundled shims (buffer, @noble crypto) can serve it. It
// follows test/conformance.ts runCase step by step; inputs reach the chunk as plain
// Uint8Arrays and strings. argv: chunk, cases folder, production trusted_root.json.
// Input (stdin): [{name, mode}]; output (stdout): [{ok: true} | {ok: false, code, message}].
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [chunk, casesDir, prodRootPath] = process.argv.slice(2);
delete globalThis.Buffer;
const v = await import(chunk);
const input = JSON.parse(readFileSync(0, 'utf8'));

const DEFAULT_IDENTITY =
  'https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main';
const DEFAULT_ISSUER = 'https://token.actions.githubusercontent.com';

/** A failure decided by the harness itself (as runCase's own ProvenanceErrors). */
class HarnessFailure extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

const read = (dir, name) => {
  const p = join(dir, name);
  return existsSync(p) ? readFileSync(p, 'utf8') : undefined;
};
const bytes = (data) => new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
const hex = (b) => [...b].map((x) => x.toString(16).padStart(2, '0')).join('');

function pemBody(pem) {
  const m = /-----BEGIN PUBLIC KEY-----([\s\S]*?)-----END PUBLIC KEY-----/.exec(pem);
  if (!m?.[1]) throw new HarnessFailure('SIGNATURE_INVALID', 'key.pub is not a PEM public key');
  // As lenient as Node's Buffer: the bundled Buffer shim (the global the chunk installed).
  return bytes(globalThis.Buffer.from(m[1].replace(/\s+/g, ''), 'base64'));
}

function trustWithKey(rootJson, hint, keyPem) {
  const root = v.TrustedRoot.fromJSON(v.withoutUnboundedAuthorities(rootJson));
  const rawBytes = pemBody(keyPem);
  const material = v.toTrustMaterial(root, {
    [hint]: { rawBytes, keyDetails: 0, validFor: undefined },
  });
  return { material, logUrls: new Map() };
}

function subjectDigests(payload) {
  const statement = JSON.parse(new TextDecoder().decode(payload));
  return (statement.subject ?? []).flatMap((s) => (s.digest?.sha256 ? [s.digest.sha256] : []));
}

function runCase(name, mode) {
  const dir = join(casesDir, name);
  try {
    let json;
    try {
      json = JSON.parse(read(dir, 'bundle.sigstore.json') ?? '');
    } catch {
      throw new HarnessFailure('MALFORMED_PROVENANCE', 'bundle is not valid JSON');
    }
    const bundle = v.parseBundle(json);
    const rootText = read(dir, 'trusted_root.json');
    const rootJson = JSON.parse(rootText ?? readFileSync(prodRootPath, 'utf8'));
    const keyPem = read(dir, 'key.pub');
    const vm = bundle.verificationMaterial.content;
    const trust =
      keyPem !== undefined && vm.$case === 'publicKey'
        ? trustWithKey(rootJson, vm.publicKey.hint, keyPem)
        : v.loadTrust(rootJson);
    const artifactPath = existsSync(join(dir, 'artifact'))
      ? join(dir, 'artifact')
      : join(casesDir, 'a.txt');
    const raw = readFileSync(artifactPath);
    const artifact = bytes(raw);
    const digest = bytes(createHash('sha256').update(raw).digest());
    const policy =
      keyPem !== undefined
        ? undefined
        : {
            subjectAlternativeName: read(dir, 'identity')?.trim() ?? DEFAULT_IDENTITY,
            issuer: read(dir, 'issuer')?.trim() ?? DEFAULT_ISSUER,
          };
    if (bundle.content.$case === 'dsseEnvelope') {
      if (!subjectDigests(bundle.content.dsseEnvelope.payload).includes(hex(digest))) {
        throw new HarnessFailure('DIGEST_MISMATCH', 'artifact is not a subject of the statement');
      }
      v.verifyBundle(bundle, trust, { ...(policy && { policy }) });
    } else if (mode === 'path') {
      v.verifyBundle(bundle, trust, { artifact, ...(policy && { policy }) });
    } else {
      const signed = bundle.content.messageSignature.messageDigest?.digest ?? new Uint8Array();
      if (hex(signed) !== hex(digest)) {
        throw new HarnessFailure('DIGEST_MISMATCH', 'signed digest is not the artifact digest');
      }
      v.verifyBundle(bundle, trust, { artifact, ...(policy && { policy }) });
    }
    return { ok: true };
  } catch (err) {
    if (err instanceof HarnessFailure) return { ok: false, code: err.code, message: err.message };
    const e = v.toProvenanceError(err);
    return { ok: false, code: e.code, message: e.message };
  }
}

process.stdout.write(JSON.stringify(input.map((c) => runCase(c.name, c.mode))));
