import { TrustInfo } from '../ui/TrustInfo.js';
import { useStoreState } from '../ui/use-store.js';
import { CheckEntry } from './CheckEntry.js';
import { DropZone } from './DropZone.js';
import { IndexChoice } from './IndexChoice.js';
import type { CheckStore } from './store.js';

/**
 * The check page: a downloaded wheel or sdist, hashed here and checked against the provenance
 * its publisher signed (issue 14 §1).
 */
export function App({ store, now }: { store: CheckStore<File>; now?: number }) {
  const state = useStoreState(store);
  return (
    <>
      <header class="bar">
        <img src="/icons/neutral-32.png" alt="" width={20} height={20} />
        <span class="brand">PyPI Provenance</span>
      </header>
      <main class="page">
        <h1>Check a downloaded file</h1>
        <p class="lead">
          A wheel or sdist from PyPI, a mirror, a CI artifact or a colleague: check that its bytes
          are the ones its publisher signed. The file stays on this computer. It is hashed here, and
          only its name and SHA-256 are used to ask the index for its provenance.
        </p>
        <IndexChoice index={state.index} onChange={(index) => store.setIndex(index)} />
        <DropZone onFiles={(files) => store.add(files)} />
        {state.entries.length > 0 && (
          <section class="results" aria-label="Checked files">
            <div class="results-head">
              <button type="button" class="button button-secondary" onClick={() => store.clear()}>
                Clear
              </button>
            </div>
            <ul class="plain check-list">
              {state.entries.map((entry) => (
                <CheckEntry
                  key={entry.id}
                  entry={entry}
                  index={state.index}
                  trust={state.info?.trust}
                  onRetry={() => store.retry(entry.id)}
                />
              ))}
            </ul>
          </section>
        )}
      </main>
      <footer class="footer page-footer">
        {state.info ? (
          <TrustInfo info={state.info} {...(now !== undefined && { now })} />
        ) : (
          <p>Verification runs in your browser, against bundled Sigstore trust roots.</p>
        )}
      </footer>
    </>
  );
}
