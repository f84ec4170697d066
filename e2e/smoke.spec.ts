/**
 * Smoke tests of the e2e harness and of verification inside the real service worker:
 * the fake pypi.org answers over HTTPS as pypi.org, the built extension loads, and the worker
 * verifies real PEP 740 provenance (and rejects the tampered fixtures) with the bundled code.
 */
import { readdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import type { FileResult } from '../src/core/result.js';
import type { Envelope, Reply } from '../src/shared/messages.js';
import { fixturePath, readFixtureJson } from '../test/fixtures.js';
import { expect, popupUrl, test } from './fixtures.js';
import { ABI3INFO_WHEEL, SAMPLEPROJECT } from './site.js';

/** The extension API as seen from extension pages and the worker (evaluated in the browser). */
declare const chrome: {
  runtime: {
    sendMessage(message: unknown): Promise<unknown>;
    getManifest(): { name: string };
  };
};

type VerifyRequest = Envelope<'verifyProvenance'>['payload'];

/** Sends `verifyProvenance` messages one by one from an extension page; returns the replies. */
async function verifyInWorker(
  page: Page,
  requests: VerifyRequest[],
): Promise<Reply<'verifyProvenance'>[]> {
  return page.evaluate(async (payloads) => {
    const replies: unknown[] = [];
    for (const payload of payloads) {
      replies.push(await chrome.runtime.sendMessage({ type: 'verifyProvenance', payload }));
    }
    return replies as Reply<'verifyProvenance'>[];
  }, requests);
}

function valueOf(reply: Reply<'verifyProvenance'> | undefined): FileResult {
  if (reply === undefined) throw new Error('expected a reply, got none');
  if (!reply.ok) throw new Error(`worker answered ${reply.error.code}: ${reply.error.message}`);
  return reply.value;
}

const sdistRequest = (provenanceFile: string): VerifyRequest => ({
  filename: SAMPLEPROJECT.sdist.filename,
  sha256: SAMPLEPROJECT.sdist.sha256,
  provenance: readFixtureJson(provenanceFile),
});

const NEGATIVES = readdirSync(fixturePath('attestations', 'negative'))
  .filter((name) => /^neg(0\d|10).*\.provenance$/.test(name))
  .sort();

test.describe('fake pypi.org', () => {
  test('answers a project page over HTTPS as pypi.org', async ({ page, fakePypi }) => {
    const response = await page.goto('https://pypi.org/project/sampleproject/4.0.0/');
    expect(response?.status()).toBe(200);
    await expect(page).toHaveTitle('sampleproject · PyPI');
    await expect(page.locator('h1')).toHaveText('sampleproject 4.0.0');
    expect(fakePypi.requests).toContainEqual(
      expect.objectContaining({ host: 'pypi.org', path: '/project/sampleproject/4.0.0/' }),
    );
  });
});

test.describe('extension', () => {
  test('loads and starts its service worker', async ({ serviceWorker, extensionId }) => {
    expect(extensionId).toMatch(/^[a-p]{32}$/);
    expect(await serviceWorker.evaluate(() => chrome.runtime.getManifest().name)).toBe(
      'PyPI Provenance',
    );
  });
});

test.describe('verifyProvenance in the service worker', () => {
  test('verifies the real sampleproject sdist and fails a tampered one', async ({
    page,
    extensionId,
  }) => {
    await page.goto(popupUrl(extensionId));
    const [valid, tampered] = await verifyInWorker(page, [
      sdistRequest(SAMPLEPROJECT.sdist.provenanceFile),
      sdistRequest(
        'attestations/negative/neg01-signature-bitflip.sampleproject-4.0.0.tar.gz.provenance',
      ),
    ]);

    const result = valueOf(valid);
    expect(result.state, JSON.stringify(result)).toBe('verified');
    if (result.state !== 'verified') return;
    expect(result.publisher.repository).toBe('pypa/sampleproject');
    expect(result.attestations[0]?.tlogEntries[0]?.logIndex).toBe(147137139);

    const bad = valueOf(tampered);
    expect(bad.state, JSON.stringify(bad)).toBe('failed');
    expect(bad.state === 'failed' ? String(bad.code) : '').not.toBe('');
  });

  test('fails every negative fixture and verifies abi3info', async ({ page, extensionId }) => {
    expect(NEGATIVES.length).toBeGreaterThanOrEqual(10);
    await page.goto(popupUrl(extensionId));
    const replies = await verifyInWorker(page, [
      ...NEGATIVES.map((name) => sdistRequest(`attestations/negative/${name}`)),
      {
        filename: ABI3INFO_WHEEL.filename,
        sha256: ABI3INFO_WHEEL.sha256,
        provenance: readFixtureJson(ABI3INFO_WHEEL.provenanceFile),
      },
    ]);

    const outcomes = NEGATIVES.map((name, i) => {
      const result = valueOf(replies[i]);
      return [
        name,
        result.state === 'failed' && String(result.code).length > 0 ? 'failed' : result,
      ] as const;
    });
    expect(Object.fromEntries(outcomes)).toEqual(
      Object.fromEntries(NEGATIVES.map((name) => [name, 'failed'])),
    );

    const abi3info = valueOf(replies[NEGATIVES.length]);
    expect(abi3info.state, JSON.stringify(abi3info)).toBe('verified');
    if (abi3info.state === 'verified') {
      expect(abi3info.publisher.repository).toBe('woodruffw/abi3info');
    }
  });
});
