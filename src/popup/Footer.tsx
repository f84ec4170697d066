import { formatDay } from './format.js';
import type { Info } from './store.js';

export function Footer({ info }: { info: Info | undefined }) {
  return (
    <footer class="footer">
      {info ? (
        <p data-testid="trust-info">
          Extension {info.version} · Sigstore trust root of {formatDay(info.trust.newestKeyDate)}
        </p>
      ) : (
        <p>Verification runs in your browser, against bundled Sigstore trust roots.</p>
      )}
    </footer>
  );
}
