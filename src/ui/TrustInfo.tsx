import type { Response } from '../shared/messages.js';
import { formatDay } from './format.js';
import { isTrustRootStale, staleTrustRootText } from './freshness.js';

/**
 * The extension's version and its Sigstore trust root: the root's own date (its newest key)
 * and when the build bundled it, what a refresh over TUF added, and, once Sigstore has
 * published a newer root, a notice to update the extension (popup footer and options page).
 */
export function TrustInfo(props: { info: Response<'getInfo'>; now?: number }) {
  const { info } = props;
  const { trust } = info;
  const stale = isTrustRootStale(trust, props.now ?? Date.now());
  const refresh = trust.refresh?.refreshedAt ? trust.refresh : undefined;
  const details = [
    trust.tufRootVersion !== null && `TUF root v${trust.tufRootVersion}`,
    trust.source,
  ]
    .filter(Boolean)
    .join(', ');
  return (
    <>
      <p data-testid="trust-info" title={details || undefined}>
        Extension {info.version} · Sigstore trust root with keys up to{' '}
        <time data-testid="trust-newest-key" dateTime={trust.newestKeyDate ?? undefined}>
          {formatDay(trust.newestKeyDate)}
        </time>
        , bundled{' '}
        <time data-testid="trust-bundled" dateTime={trust.takenAt}>
          {formatDay(trust.takenAt)}
        </time>
      </p>
      {refresh && (
        <p data-testid="trust-refreshed">
          Refreshed from Sigstore on{' '}
          <time dateTime={refresh.refreshedAt}>{formatDay(refresh.refreshedAt)}</time>
          {refresh.tufRootVersion !== undefined && ` (TUF root v${refresh.tufRootVersion})`}:{' '}
          {refresh.addedKeys
            ? `adds ${refresh.addedKeys} ${refresh.addedKeys === 1 ? 'key' : 'keys'}, newest ${formatDay(refresh.newestKeyDate)}`
            : 'no key added'}
          .
        </p>
      )}
      {stale && (
        <p class="trust-stale" data-testid="trust-stale">
          {staleTrustRootText(trust)}
        </p>
      )}
    </>
  );
}
