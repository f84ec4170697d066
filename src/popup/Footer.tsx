import { CheckFileLink } from '../ui/CheckFileLink.js';
import { TrustInfo } from '../ui/TrustInfo.js';
import type { Info } from './store.js';

export function Footer({
  info,
  now,
  index,
}: {
  info: Info | undefined;
  now?: number;
  index?: string;
}) {
  return (
    <footer class="footer">
      <p class="footer-links">
        <CheckFileLink {...(index !== undefined && { index })} />
      </p>
      {info ? (
        <TrustInfo info={info} {...(now !== undefined && { now })} />
      ) : (
        <p>Verification runs in your browser, against bundled Sigstore trust roots.</p>
      )}
    </footer>
  );
}
