import { Fragment, type ComponentChildren } from 'preact';

function withBreaks(parts: string[]): ComponentChildren {
  if (parts.length <= 1) return parts.join('');
  return parts.map((part, i) => (
    <Fragment key={i}>
      {i > 0 && <wbr />}
      {part}
    </Fragment>
  ));
}

/**
 * A path, URL or identity with break opportunities (`<wbr>`) after its separators, so it
 * wraps at a `/`, `.`, `-` or `_` rather than mid-word. The text stays the same.
 */
export function breakable(text: string): ComponentChildren {
  return withBreaks(text.split(/(?<=[-/._@?=&])/));
}

/**
 * A distribution's filename that wraps only between its name, its version and its tags: a
 * wheel's tags (`py3-none-any.whl`) and an sdist's `.tar.gz` stay on one line, so no
 * "-any.whl" is left alone. A part longer than the line still wraps (overflow-wrap in CSS).
 */
export function breakableFilename(filename: string): ComponentChildren {
  const parts = filename.split(/(?<=-)/);
  // PEP 427: name-version(-build)?-python-abi-platform.whl: the last three stay together.
  const keep = filename.endsWith('.whl') && parts.length >= 5 ? 3 : 1;
  const head = parts.slice(0, parts.length - keep);
  const tail = parts.slice(parts.length - keep).join('');
  return withBreaks([...head, tail]);
}
