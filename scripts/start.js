#!/usr/bin/env node
// `npm start`: opens Chromium with the freshly built extension (dist/) on a sampleproject page,
// in a dedicated profile (.cache/chromium-profile) so it never touches the user's own profile.
// Google's branded Chrome 137+ ignores --load-extension: it is refused with what to use instead
// (scripts/find-browser.js checkBrowser).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkBrowser } from './find-browser.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const profile = join(root, '.cache', 'chromium-profile');
const START_URL = 'https://pypi.org/project/sampleproject/';

/** @param {string} message */
function fail(message) {
  console.error(message);
  process.exit(1);
}

if (!existsSync(join(dist, 'manifest.json'))) {
  fail('dist/manifest.json not found: build the extension first with `npm run build`.');
}

const browser = checkBrowser();
if (!browser.ok) fail(browser.message);
if (browser.warning) console.warn(browser.warning);

if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  fail(
    'No display found (DISPLAY and WAYLAND_DISPLAY are unset): `npm start` opens a browser window, ' +
      'so it needs a desktop session.\nOn a headless machine, `npm run demo -- --screenshot DIR` ' +
      'renders the extension to screenshots instead.',
  );
}

mkdirSync(profile, { recursive: true });
const args = [
  `--user-data-dir=${profile}`,
  `--load-extension=${dist}`,
  `--disable-extensions-except=${dist}`,
  '--no-first-run',
  // Chromium refuses to start as root without this (containers, CI machines).
  ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
  START_URL,
];
// The browser's own log noise stays out of the terminal.
const child = spawn(browser.path, args, { detached: true, stdio: 'ignore' });
child.once('error', (err) => fail(`Could not start ${browser.path}: ${err.message}`));
child.once('spawn', () => {
  const name = browser.product ? ` (${browser.product} ${browser.version})` : '';
  console.log(`Started ${browser.path}${name} (pid ${child.pid}) with the extension from dist/.`);
  console.log(`Profile: ${profile}`);
  child.unref();
});
