/**
 * The extension build (vite.config.ts, unchanged) plus one more entry,
 * test/built-conformance-entry.ts, written to .cache/built-conformance/ for
 * test/built-conformance.test.ts. Never shipped.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig, type UserConfig } from 'vite';
import base from '../vite.config.js';

export const OUT_DIR = fileURLToPath(new URL('../.cache/built-conformance/', import.meta.url));

export default defineConfig((env) =>
  mergeConfig(base(env) as UserConfig, {
    build: {
      outDir: OUT_DIR,
      emptyOutDir: true,
      rollupOptions: {
        input: {
          conformance: fileURLToPath(new URL('./built-conformance-entry.ts', import.meta.url)),
        },
      },
    },
  }),
);
