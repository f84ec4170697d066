/**
 * Made-up PyPI documents for projects with many releases (issue 12), in warehouse's shapes
 * and key order (sorted keys): the Simple API listing and the JSON API's all-releases and
 * per-release documents. Versions are plain integers `0`, `1`, ... (the newest is the last);
 * every file has a made-up sha256 and no provenance.
 */

const sha = (i: number) => i.toString(16).padStart(64, '0');

function releaseFiles(project: string, version: number, perRelease: number): string[] {
  const wheels = Array.from(
    { length: perRelease - 1 },
    (_, k) => `${project}-${version}-cp3${k}-abi3-any.whl`,
  );
  return [...wheels, `${project}-${version}.tar.gz`];
}

/** A Simple API JSON listing: `releases` releases of `perRelease` files (wheels, then the sdist). */
export function listing(project: string, releases: number, perRelease: number): string {
  const files: unknown[] = [];
  for (let r = 0; r < releases; r++) {
    for (const filename of releaseFiles(project, r, perRelease)) {
      files.push({
        'core-metadata': false,
        filename,
        hashes: { sha256: sha(files.length) },
        provenance: null,
        'requires-python': null,
        size: 1000,
        'upload-time': '2024-01-01T00:00:00.000000Z',
        url: `https://files.pythonhosted.org/packages/${filename}`,
        yanked: false,
      });
    }
  }
  return JSON.stringify({
    files,
    meta: { '_last-serial': 1, 'api-version': '1.4' },
    name: project,
    'project-status': { status: 'active' },
    versions: Array.from({ length: releases }, (_, r) => String(r)),
  });
}

function apiFile(filename: string, i: number): Record<string, unknown> {
  return {
    digests: { md5: sha(i).slice(0, 32), sha256: sha(i) },
    filename,
    packagetype: filename.endsWith('.whl') ? 'bdist_wheel' : 'sdist',
    size: 1000,
    upload_time_iso_8601: '2024-01-01T00:00:00.000000Z',
    url: `https://files.pythonhosted.org/packages/${filename}`,
    yanked: false,
  };
}

/**
 * The JSON API document of the latest release (`all`: with every release's files, as
 * `/pypi/<project>/json` answers), with a description of `descriptionBytes`.
 */
export function releaseDocument(
  project: string,
  releases: number,
  perRelease: number,
  opts: { all: boolean; descriptionBytes?: number },
): string {
  const all: Record<string, unknown[]> = {};
  let i = 0;
  for (let r = 0; r < releases; r++) {
    all[String(r)] = releaseFiles(project, r, perRelease).map((f) => apiFile(f, i++));
  }
  const latest = String(releases - 1);
  return `${JSON.stringify({
    info: {
      author: 'x',
      description: 'd'.repeat(opts.descriptionBytes ?? 100),
      name: project,
      summary: 's',
      version: latest,
      yanked: false,
    },
    last_serial: 1,
    ownership: { organization: null, roles: [] },
    ...(opts.all && { releases: all }),
    urls: all[latest],
    vulnerabilities: [],
  })}\n`;
}

/** `text` as a response body in chunks of `size` bytes; `onPull` counts the chunks read. */
export function streamed(text: string, size: number, onPull?: () => void): ReadableStream {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      onPull?.();
      if (offset >= bytes.length) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.slice(offset, offset + size));
      offset += size;
    },
  });
}
