import { defineConfig } from 'vite';

/**
 * The CLI build: the same src/core, bundled for Node. Node's own crypto backs sigstore-js
 * here (no shims), so the CLI doubles as the reference the extension is compared with.
 */
export default defineConfig({
  build: {
    ssr: 'src/cli/bin.ts',
    outDir: 'dist-cli',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    rollupOptions: { output: { entryFileNames: 'pypi-provenance.js', format: 'es' } },
  },
  ssr: { noExternal: [] },
});
