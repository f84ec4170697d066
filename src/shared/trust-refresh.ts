/**
 * The optional refresh of the trust root, as the extension's pages run it (options page, popup):
 * at most once a day while it is on, the TUF client (src/core/sigstore/tuf-client.ts, loaded
 * only then: tuf-js is too large for the worker) verifies Sigstore's trusted root from the TUF
 * root bundled with the build; the files come through the background (fetchTuf), and the
 * outcome goes to it (setTrustRefresh), which keeps it and checks it again before use
 * (src/background/trust-root.ts).
 */
import type { SendFn } from './messages.js';
import type { refreshFromBundledRoot } from './tuf-refresh.js';
import { TUF_REFRESH_EVERY_MS } from './tuf-repository.js';
import type { TrustInfo, TrustRefreshInfo } from './view-model.js';

/** Whether a refresh is due: it is on, and none was tried in the last day. */
export function refreshDue(refresh: TrustRefreshInfo | undefined, now: number): boolean {
  if (!refresh?.enabled) return false;
  const last = refresh.lastAttemptAt ? Date.parse(refresh.lastAttemptAt) : NaN;
  // A last attempt "in the future" is a clock that went back: try again.
  return Number.isNaN(last) || now - last >= TUF_REFRESH_EVERY_MS || last > now;
}

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** The TUF client, loaded when a refresh runs (its own chunk). */
export type LoadTufClient = () => Promise<{
  refreshFromBundledRoot: typeof refreshFromBundledRoot;
}>;

/**
 * Refreshes the trust root now (if it is on), whatever the last attempt: the caller decides
 * whether it is due. Resolves with the trust info after it; undefined when the refresh is off
 * or the background cannot be reached. Never rejects.
 */
export async function runTrustRefresh(
  send: SendFn,
  load: LoadTufClient = () => import('./tuf-refresh.js'),
): Promise<TrustInfo | undefined> {
  try {
    const state = await send('getTrustRefresh', {});
    if (!state.enabled) return undefined;
    try {
      const { refreshFromBundledRoot } = await load();
      const verified = await refreshFromBundledRoot(state.previous, async (path, maxLength) => {
        const file = await send('fetchTuf', { path, maxLength });
        return file.found && file.body !== undefined
          ? new TextEncoder().encode(file.body)
          : undefined;
      });
      return await send('setTrustRefresh', { verified });
    } catch (err) {
      return await send('setTrustRefresh', { failure: messageOf(err) });
    }
  } catch {
    return undefined;
  }
}
