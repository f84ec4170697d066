import type { Response } from '../shared/messages.js';
import { formatDay } from './format.js';
import { isTrustRootStale, staleTrustRootText } from './freshness.js';

/**
 * The extension's version and the day its bundled Sigstore trust root was taken; past 180
 * days, a notice to update the extension (popup footer and options page).
 */
export function TrustInfo(props: { info: Response<'getInfo'>; now?: number }) {
  const { info } = props;
  const { takenAt } = info.trust;
  const stale = isTrustRootStale(takenAt, props.now ?? Date.now());
  const details = [
    info.trust.newestKeyDate && `newest key ${formatDay(info.trust.newestKeyDate)}`,
    info.trust.tufRootVersion !== null && `TUF root v${info.trust.tufRootVersion}`,
  ]
    .filter(Boolean)
    .join(', ');
  return (
    <>
      <p data-testid="trust-info" title={details || undefined}>
        Extension {info.version} · Sigstore trust root of{' '}
        <time dateTime={takenAt}>{formatDay(takenAt)}</time>
      </p>
      {stale && (
        <p class="trust-stale" data-testid="trust-stale">
          {staleTrustRootText(takenAt)}
        </p>
      )}
    </>
  );
}
