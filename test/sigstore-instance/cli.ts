/**
 * Persists a test Sigstore instance for the test extension build and the e2e site:
 *
 *   node scripts/run-ts.js test/sigstore-instance/cli.ts --out DIR [--seed SEED]
 *
 * writes DIR/trusted_root.json (bundle it with scripts/build-test-extension.js),
 * DIR/instance.json (loadInstance(DIR) goes on signing with the same keys and logs) and
 * DIR/scenarios.json (ready-made releases, see scenarios.ts). Same seed, same bytes.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createTestInstance, saveInstance } from './index.js';
import { makeScenarios } from './scenarios.js';

const { values } = parseArgs({
  options: { out: { type: 'string' }, seed: { type: 'string' } },
  strict: true,
});
if (!values.out) {
  console.error('usage: node scripts/run-ts.js test/sigstore-instance/cli.ts --out DIR [--seed S]');
  process.exit(2);
}
const dir = resolve(values.out);
const instance = createTestInstance(values.seed === undefined ? {} : { seed: values.seed });
const scenarios = makeScenarios(instance);
saveInstance(instance, dir);
writeFileSync(join(dir, 'scenarios.json'), JSON.stringify(scenarios, null, 2) + '\n');
const files = Object.values(scenarios).flatMap((versions) => Object.values(versions).flat());
console.log(
  `test Sigstore instance (seed ${JSON.stringify(instance.seed)}) written to ${dir}: ` +
    `trusted_root.json, instance.json, scenarios.json (${files.length} files)`,
);
