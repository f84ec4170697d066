import { TUF_ORIGIN } from '../shared/tuf-repository.js';
import type { TrustInfo } from '../shared/view-model.js';
import { formatDay } from '../ui/format.js';
import type { RefreshStatus } from './store.js';

const HOST = new URL(TUF_ORIGIN).host;

/** What the last refresh did, in words. */
function lastRefresh(trust: TrustInfo): string | undefined {
  const r = trust.refresh;
  if (!r?.enabled) return undefined;
  const parts: string[] = [];
  if (r.refreshedAt) {
    parts.push(
      `Trust root refreshed on ${formatDay(r.refreshedAt)}${r.tufRootVersion !== undefined ? ` (TUF root v${r.tufRootVersion})` : ''}: ${
        r.addedKeys
          ? `it adds ${r.addedKeys} ${r.addedKeys === 1 ? 'key' : 'keys'} to the bundled root, newest ${formatDay(r.newestKeyDate)}.`
          : 'it adds no key to the bundled root.'
      }`,
    );
  }
  if (r.lastError) {
    parts.push(
      `The last refresh${r.lastAttemptAt ? ` (${formatDay(r.lastAttemptAt)})` : ''} failed: ${r.lastError}. ${
        r.refreshedAt ? 'The roots above stay in force.' : 'The bundled root stays in force.'
      }`,
    );
  }
  if (parts.length === 0) parts.push('Not refreshed yet.');
  return parts.join(' ');
}

/**
 * The optional daily refresh of the Sigstore trust root over TUF: off by default; turning it on
 * asks for the permission to reach Sigstore's TUF host.
 */
export function TrustRefreshSection(props: {
  trust: TrustInfo | undefined;
  status: RefreshStatus;
  onToggle: (on: boolean) => void;
}) {
  const { trust, status } = props;
  const on = trust?.refresh?.enabled ?? false;
  const last = trust ? lastRefresh(trust) : undefined;
  return (
    <section class="panel" aria-labelledby="refresh-title">
      <h2 id="refresh-title">Sigstore trust root</h2>
      <p class="lead">
        Attestations are checked against the Sigstore trust root bundled with this version. When
        Sigstore adds a log or a certificate authority, newer attestations can only be checked with
        a newer root. Turned on, this page and the popup fetch Sigstore’s trusted root from {HOST}{' '}
        at most once a day, verify it with TUF from the root bundled with this version, and add its
        new keys; the bundled keys always stay. It needs permission to reach {HOST}; nothing about
        you or the pages you visit is sent.
      </p>
      <label class="toggle">
        <input
          type="checkbox"
          data-testid="trust-refresh-toggle"
          checked={on}
          disabled={status.status === 'working' || !trust}
          onChange={(e) => props.onToggle((e.currentTarget as HTMLInputElement).checked)}
        />{' '}
        Refresh the trust root from Sigstore daily
      </label>
      <div role="status" aria-live="polite">
        {status.status === 'working' && <p data-testid="trust-refresh-working">Refreshing…</p>}
        {status.status !== 'working' && last && (
          <p
            class={trust?.refresh?.lastError ? undefined : 'ok-text'}
            data-testid="trust-refresh-status"
          >
            {last}
          </p>
        )}
      </div>
      {status.status === 'error' && (
        <p class="error-text" role="alert" data-testid="trust-refresh-error">
          {status.message}
        </p>
      )}
    </section>
  );
}
