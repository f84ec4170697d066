/**
 * Bundle sizes of the built extension (dist/): every JavaScript and CSS file each context
 * loads, found by following the static imports of the minified output. `bytes` is the
 * minified size on disk (vite minifies the build), `gzipBytes` its gzip -9 size.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface BundleSize {
  bytes: number;
  gzipBytes: number;
  /** Files counted, relative to dist/. */
  files: string[];
}

export interface Sizes {
  worker: BundleSize;
  content: BundleSize;
  popup: BundleSize;
}

// `import x from"./a.js"`, `import"./a.js"`, `export{…}from"./a.js"` in minified output.
const STATIC_IMPORT =
  /(?:\bimport|\bexport)\s*(?:[\w$*{}\s,]*?\bfrom\s*)?["'](\.{1,2}\/[^"']+)["']/g;

/** A file and every module it imports statically (transitively), as absolute paths. */
function moduleClosure(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const src = readFileSync(file, 'utf8');
    for (const m of src.matchAll(STATIC_IMPORT)) visit(resolve(dirname(file), m[1] as string));
  };
  visit(entry);
  return [...seen];
}

function measure(dist: string, files: string[]): BundleSize {
  const unique = [...new Set(files)].sort();
  let bytes = 0;
  let gzipBytes = 0;
  for (const file of unique) {
    const data = readFileSync(file);
    bytes += data.length;
    gzipBytes += gzipSync(data, { level: 9 }).length;
  }
  return { bytes, gzipBytes, files: unique.map((f) => relative(dist, f)) };
}

export function bundleSizes(dist: string): Sizes {
  const manifest = JSON.parse(readFileSync(join(dist, 'manifest.json'), 'utf8')) as {
    background: { service_worker: string };
    content_scripts?: { js?: string[]; css?: string[] }[];
    action?: { default_popup?: string };
  };
  const worker = moduleClosure(join(dist, manifest.background.service_worker));
  const content = (manifest.content_scripts ?? []).flatMap((cs) => [
    ...(cs.js ?? []).flatMap((f) => moduleClosure(join(dist, f))),
    ...(cs.css ?? []).map((f) => join(dist, f)),
  ]);
  const popupHtml = manifest.action?.default_popup;
  const popup: string[] = [];
  if (popupHtml) {
    const htmlPath = join(dist, popupHtml);
    const html = readFileSync(htmlPath, 'utf8');
    // Root-relative (`/assets/x.js`) or relative to the page.
    const refs = [...html.matchAll(/<(?:script|link)\b[^>]*?\b(?:src|href)="([^"]+)"/g)]
      .map((m) => m[1] as string)
      .filter((ref) => /\.(?:m?js|css)$/.test(ref));
    for (const ref of refs) {
      const file = ref.startsWith('/') ? join(dist, ref) : resolve(dirname(htmlPath), ref);
      if (!existsSync(file)) continue;
      if (file.endsWith('.css')) popup.push(file);
      else popup.push(...moduleClosure(file));
    }
  }
  return {
    worker: measure(dist, worker),
    content: measure(dist, content),
    popup: measure(dist, popup),
  };
}
