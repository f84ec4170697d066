// @vitest-environment happy-dom
import { render } from 'preact';
import { describe, expect, it } from 'vitest';
import { breakable, breakableFilename } from './breakable.js';

/** The text between break opportunities, as a browser may wrap it. */
function pieces(children: ReturnType<typeof breakable>): string[] {
  const el = document.createElement('span');
  render(<>{children}</>, el);
  const out = [''];
  for (const node of el.childNodes) {
    if (node.nodeName === 'WBR') out.push('');
    else out[out.length - 1] += node.textContent ?? '';
  }
  return out;
}

describe('breakableFilename', () => {
  it('keeps a wheel’s tags together: no "-any.whl" alone', () => {
    expect(pieces(breakableFilename('sampleproject-4.0.0-py3-none-any.whl'))).toEqual([
      'sampleproject-',
      '4.0.0-',
      'py3-none-any.whl',
    ]);
    expect(
      pieces(breakableFilename('cryptography-44.0.0-cp39-abi3-manylinux_2_28_x86_64.whl')),
    ).toEqual(['cryptography-', '44.0.0-', 'cp39-abi3-manylinux_2_28_x86_64.whl']);
  });

  it('breaks an sdist after its name only, and leaves a short name whole', () => {
    expect(pieces(breakableFilename('sampleproject-4.0.0.tar.gz'))).toEqual([
      'sampleproject-',
      '4.0.0.tar.gz',
    ]);
    expect(breakableFilename('x.whl')).toBe('x.whl');
  });

  it('keeps the text the same', () => {
    const el = document.createElement('div');
    const name = 'a-b-1.0-py3-none-any.whl';
    render(<span>{breakableFilename(name)}</span>, el);
    expect(el.textContent).toBe(name);
  });
});

describe('breakable', () => {
  it('breaks a URL after its separators', () => {
    expect(pieces(breakable('https://token.actions.githubusercontent.com'))).toEqual([
      'https:/',
      '/',
      'token.',
      'actions.',
      'githubusercontent.',
      'com',
    ]);
  });
});
