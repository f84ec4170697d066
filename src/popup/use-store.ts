import { useEffect, useState } from 'preact/hooks';
import type { PopupState, PopupStore } from './store.js';

/** The store's current state, re-rendering on every change. */
export function usePopupState(store: PopupStore): PopupState {
  const [state, setState] = useState(store.getState());
  useEffect(() => {
    const unsubscribe = store.subscribe(() => setState(store.getState()));
    // A change between the first render and this effect would otherwise be missed.
    setState(store.getState());
    return unsubscribe;
  }, [store]);
  return state;
}
