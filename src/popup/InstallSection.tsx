import { CopyText } from '../ui/CopyText.js';
import type { InstallView } from './install-store.js';

/**
 * Copy-ready install text for a release whose files verified: a requirements entry for
 * `pip install --require-hashes -r` / `uv pip install -r`, and a PEP 751 pylock.toml entry.
 * Only verified files' hashes are in it, and it says which. Collapsed until asked for.
 */
export function InstallSection({ view }: { view: InstallView }) {
  if (view.status === 'none') return null;
  const { text } = view;
  const total = text.pinned.length + text.notPinned.length;
  return (
    <section class="install" data-testid="install">
      <details>
        <summary>
          <h2 class="section-title install-title">Install what you verified</h2>
        </summary>
        <p class="note" data-testid="install-pins">
          Pins{' '}
          {text.pinned.length === total ? 'every file' : `${text.pinned.length} of ${total} files`}{' '}
          of {text.name} {text.version} by SHA-256: the {text.pinned.length === 1 ? 'one' : 'ones'}{' '}
          your browser verified ({text.pinned.join(', ')}). pip and uv then refuse any other file.
        </p>
        {text.notPinned.length > 0 && (
          <p class="note">
            Not pinned, as not verified: <span class="mono">{text.notPinned.join(', ')}</span>.
          </p>
        )}
        <CopyText
          title="requirements.txt (pip install --require-hashes -r, uv pip install -r)"
          text={text.requirements}
          button="Copy requirements"
          testId="install-requirements"
        />
        {view.status === 'loading' && <p class="note">Listing the download URLs…</p>}
        {view.status === 'partial' && (
          <p class="note">The download URLs could not be listed: {view.message}</p>
        )}
        {view.status === 'ready' && text.pylock !== '' && (
          <CopyText
            title="pylock.toml package entry (PEP 751)"
            text={text.pylock}
            button="Copy pylock entry"
            testId="install-pylock"
          />
        )}
      </details>
    </section>
  );
}
