// Runs cases through the BUILT worker verifier (dist/assets/verifier.js) in a Node process
// without Node's Buffer, so only the bundled shims (buffer, @noble crypto) can serve it.
// Input (stdin): [{filename, sha256, provenance, root?}]; output (stdout): FileResult[].
import { readFileSync } from 'node:fs';

const chunk = process.argv[2];
delete globalThis.Buffer;
const input = JSON.parse(readFileSync(0, 'utf8'));
const verifier = await import(chunk);
const args = (c) => ({
  filename: c.filename,
  sha256: c.sha256,
  provenance: c.provenance,
  ...(c.root && { trust: verifier.loadTrust(c.root) }),
});
// The worker uses the async entry (WebCrypto checks first); both must agree.
const results = input.map((c) => verifier.verifyProvenance(args(c)));
const asyncResults = [];
for (const c of input) asyncResults.push(await verifier.verifyProvenanceAsync(args(c)));
process.stdout.write(JSON.stringify({ results, asyncResults }));
