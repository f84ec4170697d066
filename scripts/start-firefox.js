#!/usr/bin/env node
// `npm run start:firefox`: opens Firefox with the freshly built Firefox extension
// (dist-firefox/) as a temporary add-on, through `web-ext run`, on a sampleproject page, in a
// dedicated profile (.cache/firefox-profile) so it never touches the user's own profile.
// web-ext reloads the add-on when dist-firefox/ changes (e.g. after `npm run build:firefox`).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkFirefox } from './find-firefox.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist-firefox');
const profile = join(root, '.cache', 'firefox-profile');
const webExt = join(root, 'node_modules', '.bin', 'web-ext');
const START_URL = 'https://pypi.org/project/sampleproject/';

/** @param {string} message */
function fail(message) {
  console.error(message);
  process.exit(1);
}

if (!existsSync(join(dist, 'manifest.json'))) {
  fail(
    'dist-firefox/manifest.json not found: build it first with `npm run build:firefox` ' +
      '(`npm run start:firefox` does).',
  );
}

const firefox = checkFirefox();
if (!firefox.ok) fail(firefox.message);

if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  fail(
    'No display found (DISPLAY and WAYLAND_DISPLAY are unset): `npm run start:firefox` opens a ' +
      'browser window, so it needs a desktop session.\nOn a headless machine, ' +
      '`npm run e2e:firefox` runs the extension in headless Firefox instead.',
  );
}

// web-ext creates the profile itself (--profile-create-if-missing), not its parent.
mkdirSync(dirname(profile), { recursive: true });
const args = [
  'run',
  '--source-dir',
  dist,
  '--firefox',
  firefox.path,
  '--firefox-profile',
  profile,
  '--profile-create-if-missing',
  '--keep-profile-changes',
  '--start-url',
  START_URL,
  '--no-input',
];
console.log(
  `Starting Firefox ${firefox.version} (${firefox.path}) with the add-on from dist-firefox/.`,
);
console.log(
  `Profile: ${profile}. Stop with Ctrl+C (the add-on is temporary: it goes with Firefox).`,
);
const child = spawn(webExt, args, { stdio: 'inherit' });
child.once('error', (err) => fail(`Could not start web-ext: ${err.message}`));
child.once('exit', (code) => process.exit(code ?? 0));
