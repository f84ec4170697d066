import { useId } from 'preact/hooks';
import { FileDetails } from '../ui/FileDetails.js';
import { StateIcon } from '../ui/StateIcon.js';
import { indexHost } from '../ui/format.js';
import type { Entry } from './store.js';
import type { TrustInfo } from '../shared/view-model.js';
import { verdict, type Tone } from '../shared/verdict.js';
import { progressWords } from './words.js';

const VERDICT_ICON: Record<Tone, 'verified' | 'failed' | 'none' | 'error'> = {
  verified: 'verified',
  failed: 'failed',
  warn: 'error',
  none: 'none',
  error: 'error',
};

/** One chosen file: its hashing, its check, then the verdict and the signer details. */
export function CheckEntry(props: {
  entry: Entry;
  index: string;
  trust?: TrustInfo | undefined;
  onRetry: () => void;
}) {
  const { entry } = props;
  const titleId = useId();
  const { stage } = entry;
  const done = stage.kind === 'done' ? stage.check : undefined;
  const v = done ? verdict(done) : undefined;
  return (
    <li
      class={`check-entry${v ? ` check-${v.tone}` : ''}`}
      data-testid="dist-check"
      data-name={entry.name}
      data-stage={stage.kind}
      data-state={done?.result.state}
      data-verdict={v?.tone}
      aria-labelledby={titleId}
    >
      <h2 id={titleId} class="check-name mono">
        {entry.name}
      </h2>
      {entry.filename && entry.filename !== entry.name && (
        <p class="note">
          Checked as <span class="mono">{entry.filename}</span>: the browser added the number when
          it saved a second copy.
        </p>
      )}
      <Stage {...props} />
      {done && v && (
        <>
          <div class={`verdict verdict-${v.tone}`} data-testid="verdict" role="status">
            <p class="verdict-title">
              <StateIcon state={VERDICT_ICON[v.tone]} size={20} />
              <strong>{v.title}</strong>
            </p>
            {v.lines.map((line, i) => (
              <p key={i} class="verdict-line">
                {line}
              </p>
            ))}
          </div>
          <FileDetails
            file={done.result}
            index={done.index}
            labelledBy={titleId}
            local
            onRetry={props.onRetry}
            retrying={false}
            trust={props.trust}
          />
        </>
      )}
    </li>
  );
}

function Stage(props: { entry: Entry; index: string; onRetry: () => void }) {
  const { stage, size } = props.entry;
  const host = indexHost(props.index);
  switch (stage.kind) {
    case 'queued':
      return <p class="muted">Waiting for the file before it…</p>;
    case 'hashing':
      return (
        <>
          <p class="stage" role="status">
            <StateIcon state="pending" /> Computing its SHA-256 here:{' '}
            {progressWords(stage.bytes, size)}
          </p>
          <progress
            class="progress"
            max={Math.max(size, 1)}
            value={stage.bytes}
            aria-label="Read so far"
          />
        </>
      );
    case 'checking':
      return (
        <p class="stage" role="status">
          <StateIcon state="pending" /> Asking {host} for its provenance…
        </p>
      );
    case 'not-distribution':
      return (
        <div class="alert alert-error" role="alert">
          <p>
            <strong>Not a wheel or sdist:</strong> {stage.reason}.
          </p>
          <p>
            Only distribution files have provenance on PyPI: wheels (<span class="mono">.whl</span>)
            and sdists (<span class="mono">.tar.gz</span>, <span class="mono">.zip</span>), under
            the name PyPI gave them.
          </p>
        </div>
      );
    case 'unreadable':
      return (
        <div class="alert alert-error" role="alert">
          <p>
            <strong>Couldn’t read this file:</strong> {stage.reason}. Choose it again.
          </p>
        </div>
      );
    case 'failed-request':
      return (
        <div class="alert alert-error" role="alert">
          <p>
            <strong>Couldn’t check it:</strong> {stage.message}
          </p>
          <button type="button" class="button" onClick={props.onRetry}>
            Retry
          </button>
        </div>
      );
    case 'done':
      // The details below show the digest computed here.
      return null;
  }
}
