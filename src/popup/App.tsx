import { Footer } from './Footer.js';
import { Release } from './Release.js';
import { StateIcon } from './StateIcon.js';
import type { PopupState, PopupStore } from './store.js';
import { usePopupState } from './use-store.js';
import { Welcome } from './Welcome.js';

export function App({ store }: { store: PopupStore }) {
  const state = usePopupState(store);
  return (
    <>
      <header class="bar">
        <img src="/icons/neutral-32.png" alt="" width={20} height={20} />
        <span class="brand">PyPI Provenance</span>
      </header>
      <main class="content" aria-busy={state.status === 'loading'}>
        <Body state={state} store={store} />
      </main>
      <Footer info={state.info} />
    </>
  );
}

function Body({ state, store }: { state: PopupState; store: PopupStore }) {
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
      return <Welcome />;
    case 'release':
      return (
        <Release
          release={state.release}
          history={state.history}
          trust={state.info?.trust}
          onRetryRelease={() => void store.retryRelease()}
          onRetryFile={(filename) => void store.retryFile(filename)}
          onMemoryAction={(action, identity) => void store.memoryAction(action, identity)}
          onRetryAnalysis={() => void store.retryAnalysis()}
          onOlderReleases={() => void store.loadOlderReleases()}
          onRetryTimeline={() => void store.retryTimeline()}
        />
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
