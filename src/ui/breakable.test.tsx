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
  it('keeps a wheel’s short tags together: no "-any.whl" alone', () => {
    expect(pieces(breakableFilename('sampleproject-4.0.0-py3-none-any.whl'))).toEqual([
      'sampleproject-',
      '4.0.0-',
      'py3-none-any.whl',
    ]);
  });

  it('lets long compressed tag sets wrap at their dots, never leaving a short end', () => {
    const name = 'numpy-2.1.3-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl';
    const got = pieces(breakableFilename(name));
    expect(got).toEqual([
      'numpy-',
      '2.1.3-',
      'cp312-',
      'cp312-',
      'manylinux_2_17_x86_64.',
      'manylinux2014_x86_64.whl',
    ]);
    expect(got.join('')).toBe(name);
    for (const name of [
      'a-1-py2.py3-none-any.whl',
      'x-1.0-1-cp39-abi3-win_amd64.whl',
      'odd-name.whl',
      'x.whl',
    ]) {
      const p = pieces(breakableFilename(name));
      expect(p.join('')).toBe(name);
      expect(p.at(-1)!.length >= 16 || p.length === 1, `${name}: ${p.join(' | ')}`).toBe(true);
    }
  });

  it('breaks an sdist after its name, its version staying with the extension', () => {
    expect(pieces(breakableFilename('sampleproject-4.0.0.tar.gz'))).toEqual([
      'sampleproject-',
      '4.0.0.tar.gz',
    ]);
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
