/**
 * Reads a JSON document as it streams in, keeping only the values asked for: PyPI's
 * all-releases JSON and Simple API documents grow with every file ever uploaded (tens of MB
 * for big projects), while we need a few fields of them. Values the visitor skips are scanned
 * for their end and never held; values it parses are collected and handed to `JSON.parse`
 * (which also checks their syntax). Objects and arrays it descends into are walked member by
 * member. Written here rather than taken from a streaming-parser package: the worker bundle
 * has a size budget (issue 5: 250 kB) that such a package would exceed, and this needs only
 * the structure, not a tokenizer for every value.
 *
 * Not a validator: a skipped value is only scanned for its end (strings, escapes, nesting).
 * The input is decoded as UTF-8 (fatal: invalid bytes anywhere are a BAD_RESPONSE) and scanned
 * as text: strings are crossed with the engine's `indexOf`, parsed values are substrings.
 */
import { PypiError } from '../errors.js';

export type JsonPath = readonly (string | number)[];

/** What to do with the value at a path: walk into it, parse it whole, or skip it. */
export type WalkAction = 'descend' | 'parse' | 'skip';

export interface WalkHandlers {
  /** Called for every value reached (the document itself is `[]`). */
  visit(path: JsonPath): WalkAction;
  /** A parsed value; returning true stops the walk. */
  value(path: JsonPath, value: unknown): boolean | void;
  /** The end of a container the walk descended into; returning true stops the walk. */
  leave?(path: JsonPath, array: boolean): boolean | void;
  /** Largest value parsed whole, in bytes. @default 1 MiB */
  maxValueBytes?: number;
}

/** What a container expects next (numbers, so that they minify). */
const FIRST = 0; // a key or value, or the end (right after the bracket)
const KEY = 1;
const COLON = 2;
const VALUE = 3;
const NEXT = 4; // `,` or the end

interface Frame {
  array: boolean;
  path: JsonPath;
  key: string;
  index: number;
  expect: number;
}

/** What is being scanned: nothing, a value to skip, a value to parse, an object key. */
const NONE = 0;
const SKIP = 1;
const PARSE = 2;
const NAME = 3;

export interface JsonWalker {
  /** Feeds the next chunk; returns false once the walk needs no more input. */
  push(chunk: Uint8Array): boolean;
  /** The input ended: throws if the document is incomplete (unless a handler stopped the walk). */
  end(): void;
}

function bad(message: string): PypiError {
  return new PypiError('BAD_RESPONSE', `the index sent malformed JSON (${message})`);
}

/**
 * Whether the character at `q` is escaped: an odd run of backslashes before it, counted back
 * to `from` (where this chunk's part of the string starts) and, with `carried`, one more
 * from the previous chunk.
 */
function escaped(text: string, q: number, from: number, carried: boolean): boolean {
  let k = q;
  while (k > from && text[k - 1] === '\\') k--;
  return (q - k + (k === from && carried ? 1 : 0)) % 2 === 1;
}

