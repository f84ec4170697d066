import { TrustInfo } from '../ui/TrustInfo.js';
import { CachesSection } from './CachesSection.js';
import { ExportSection } from './ExportSection.js';
import { ImportSection } from './ImportSection.js';
import { MemoryList } from './MemoryList.js';
import { TrustRefreshSection } from './TrustRefreshSection.js';
import type { OptionsStore } from './store.js';
import { useOptionsState } from './use-store.js';

/** The options page: remembered publishers, export, import, caches, trust root and its refresh. */
export function App({ store, now }: { store: OptionsStore; now?: number }) {
  const state = useOptionsState(store);
  return (
    <>
      <header class="bar">
        <img src="/icons/neutral-32.png" alt="" width={20} height={20} />
        <span class="brand">PyPI Provenance</span>
      </header>
      <main class="page">
        <h1>Settings</h1>
        <MemoryList
          state={state}
          onRemove={(row) => void store.remove(row)}
          onUnpin={(row) => void store.unpin(row)}
        />
        <ExportSection state={state} />
        <ImportSection status={state.importing} onImport={(text) => store.importText(text)} />
        <CachesSection status={state.caches} onClear={() => void store.clearCaches()} />
        <TrustRefreshSection
          trust={state.info?.trust}
          status={state.refresh}
          onToggle={(on) => void store.setTrustRefresh(on)}
        />
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
