/**
 * A release as the popup shows it, in a module of its own: the store (store.ts) builds it and
 * the history controller (history-store.ts) and the components read it, so neither store
 * imports the other for it.
 */
import type { FileResult, ReleaseState } from '../shared/domain.js';

/** The background's tab state plus the popup's retries. */
export interface ReleaseView {
  index: string;
  project: string;
  /** Empty until the release is listed. */
  version: string;
  state: ReleaseState;
  files: readonly FileResult[];
  /** Why the release itself could not be listed. */
  error?: { code: string; message: string };
  /** True while the popup re-lists or re-checks something. */
  retrying: boolean;
}
