import { useEffect, useState } from 'preact/hooks';
import type { Response } from '../shared/messages.js';

type Info = Response<'getInfo'>;

export function App({ load }: { load: () => Promise<Info> }) {
  const [info, setInfo] = useState<Info | undefined>();
  useEffect(() => {
    load().then(setInfo, () => setInfo(undefined));
  }, [load]);
  return (
    <main>
      <h1>PyPI Provenance</h1>
      <p>Open a project page on pypi.org to see who built each file, verified in your browser.</p>
      {info && (
        <p data-testid="trust-info">
          Version {info.version} · Sigstore trust root of{' '}
          {info.trust.newestKeyDate?.slice(0, 10) ?? 'unknown date'}
        </p>
      )}
    </main>
  );
}
