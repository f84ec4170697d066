/**
 * sigstore-js (and @sigstore/protobuf-specs) use the global `Buffer` without importing it; a
 * service worker has none. Import this module first, before any module that loads sigstore, so
 * the global exists when sigstore's code is evaluated (ES modules evaluate imports in order).
 * The Buffer installed is our own minimal one (./buffer.ts), the same class that the extension
 * build gives src/core for its `buffer` imports (vite.config.ts).
 */
import { Buffer } from './buffer.js';

const scope = globalThis as { Buffer?: unknown };

// Never replace an existing Buffer (Node's, in tests and the CLI).
if (scope.Buffer === undefined) scope.Buffer = Buffer;

export {};
