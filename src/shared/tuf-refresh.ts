/**
 * The TUF client with the TUF root bundled with the build: a chunk of its own, loaded by
 * src/shared/trust-refresh.ts only when a refresh runs (tuf-js and its models stay out of every
 * page's first load, and out of the worker).
 */
// @tufjs/models reads the global Buffer, which extension pages do not have.
import '../shims/buffer-global.js';
import tufRoot from '../generated/tuf-root.json' with { type: 'json' };
import { refreshTrustedRoot, type TufFetch, type TufRefresh } from '../core/sigstore/tuf-client.js';
import type { TrustRefreshState } from './view-model.js';

/** A refresh from the bundled TUF root (or the newer one `previous` verified from it). */
export function refreshFromBundledRoot(
  previous: TrustRefreshState['previous'],
  fetch: TufFetch,
): Promise<TufRefresh> {
  return refreshTrustedRoot({ bundledRoot: JSON.stringify(tufRoot), previous, fetch });
}
