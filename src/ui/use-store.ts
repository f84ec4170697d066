import { useEffect, useState } from 'preact/hooks';

/** A store outside the components (popup, options): state plus change notifications. */
export interface Store<S> {
  getState(): S;
  subscribe(listener: () => void): () => void;
}

/** The store's current state, re-rendering on every change. */
export function useStoreState<S>(store: Store<S>): S {
  const [state, setState] = useState(store.getState());
  useEffect(() => {
    const unsubscribe = store.subscribe(() => setState(store.getState()));
    // A change between the first render and this effect would otherwise be missed.
    setState(store.getState());
    return unsubscribe;
  }, [store]);
  return state;
}
