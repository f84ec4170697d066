#!/usr/bin/env node
// Draws the toolbar/state icons (icons/<state>-<size>.png) from simple vector shapes with 4×4
// supersampling, so they stay crisp at 16 px. Deterministic: run it after changing a shape or
// colour and commit the PNGs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'icons');
const SIZES = [16, 32, 48, 128];

// Shapes live on a 0..1 canvas. Each glyph is a list of polylines stroked with width w.
const arc = (cx, cy, r, a0, a1, n = 12) =>
  Array.from({ length: n + 1 }, (_, i) => {
    const a = a0 + ((a1 - a0) * i) / n;
    return [cx + r * Math.cos(a), cy + r * Math.sin(a)];
  });
const GLYPHS = {
  check: [
    [
      [0.29, 0.52],
      [0.44, 0.67],
      [0.72, 0.36],
    ],
  ],
  cross: [
    [
      [0.33, 0.33],
      [0.67, 0.67],
    ],
    [
      [0.67, 0.33],
      [0.33, 0.67],
    ],
  ],
  dash: [
    [
      [0.32, 0.5],
      [0.68, 0.5],
    ],
  ],
  bang: [
    [
      [0.5, 0.27],
      [0.5, 0.56],
    ],
    [
      [0.5, 0.72],
      [0.5, 0.721],
    ],
  ],
  question: [
    [...arc(0.5, 0.4, 0.14, Math.PI * 1.1, Math.PI * 2.35), [0.5, 0.6]],
    [
      [0.5, 0.74],
      [0.5, 0.741],
    ],
  ],
  dots: [
    [
      [0.3, 0.5],
      [0.301, 0.5],
    ],
    [
      [0.5, 0.5],
      [0.501, 0.5],
    ],
    [
      [0.7, 0.5],
      [0.701, 0.5],
    ],
  ],
  half: [
    [
      [0.29, 0.52],
      [0.44, 0.67],
      [0.72, 0.36],
    ],
  ],
  p: [[[0.4, 0.72], [0.4, 0.3], ...arc(0.48, 0.42, 0.12, -Math.PI / 2, Math.PI / 2), [0.4, 0.54]]],
};
export const STATES = {
  neutral: { fill: [55, 117, 169], glyph: 'p' }, // PyPI blue
  verified: { fill: [26, 127, 55], glyph: 'check' },
  failed: { fill: [196, 30, 58], glyph: 'cross' },
  // Never green unless every file verified: amber ring, green check.
  partial: { fill: [154, 103, 0], glyph: 'half', ring: true },
  none: { fill: [110, 119, 129], glyph: 'dash' },
  unsupported: { fill: [110, 119, 129], glyph: 'question' },
  error: { fill: [191, 97, 0], glyph: 'bang' },
  pending: { fill: [110, 119, 129], glyph: 'dots' },
  // A release with a warning (publisher changed, provenance lost, …): a triangle, not a disc,
  // so the shape says it as well as the colour; a violated pin in red.
  alert: { fill: [154, 103, 0], glyph: 'bang', shape: 'triangle' },
  violation: { fill: [196, 30, 58], glyph: 'bang', shape: 'triangle' },
};

/** Inside an upward triangle with rounded-off size filling most of the canvas. */
function inTriangle(x, y) {
  const top = 0.06;
  const bottom = 0.92;
  if (y < top || y > bottom) return false;
  const half = ((y - top) / (bottom - top)) * 0.48;
  return Math.abs(x - 0.5) <= half;
}

function distToSegment(px, py, [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy || 1)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

function sample(state, x, y, size) {
  const { fill, glyph, ring, shape } = STATES[state];
  const r = Math.hypot(x - 0.5, y - 0.5);
  const outer = 0.48;
  if (shape === 'triangle' ? !inTriangle(x, y) : r > outer) return null;
  // Thicker strokes at small sizes keep the glyph legible.
  const w = size <= 16 ? 0.085 : size <= 32 ? 0.07 : 0.06;
  let onGlyph = false;
  for (const line of GLYPHS[glyph]) {
    for (let i = 0; i + 1 < line.length; i++) {
      if (distToSegment(x, y, line[i], line[i + 1]) <= w) onGlyph = true;
    }
  }
  if (ring) {
    // "partial": white disc with a coloured ring and a coloured check.
    if (r > outer - 0.09) return fill;
    return onGlyph ? fill : [255, 255, 255];
  }
  return onGlyph ? [255, 255, 255] : fill;
}

function render(state, size) {
  const ss = 4;
  const rgba = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) {
          const c = sample(
            state,
            (px + (sx + 0.5) / ss) / size,
            (py + (sy + 0.5) / ss) / size,
            size,
          );
          if (c) {
            r += c[0];
            g += c[1];
            b += c[2];
            a += 1;
          }
        }
      }
      const o = (py * size + px) * 4;
      if (a) {
        rgba[o] = Math.round(r / a);
        rgba[o + 1] = Math.round(g / a);
        rgba[o + 2] = Math.round(b / a);
      }
      rgba[o + 3] = Math.round((255 * a) / (ss * ss));
    }
  }
  return png(size, size, rgba);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(w, h, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc((w * 4 + 1) * h);
  for (let y = 0; y < h; y++) rgba.copy(raw, y * (w * 4 + 1) + 1, y * w * 4, (y + 1) * w * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

mkdirSync(OUT, { recursive: true });
for (const state of Object.keys(STATES)) {
  for (const size of SIZES) writeFileSync(join(OUT, `${state}-${size}.png`), render(state, size));
}
console.log(`wrote ${Object.keys(STATES).length * SIZES.length} icons to ${OUT}`);
