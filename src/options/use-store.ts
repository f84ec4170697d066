import { useEffect, useState } from 'preact/hooks';
import type { OptionsState, OptionsStore } from './store.js';

/** The store's current state, re-rendering on every change. */
export function useOptionsState(store: OptionsStore): OptionsState {
  const [state, setState] = useState(store.getState());
  useEffect(() => {
    const unsubscribe = store.subscribe(() => setState(store.getState()));
    setState(store.getState());
    return unsubscribe;
  }, [store]);
  return state;
}
