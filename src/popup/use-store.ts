import { useStoreState } from '../ui/use-store.js';
import type { PopupState, PopupStore } from './store.js';

/** The popup store's current state, re-rendering on every change. */
export const usePopupState = (store: PopupStore): PopupState => useStoreState(store);
