import { useMemo } from 'preact/hooks';
import { CheckFileLink } from '../ui/CheckFileLink.js';
import { HostAccessSettings } from '../ui/HostAccess.js';
import { unknownAccessStore, type HostAccessStore } from '../ui/host-access-store.js';
import { TrustInfo } from '../ui/TrustInfo.js';
import { useStoreState } from '../ui/use-store.js';
import { CachesSection } from './CachesSection.js';
import { ExportSection } from './ExportSection.js';
import { ImportSection } from './ImportSection.js';
import { MemoryList } from './MemoryList.js';
import { TrustRefreshSection } from './TrustRefreshSection.js';
import type { OptionsStore } from './store.js';
import { useOptionsState } from './use-store.js';

/**
 * The options page: site access, remembered publishers, export, import, caches, trust root and its
 * refresh.
 * `access`: the extension's access to the indexes (absent: the section says nothing).
 */
export function App({
  store,
  now,
  access,
}: {
  store: OptionsStore;
  now?: number;
  access?: HostAccessStore;
}) {
  const state = useOptionsState(store);
  const accessStore = useMemo(() => access ?? unknownAccessStore(), [access]);
  const accessState = useStoreState(accessStore);
  return (
    <>
      <header class="bar">
        <img src="/icons/neutral-32.png" alt="" width={20} height={20} />
        <span class="brand">PyPI Provenance</span>
      </header>
      <main class="page">
        <h1>Settings</h1>
        {access && (
          <HostAccessSettings state={accessState} onAllow={() => void accessStore.allow()} />
        )}
        <p class="lead">
          Downloaded a wheel or sdist? Check that its bytes are the ones its publisher signed,
          without uploading it: <CheckFileLink />.
        </p>
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
