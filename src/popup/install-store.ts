/**
 * The popup's install text (issue 14 §2): once a release has settled with at least one
 * verified file, where its files are served is asked for once (`releaseDownloads`), and the
 * requirements and pylock.toml text are made from the verified results (src/core/install.ts,
 * through domain.ts): only verified files' hashes. Framework-free like store.ts, which owns
 * one of these and calls `sync` with every new release view.
 */
import { installText, type InstallText } from '../shared/domain-pages.js';
import type { SendFn } from '../shared/messages.js';
import type { ReleaseDownload } from '../shared/view-model.js';
import type { ReleaseView } from './release-view.js';

export type InstallView =
  /** Still checking, or no file verified: nothing to offer. */
  | { status: 'none' }
  /** The requirements are ready; the download URLs for the pylock entry are being listed. */
  | { status: 'loading'; text: InstallText }
  | { status: 'ready'; text: InstallText }
  /** The listing (download URLs) could not be had: the requirements text needs none of it. */
  | { status: 'partial'; text: InstallText; message: string };

export interface InstallController {
  sync(release: ReleaseView): void;
  view(release: ReleaseView): InstallView;
  dispose(): void;
}

const settled = (release: ReleaseView): boolean =>
  release.version !== '' &&
  release.state !== 'pending' &&
  release.files.some((f) => f.state === 'verified') &&
  release.files.every((f) => f.state !== 'pending');

export function createInstallController(deps: {
  send: SendFn;
  onChange: () => void;
}): InstallController {
  let key: string | undefined;
  let downloads: readonly ReleaseDownload[] | undefined;
  let error: string | undefined;
  let disposed = false;

  async function load(release: ReleaseView, forKey: string): Promise<void> {
    try {
      const { files } = await deps.send('releaseDownloads', {
        index: release.index,
        project: release.project,
        version: release.version,
      });
      if (disposed || key !== forKey) return;
      downloads = files;
    } catch (err) {
      if (disposed || key !== forKey) return;
      error = err instanceof Error ? err.message : String(err);
    }
    deps.onChange();
  }

  return {
    sync(release) {
      if (!settled(release)) return;
      const next = `${release.index}|${release.project}|${release.version}`;
      if (next === key) return;
      key = next;
      downloads = undefined;
      error = undefined;
      void load(release, next);
    },
    view(release) {
      if (!settled(release)) return { status: 'none' };
      const text = installText({
        index: release.index,
        project: release.project,
        version: release.version,
        results: release.files,
        downloads: downloads ?? [],
      });
      if (!text) return { status: 'none' };
      if (error !== undefined) return { status: 'partial', text, message: error };
      return downloads === undefined ? { status: 'loading', text } : { status: 'ready', text };
    },
    dispose() {
      disposed = true;
    },
  };
}
