import { useEffect, useState } from 'preact/hooks';
import type { OptionsState } from './store.js';

export const EXPORT_FILENAME = 'pypi-provenance-identities.json';

type CopyState = 'idle' | 'copied' | 'failed';

/** A copy button with a polite confirmation. */
function CopyButton(props: { text: string; label: string; testId: string }) {
  const [copy, setCopy] = useState<CopyState>('idle');
  useEffect(() => {
    if (copy === 'idle') return undefined;
    const timer = setTimeout(() => setCopy('idle'), 2500);
    return () => clearTimeout(timer);
  }, [copy]);
  const onCopy = (): void => {
    navigator.clipboard.writeText(props.text).then(
      () => setCopy('copied'),
      () => setCopy('failed'),
    );
  };
  return (
    <>
      <button
        type="button"
        class="button button-secondary"
        data-testid={props.testId}
        onClick={onCopy}
      >
        {props.label}
      </button>
      <span class="copy-status" role="status" aria-live="polite">
        {copy === 'copied' && 'Copied'}
        {copy === 'failed' && 'Could not copy: select the text instead'}
      </span>
    </>
  );
}

/** An object URL for `json` as a file, revoked when it changes or the page goes. */
function useJsonUrl(json: string | undefined): string | undefined {
  const [url, setUrl] = useState<string | undefined>(undefined);
  useEffect(() => {
    if (json === undefined || typeof URL.createObjectURL !== 'function') {
      setUrl(undefined);
      return undefined;
    }
    const href = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
    setUrl(href);
    return () => URL.revokeObjectURL(href);
  }, [json]);
  return url;
}

/**
 * The remembered publishers as JSON (project → `attestation-identities`, as PEP 751 lockers
 * record them) to download or copy, and as pypi-attestations command lines.
 */
export function ExportSection({ state }: { state: OptionsState }) {
  const { exported, exportError } = state;
  const href = useJsonUrl(exported?.json);
  return (
    <section class="panel" aria-labelledby="export-title">
      <h2 id="export-title">Export</h2>
      <p class="lead">
        The remembered and pinned publishers as JSON (each project’s{' '}
        <code>attestation-identities</code>, the shape PEP 751 lock files use), and as{' '}
        <code>pypi-attestations verify pypi</code> command lines.
      </p>
      {exportError && (
        <p class="error-text" role="alert" data-testid="export-error">
          Couldn’t export: {exportError}
        </p>
      )}
      {!exported && !exportError && (
        <p class="muted" role="status">
          Loading…
        </p>
      )}
      {exported && (
        <>
          <div class="actions">
            {href && (
              <a
                class="button"
                href={href}
                download={EXPORT_FILENAME}
                data-testid="export-download"
              >
                Download JSON
              </a>
            )}
            <CopyButton text={exported.json} label="Copy JSON" testId="copy-json" />
          </div>
          <h3 id="export-json-title">JSON</h3>
          <pre
            class="export"
            data-testid="export-json"
            tabIndex={0}
            aria-labelledby="export-json-title"
          >
            {exported.json}
          </pre>
          <h3 id="export-commands-title">Commands</h3>
          {exported.commands ? (
            <>
              <pre
                class="export"
                data-testid="export-commands"
                tabIndex={0}
                aria-labelledby="export-commands-title"
              >
                {exported.commands}
              </pre>
              <div class="actions">
                <CopyButton text={exported.commands} label="Copy commands" testId="copy-commands" />
              </div>
            </>
          ) : (
            <p class="muted" data-testid="export-commands">
              No GitHub or GitLab publisher remembered: no command to give.
            </p>
          )}
        </>
      )}
    </section>
  );
}
