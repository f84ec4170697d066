// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createFileBadge, createSummary, link } from './views.js';

describe('link', () => {
  it('links only allow-listed https URLs', () => {
    const a = link('https://search.sigstore.dev/?logIndex=1', 'Rekor entry 1') as HTMLAnchorElement;
    expect(a.tagName).toBe('A');
    expect(a.getAttribute('href')).toBe('https://search.sigstore.dev/?logIndex=1');
    expect(a.getAttribute('rel')).toBe('noopener noreferrer');
  });
  it.each([
    'javascript:alert(1)',
    'http://github.com/a/b',
    'https://github.com.evil.example/a',
    'https://evil.example/?https://github.com',
    'data:text/html,<b>x</b>',
  ])('renders %s as text', (url) => {
    const node = link(url, '<img src=x onerror=alert(1)>');
    expect(node.nodeType).toBe(Node.TEXT_NODE);
    expect(node.textContent).toBe('<img src=x onerror=alert(1)>');
  });
});

describe('hosts', () => {
  it('carry the test-contract attributes outside the shadow root', () => {
    const badge = createFileBadge('x-1.0.tar.gz', {
      onOpen: () => undefined,
      onRetry: () => undefined,
    });
    badge.update({
      filename: 'x-1.0.tar.gz',
      state: 'failed',
      code: 'DIGEST_MISMATCH',
      message: 'm',
    });
    expect(badge.host.getAttribute('data-provenance-file')).toBe('x-1.0.tar.gz');
    expect(badge.host.getAttribute('data-provenance-state')).toBe('failed');
    const summary = createSummary({
      fallback: false,
      onOpen: () => undefined,
      onRetry: () => undefined,
    });
    summary.update({ state: 'partial', title: 't', retry: false });
    expect(summary.host.getAttribute('data-provenance-summary')).toBe('partial');
    // The rendering is in a closed shadow root the page cannot reach.
    expect(summary.host.shadowRoot).toBeNull();
  });
});

describe('motion', () => {
  it('nothing on the page moves: no animation in our styles (twenty tabs drew frames for it)', () => {
    // The file itself: vitest leaves CSS imports empty.
    const css = readFileSync('src/content/styles.css', 'utf8');
    expect(css).toContain('.summary');
    expect(css).not.toMatch(/animation|@keyframes|transition/);
  });
});
