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

interface Frame {
  array: boolean;
  path: JsonPath;
  key: string;
  index: number;
  /** first: a key or value, or the end (right after the bracket); next: `,` or the end. */
  expect: 'first' | 'key' | 'colon' | 'value' | 'next';
}

/** A value being scanned (skipped, parsed or a key), possibly across chunks. */
interface Raw {
  path: JsonPath;
  keep: boolean;
  key: boolean;
  scalar: boolean;
  depth: number;
  inString: boolean;
  /** The previous chunk ended inside a string with an unpaired backslash. */
  pendingEscape?: boolean;
  /** The text so far (kept values only). */
  text: string;
}

const isSpace = (c: string) => c === ' ' || c === '\n' || c === '\r' || c === '\t';
const isOpen = (c: string) => c === '{' || c === '[';
const isClose = (c: string) => c === '}' || c === ']';

function bad(message: string): PypiError {
  return new PypiError('BAD_RESPONSE', `the index sent malformed JSON (${message})`);
}

export class JsonWalker {
  private readonly stack: Frame[] = [];
  private raw: Raw | undefined;
  private done = false;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  /** The walk was stopped by a handler: the rest of the document is not needed. */
  stopped = false;
  /** Bytes pushed so far. */
  bytes = 0;

  constructor(private readonly handlers: WalkHandlers) {}

  /** Feeds the next chunk; returns false once the walk needs no more input. */
  push(chunk: Uint8Array): boolean {
    this.bytes += chunk.length;
    let text: string;
    try {
      text = this.decoder.decode(chunk, { stream: true });
    } catch {
      throw bad('not UTF-8');
    }
    let i = 0;
    while (i < text.length && !this.stopped) {
      if (this.raw) {
        i = this.scan(text, i, this.raw);
        continue;
      }
      const c = text[i] as string;
      const top = this.stack.at(-1);
      if (isSpace(c)) {
        i++;
      } else if (!top) {
        if (this.done) throw bad('data after the document');
        i += this.begin([], c);
      } else if (isClose(c)) {
        if ((c === ']') !== top.array || (top.expect !== 'next' && top.expect !== 'first')) {
          throw bad('unexpected end of a container');
        }
        this.stack.pop();
        this.ended();
        if (this.handlers.leave?.(top.path, top.array) === true) this.stopped = true;
        i++;
      } else if (top.expect === 'next' || top.expect === 'colon') {
        if (c !== (top.expect === 'next' ? ',' : ':')) throw bad('missing , or :');
        top.expect = top.expect === 'colon' || top.array ? 'value' : 'key';
        if (c === ',') top.index++;
        i++;
      } else if (!top.array && top.expect !== 'value') {
        if (c !== '"') throw bad('a key is not a string');
        this.raw = this.newRaw(top.path, true, true);
      } else {
        i += this.begin(top.array ? [...top.path, top.index] : [...top.path, top.key], c);
      }
    }
    return !this.stopped && !this.done;
  }

  /** The input ended: throws if the document is incomplete (unless the walk was stopped). */
  end(): void {
    if (this.stopped) return;
    if (this.raw?.scalar && this.stack.length === 0) this.finish(this.raw);
    if (!this.done) throw bad('the document ends early');
  }

  private newRaw(path: JsonPath, keep: boolean, key: boolean, scalar = false): Raw {
    return { path, keep, key, scalar, depth: 0, inString: false, text: '' };
  }

  /**
   * A value starts with `c`: a container the visitor descends into is opened (its bracket
   * consumed: returns 1); any other value is scanned from `c` on (returns 0).
   */
  private begin(path: JsonPath, c: string): number {
    const action = this.handlers.visit(path);
    if (action === 'descend' && isOpen(c)) {
      this.stack.push({ array: c === '[', path, key: '', index: 0, expect: 'first' });
      return 1;
    }
    const scalar = c !== '"' && !isOpen(c);
    // Numbers, true, false, null.
    if (scalar && !/[-0-9tfn]/.test(c)) throw bad('a value is missing');
    this.raw = this.newRaw(path, action !== 'skip', false, scalar);
    return 0;
  }

  /** Scans a raw value from `i`; returns where it stopped (the text's end or the value's). */
  private scan(text: string, i: number, r: Raw): number {
    let j = i;
    let complete = false;
    const n = text.length;
    if (r.scalar) {
      while (j < n && !/[,}\]\s]/.test(text[j] as string)) j++;
      complete = j < n;
    } else {
      while (j < n) {
        if (r.inString) {
          // The closing quote: the next one not escaped by an odd run of backslashes.
          let q = text.indexOf('"', j);
          while (q >= 0 && oddBackslashesBefore(text, q, j, r)) q = text.indexOf('"', q + 1);
          if (q < 0) {
            // Resumed in the next chunk; a trailing backslash escapes its first character.
            r.pendingEscape = oddBackslashesBefore(text, n, j, r);
            j = n;
            break;
          }
          r.pendingEscape = false;
          j = q + 1;
          r.inString = false;
          if (r.depth === 0) {
            complete = true;
            break;
          }
          continue;
        }
        const c = text[j++] as string;
        if (c === '"') r.inString = true;
        else if (isOpen(c)) r.depth++;
        else if (isClose(c) && --r.depth <= 0) {
          if (r.depth < 0) throw bad('unbalanced brackets');
          complete = true;
          break;
        }
      }
    }
    if (r.keep) {
      r.text += text.slice(i, j);
      if (r.text.length > (this.handlers.maxValueBytes ?? 1 << 20)) {
        throw new PypiError('RESPONSE_TOO_LARGE', `a value of the index's answer is too large`);
      }
    }
    if (complete) this.finish(r);
    return j;
  }

  private finish(r: Raw): void {
    this.raw = undefined;
    let value: unknown;
    if (r.keep) {
      try {
        value = JSON.parse(r.text);
      } catch {
        throw bad(`at ${r.path.join('.') || 'the top'}`);
      }
    }
    const top = this.stack.at(-1);
    if (r.key && top) {
      if (typeof value !== 'string') throw bad('a key is not a string');
      top.key = value;
      top.expect = 'colon';
      return;
    }
    if (r.keep && this.handlers.value(r.path, value) === true) this.stopped = true;
    this.ended();
  }

  /** A value ended: its container expects `,` or its end; the document may be complete. */
  private ended(): void {
    const top = this.stack.at(-1);
    if (top) top.expect = 'next';
    else this.done = true;
  }
}

/**
 * Whether the character at `q` is escaped: an odd run of backslashes before it, counted back
 * to `from` (the start of this chunk's part of the string) and on into the previous chunk.
 */
function oddBackslashesBefore(text: string, q: number, from: number, r: Raw): boolean {
  let k = q;
  while (k > from && text[k - 1] === '\\') k--;
  const run = q - k;
  return k === from && r.pendingEscape ? run % 2 === 0 : run % 2 === 1;
}
