/**
 * Making text from the network inert where it leaves the extension as text: a POSIX shell
 * command line, or a terminal.
 */

/** One shell word: always single-quoted, a `'` inside as `'\''` (POSIX sh, XCU 2.2.2). */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * Characters a terminal or a text renderer may act on rather than show: C0 controls (ESC
 * starts ANSI sequences, CR rewrites the line, BEL rings, LF fakes lines), DEL, C1 controls
 * (U+009B is a one-byte CSI), the Unicode line and paragraph separators, and the bidi
 * embedding, override, isolate and mark characters (U+061C, U+200E–U+200F, U+202A–U+202E,
 * U+2066–U+2069) that reorder what is shown ("Trojan Source", CVE-2021-42574).
 */
const CONTROL =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Whether `value` holds any of those characters. */
export function hasControl(value: string): boolean {
  CONTROL.lastIndex = 0;
  return CONTROL.test(value);
}

const escape = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * `value` with every such character replaced by a visible escape (`\u001b`), so that it can
 * only ever print as itself, and a value that carried one shows it.
 */
export function inertText(value: string): string {
  return value.replace(CONTROL, escape);
}

/**
 * The same for JSON text: each such character becomes a JSON escape, so JSON.parse gives the
 * identical value (JSON.stringify already escapes C0 controls; this adds DEL, C1, the
 * separators and the bidi controls, which it leaves raw).
 */
export const inertJson: (json: string) => string = inertText;
