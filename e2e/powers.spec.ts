/**
 * Each context gets only the powers it needs (issue 11 §4). Code running in the content
 * script's isolated world (a compromised renderer, say) is played here by evaluating in that
 * very world over the DevTools protocol: it may ask only read-only questions about its own
 * tab's release; memory, pins, export/import, caches, other tabs and other projects are
 * refused, and the identity memory is not in any storage it can read. A page that changes its
 * URL to another project with history.pushState loses the toolbar's mark.
 */
import type { CDPSession, Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { openRelease } from './page-readers.js';
import { openPopup, sendFromPage, tabIdOf, toolbar } from './popup-readers.js';
import { SAMPLEPROJECT } from './site.js';

const RELEASE_URL = 'https://pypi.org/project/sampleproject/4.0.0/';
const OWN = { index: 'https://pypi.org', project: 'sampleproject', version: '4.0.0' };

/** Evaluates `expression` in the extension's content-script world of `page`. */
async function inContentWorld(page: Page): Promise<{
  run: <T>(expression: string) => Promise<T>;
  cdp: CDPSession;
}> {
  const cdp = await page.context().newCDPSession(page);
  const contexts: { id: number; name: string; auxData?: { type?: string } }[] = [];
  cdp.on('Runtime.executionContextCreated', (e) => contexts.push(e.context));
  await cdp.send('Runtime.enable');
  let id: number | undefined;
  await expect
    .poll(
      () =>
        (id = contexts.find(
          (c) => c.auxData?.type === 'isolated' && c.name === 'PyPI Provenance',
        )?.id),
    )
    .toBeDefined();
  return {
    cdp,
    run: async <T>(expression: string): Promise<T> => {
      const r = (await cdp.send('Runtime.evaluate', {
        expression,
        contextId: id,
        awaitPromise: true,
        returnByValue: true,
      })) as { result: { value: T }; exceptionDetails?: { exception?: { description?: string } } };
      if (r.exceptionDetails) throw new Error(r.exceptionDetails.exception?.description ?? 'threw');
      return r.result.value;
    },
  };
}

/** A message sent from the content world: its reply, or the error the runtime threw. */
const send = (type: string, payload: object) =>
  `chrome.runtime.sendMessage(${JSON.stringify({ type, payload })}).then((r) => r, (e) => ({ thrown: String(e) }))`;

type Reply = { ok: boolean; value?: unknown; error?: { code: string; message: string } };

test.describe('messages from the content script’s world', () => {
  test('only read-only questions about its own release are answered', async ({
    page,
    context,
    extensionId,
    serviceWorker,
  }) => {
    expect(await openRelease(page, RELEASE_URL)).toBe('verified');
    const tabId = await tabIdOf(serviceWorker, RELEASE_URL);
    const world = await inContentWorld(page);

    // What the content script itself asks: answered.
    const listing = await world.run<Reply>(send('listRelease', OWN));
    expect(listing.ok).toBe(true);
    const file = await world.run<Reply>(
      send('checkFile', { ...OWN, filename: SAMPLEPROJECT.sdist.filename }),
    );
    expect(file).toMatchObject({ ok: true, value: { state: 'verified' } });

    // Everything else: refused, each with FORBIDDEN.
    const identity = {
      kind: 'GitHub',
      repository: 'https://github.com/evil/x',
      workflow: '.github/workflows/release.yml',
      environment: '',
    };
    const refused: [string, object][] = [
      ['memoryAction', { action: 'pin', ...OWN, identity }],
      ['memoryAction', { action: 'forget', ...OWN }],
      ['listMemory', {}],
      ['importMemory', { text: '{}' }],
      ['clearCaches', {}],
      ['getTabState', { tabId: tabId + 1 }],
      ['getTabState', { tabId }],
      ['getTimeline', { index: OWN.index, project: OWN.project }],
      ['getInfo', {}],
      ['verifyProvenance', { filename: 'x', sha256: 'a'.repeat(64), provenance: {} }],
      ['listRelease', { ...OWN, project: 'requests' }],
      ['listRelease', { ...OWN, index: 'https://test.pypi.org' }],
      ['listRelease', { ...OWN, version: '3.0.0' }],
      ['listRelease', { ...OWN, tabId: tabId + 1 }],
      ['checkFile', { ...OWN, project: 'other', filename: 'other-1.0.tar.gz' }],
      ['getAnalysis', { ...OWN, tabId: tabId + 1 }],
    ];
    for (const [type, payload] of refused) {
      const reply = await world.run<Reply>(send(type, payload));
      expect(reply, `${type} ${JSON.stringify(payload)}`).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN' },
      });
    }

    // The popup (an extension page) still may.
    const popup = await openPopup(context, extensionId, tabId);
    const state = await sendFromPage<{ project: string } | null>(popup, 'getTabState', { tabId });
    expect(state?.project).toBe('sampleproject');
    await world.cdp.detach();
  });

  test('the identity memory and the tabs’ states are not in storage it can read', async ({
    page,
    context,
    extensionId,
    serviceWorker,
  }) => {
    expect(await openRelease(page, RELEASE_URL)).toBe('verified');
    const tabId = await tabIdOf(serviceWorker, RELEASE_URL);
    // Something to remember: pin the publisher from the popup.
    const popup = await openPopup(context, extensionId, tabId);
    await popup.getByTestId('pin-identity').click();
    await expect(popup.getByTestId('pinned-identity')).toContainText('pypa/sampleproject');
    const remembered = await sendFromPage<{ entries: unknown }>(popup, 'listMemory', {});
    expect(JSON.stringify(remembered.entries)).toContain('pypa/sampleproject');

    const world = await inContentWorld(page);
    const local = await world.run<Record<string, unknown>>(
      'chrome.storage.local.get(null).then((all) => all, (e) => ({ thrown: String(e) }))',
    );
    expect(JSON.stringify(local)).not.toContain('pypa/sampleproject');
    expect(local).not.toHaveProperty('memory');
    const session = await world.run<unknown>(
      'chrome.storage.session.get(null).then((all) => all, (e) => ({ thrown: String(e) }))',
    );
    expect(JSON.stringify(session)).not.toContain('sampleproject');
    await world.cdp.detach();
  });
});

test('history.pushState to another project clears the toolbar and the tab’s state', async ({
  page,
  context,
  extensionId,
  serviceWorker,
}) => {
  expect(await openRelease(page, RELEASE_URL)).toBe('verified');
  const tabId = await tabIdOf(serviceWorker, RELEASE_URL);
  await expect.poll(async () => (await toolbar(serviceWorker, tabId)).text).toBe('✓');

  await page.evaluate(() => history.pushState({}, '', '/project/requests/2.32.3/'));
  await expect
    .poll(async () => (await toolbar(serviceWorker, tabId)).title)
    .toBe('PyPI Provenance');
  expect((await toolbar(serviceWorker, tabId)).text).toBe('');
  const popup = await openPopup(context, extensionId, tabId);
  expect(await sendFromPage(popup, 'getTabState', { tabId })).toBeNull();
});
