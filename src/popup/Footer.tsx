import { TrustInfo } from '../ui/TrustInfo.js';
import type { Info } from './store.js';

export function Footer({ info, now }: { info: Info | undefined; now?: number }) {
  return (
    <footer class="footer">
      {info ? (
        <TrustInfo info={info} {...(now !== undefined && { now })} />
      ) : (
        <p>Verification runs in your browser, against bundled Sigstore trust roots.</p>
      )}
    </footer>
  );
}