export function jsonWalker(handlers: WalkHandlers): JsonWalker {
  const stack: Frame[] = [];
  const maxValue = handlers.maxValueBytes ?? 1 << 20;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let stopped = false;
  let done = false;
  // The value being scanned, possibly across chunks.
  let mode = NONE;
  let path: JsonPath = [];
  let scalar = false;
  let depth = 0;
  let inString = false;
  /** The previous chunk ended inside a string with an unpaired backslash. */
  let carried = false;
  let kept = '';

  /** A value ended: its container expects `,` or its end; the document may be complete. */
  const ended = () => {
    const top = stack.at(-1);
    if (top) top.expect = NEXT;
    else done = true;
  };

  /**
   * A value starts with `c`: a container the visitor descends into is opened (its bracket
   * consumed: returns 1); any other value is scanned from `c` on (returns 0).
   */
  const begin = (at: JsonPath, c: string, key = false): number => {
    const action = key ? 'parse' : handlers.visit(at);
    const open = c === '{' || c === '[';
    if (action === 'descend' && open) {
      stack.push({ array: c === '[', path: at, key: '', index: 0, expect: FIRST });
      return 1;
    }
    scalar = c !== '"' && !open;
    // Numbers, true, false, null.
    if (scalar && !/[-0-9tfn]/.test(c)) throw bad('unexpected character');
    mode = key ? NAME : action === 'skip' ? SKIP : PARSE;
    path = at;
    depth = 0;
    inString = false;
    carried = false;
    kept = '';
    return 0;
  };

  const finish = () => {
    const was = mode;
    mode = NONE;
    let value: unknown;
    if (was !== SKIP) {
      try {
        value = JSON.parse(kept);
      } catch {
        throw bad(`at ${path.join('.') || 'the top'}`);
      }
    }
    kept = '';
    const top = stack.at(-1);
    if (was === NAME && top) {
      if (typeof value !== 'string') throw bad('unexpected character');
      top.key = value;
      top.expect = COLON;
      return;
    }
    if (was === PARSE && handlers.value(path, value) === true) stopped = true;
    ended();
  };

  /** Scans the current value from `i`; returns where it stopped (the text's end or the value's). */
  const scan = (text: string, i: number): number => {
    let j = i;
    let complete = false;
    const n = text.length;
    if (scalar) {
      while (j < n && !/[,}\]\s]/.test(text[j] as string)) j++;
      complete = j < n;
    } else {
      while (j < n) {
        if (inString) {
          // The closing quote: the next one not escaped.
          let q = text.indexOf('"', j);
          while (q >= 0 && escaped(text, q, j, carried)) q = text.indexOf('"', q + 1);
          if (q < 0) {
            // Resumed in the next chunk; a trailing backslash escapes its first character.
            carried = escaped(text, n, j, carried);
            j = n;
            break;
          }
          carried = inString = false;
          j = q + 1;
          if (depth === 0) {
            complete = true;
            break;
          }
          continue;
        }
        const c = text[j++];
        if (c === '"') inString = true;
        else if (c === '{' || c === '[') depth++;
        else if ((c === '}' || c === ']') && --depth <= 0) {
          if (depth < 0) throw bad('unexpected character');
          complete = true;
          break;
        }
      }
    }
    if (mode !== SKIP) {
      kept += text.slice(i, j);
      if (kept.length > maxValue) {
        throw new PypiError('RESPONSE_TOO_LARGE', `a value of the index's answer is too large`);
      }
    }
    if (complete) finish();
    return j;
  };

  return {
    push(chunk) {
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        throw bad('not UTF-8');
      }
      let i = 0;
      while (i < text.length && !stopped) {
        if (mode !== NONE) {
          i = scan(text, i);
          continue;
        }
        const c = text[i] as string;
        const top = stack.at(-1);
        if (c === ' ' || c === '\n' || c === '\r' || c === '\t') {
          i++;
        } else if (!top) {
          if (done) throw bad('unexpected character');
          i += begin([], c);
        } else if (c === '}' || c === ']') {
          if ((c === ']') !== top.array || (top.expect !== NEXT && top.expect !== FIRST)) {
            throw bad('unexpected character');
          }
          stack.pop();
          ended();
          if (handlers.leave?.(top.path, top.array) === true) stopped = true;
          i++;
        } else if (top.expect === NEXT || top.expect === COLON) {
          if (c !== (top.expect === NEXT ? ',' : ':')) throw bad('unexpected character');
          top.expect = top.expect === COLON || top.array ? VALUE : KEY;
          if (c === ',') top.index++;
          i++;
        } else if (!top.array && top.expect !== VALUE) {
          if (c !== '"') throw bad('unexpected character');
          begin(top.path, c, true);
        } else {
          i += begin(top.array ? [...top.path, top.index] : [...top.path, top.key], c);
        }
      }
      return !stopped && !done;
    },
    end() {
      if (stopped) return;
      if (mode !== NONE && scalar && stack.length === 0) finish();
      if (!done) throw bad('the document ends early');
    },
  };
}
