import { useMemo } from 'preact/hooks';
import { HostAccessNotice } from '../ui/HostAccess.js';
import {
  unknownAccessStore,
  type HostAccessState,
  type HostAccessStore,
} from '../ui/host-access-store.js';
import { useStoreState } from '../ui/use-store.js';
import { Footer } from './Footer.js';
import { Release } from './Release.js';
import { StateIcon } from '../ui/StateIcon.js';
import type { PopupState, PopupStore } from './store.js';
import { usePopupState } from './use-store.js';
import { Welcome } from './Welcome.js';

/**
 * The popup. `access`: the extension's access to the indexes (absent: taken as granted), told
 * when the browser withholds it (docs/site-access.md).
 */
export function App({ store, access }: { store: PopupStore; access?: HostAccessStore }) {
  const state = usePopupState(store);
  const accessStore = useMemo(() => access ?? unknownAccessStore(), [access]);
  const accessState = useStoreState(accessStore);
  return (
    <>
      <header class="bar">
        <img src="/icons/neutral-32.png" alt="" width={20} height={20} />
        <span class="brand">PyPI Provenance</span>
      </header>
      <main class="content" aria-busy={state.status === 'loading'}>
        <Body state={state} store={store} access={accessState} accessStore={accessStore} />
      </main>
      <Footer
        info={state.info}
        {...(state.status === 'release' && { index: state.release.index })}
      />
    </>
  );
}

function Body({
  state,
  store,
  access,
  accessStore,
}: {
  state: PopupState;
  store: PopupStore;
  access: HostAccessState;
  accessStore: HostAccessStore;
}) {
  const notice = (heading: 'h1' | 'h2') => (
    <HostAccessNotice
      state={access}
      heading={heading}
      onAllow={() => void accessStore.allow()}
      onReload={() => void accessStore.reloadTab()}
    />
  );
  switch (state.status) {
    case 'loading':
      return (
        <>
          <h1 class="visually-hidden">PyPI Provenance</h1>
          <p class="loading" role="status">
            <StateIcon state="pending" /> Loading…
          </p>
        </>
      );
    case 'no-release':
      // With no access at all, the welcome's "open a project page" would not help.
      return access.known && access.indexes.every((a) => !a.granted) ? (
        notice('h1')
      ) : (
        <>
          {notice('h1')}
          <Welcome />
        </>
      );
    case 'release':
      return (
        <>
          {access.indexes.some((a) => !a.granted && a.index === state.release.index) &&
            notice('h2')}
          <Release
            release={state.release}
            history={state.history}
            install={state.install}
            trust={state.info?.trust}
            onRetryRelease={() => void store.retryRelease()}
            onRetryFile={(filename) => void store.retryFile(filename)}
            onMemoryAction={(action, identity) => void store.memoryAction(action, identity)}
            onRetryAnalysis={() => void store.retryAnalysis()}
            onOlderReleases={() => void store.loadOlderReleases()}
            onRetryTimeline={() => void store.retryTimeline()}
          />
        </>
      );
    case 'unavailable':
      return (
        <section class="alert alert-error" aria-labelledby="unavailable-title">
          <h1 id="unavailable-title">Couldn’t reach the extension</h1>
          <p>{state.message}</p>
          <button type="button" class="button" onClick={() => void store.reload()}>
            Retry
          </button>
        </section>
      );
  }
}
