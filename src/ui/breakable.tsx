import { Fragment, type ComponentChildren } from 'preact';

/**
 * `parts` with a break opportunity between them. Browsers also break after any hyphen: with
 * `keep`, a part with a hyphen inside is one inline block (src/ui/details.css `.keep`), which
 * wraps inside only when it is wider than the line.
 */
function withBreaks(parts: string[], keep = false): ComponentChildren {
  const part = (text: string) =>
    keep && /-./.test(text) ? <span class="keep">{text}</span> : text;
  if (parts.length <= 1) return part(parts.join(''));
  return parts.map((text, i) => (
    <Fragment key={i}>
      {i > 0 && <wbr />}
      {part(text)}
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

/** The shortest last line a wheel's filename may leave ("py3-none-any.whl" is 16). */
const MIN_TAIL = 16;

/**
 * A distribution's filename that wraps between its name, version and tags, never leaving a
 * short end alone: a wheel's last 16 characters or more stay on one line (no "-any.whl" or
 * ".whl" orphan), long compressed tag sets (`manylinux_2_17_x86_64.manylinux2014_x86_64`) may
 * wrap at their dots, an sdist's version stays with its extension. A part still longer than
 * the line wraps inside (overflow-wrap: break-word in CSS).
 */
export function breakableFilename(filename: string): ComponentChildren {
  if (!filename.endsWith('.whl')) return withBreaks(filename.split(/(?<=-)/), true);
  const fields = filename.slice(0, -'.whl'.length).split('-');
  // PEP 427: name-version(-build)?-python-abi-platform; a version's dots are no break points.
  const pieces =
    fields.length >= 5
      ? [
          `${fields[0]}-`,
          `${fields[1]}-`,
          ...fields
            .slice(2)
            .join('-')
            .split(/(?<=[-.])/),
        ]
      : fields.map((f, i) => (i < fields.length - 1 ? `${f}-` : f));
  pieces[pieces.length - 1] += '.whl';
  while (pieces.length > 1 && (pieces[pieces.length - 1] ?? '').length < MIN_TAIL) {
    const last = pieces.pop() ?? '';
    pieces[pieces.length - 1] += last;
  }
  return withBreaks(pieces, true);
}
