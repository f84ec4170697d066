import { useStoreState } from '../ui/use-store.js';
import type { OptionsState, OptionsStore } from './store.js';

/** The options store's current state, re-rendering on every change. */
export const useOptionsState = (store: OptionsStore): OptionsState => useStoreState(store);
