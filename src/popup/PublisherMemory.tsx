import { sameIdentity, type Identity } from '../shared/domain.js';
import { identityText } from '../shared/warnings.js';
import type { AnalysisView, MemoryActionName } from './history-store.js';
import { StateIcon } from '../ui/StateIcon.js';

const DONE: Record<MemoryActionName, string> = {
  pin: 'Pinned: any other publisher will show as a violation.',
  unpin: 'Unpinned.',
  accept: 'The new publisher is remembered as expected.',
  forget: 'Forgotten. The publisher you see next is remembered afresh.',
};

/**
 * What the extension remembers of this project's publisher (trust on first use), and the
 * user's pin: "Pin this publisher", "Unpin", "Forget this project".
 */
export function PublisherMemory(props: {
  view: AnalysisView;
  busy: MemoryActionName | undefined;
  actionError: string | undefined;
  done: MemoryActionName | undefined;
  onAction: (action: MemoryActionName, identity?: Identity) => void;
  onRetry: () => void;
}) {
  const { view, busy } = props;
  switch (view.status) {
    case 'waiting':
      return null;
    case 'loading':
      return (
        <p class="history-status" role="status" data-testid="analysis-loading">
          <StateIcon state="pending" size={14} /> Comparing with earlier releases…
        </p>
      );
    case 'error':
      return (
        <div class="history-status" role="status" data-testid="analysis-error">
          <p>Couldn’t compare with earlier releases: {view.message}</p>
          <button type="button" class="button button-secondary" onClick={props.onRetry}>
            Try again
          </button>
        </div>
      );
    case 'ready':
      break;
  }
  const { identity, memory, historyError } = view.analysis;
  const pinned = memory?.pinned;
  const others = (memory?.seen ?? []).filter((s) => !identity || !sameIdentity(s, identity));
  const remembered = identity && memory?.seen.some((s) => sameIdentity(s, identity));
  const canPin = identity !== undefined && !(pinned && sameIdentity(pinned, identity));
  return (
    <section class="memory" aria-labelledby="memory-title" data-testid="publisher-memory">
      <h2 id="memory-title" class="section-title">
        Publisher
      </h2>
      <dl class="fields memory-fields">
        <dt>This release</dt>
        <dd data-testid="release-identity">
          {identity ? identityText(identity) : <span class="muted">no verified publisher</span>}
          {identity && remembered && !pinned && <span class="muted"> · remembered</span>}
        </dd>
        {pinned && (
          <>
            <dt>Pinned</dt>
            <dd data-testid="pinned-identity">{identityText(pinned)}</dd>
          </>
        )}
        {others.length > 0 && (
          <>
            <dt>Seen before</dt>
            <dd data-testid="remembered-identities">
              <ul class="plain">
                {others.map((s) => (
                  <li key={`${s.kind} ${s.repository} ${s.workflow}`}>
                    {identityText(s)}
                    {s.version && <span class="muted"> (in {s.version})</span>}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
      </dl>
      <div class="actions">
        {canPin && (
          <button
            type="button"
            class="button button-secondary"
            data-testid="pin-identity"
            disabled={busy !== undefined}
            onClick={() => props.onAction('pin', identity)}
          >
            {pinned ? 'Pin this publisher instead' : 'Pin this publisher'}
          </button>
        )}
        {pinned && (
          <button
            type="button"
            class="button button-secondary"
            data-testid="unpin-identity"
            disabled={busy !== undefined}
            onClick={() => props.onAction('unpin')}
          >
            Unpin
          </button>
        )}
        {memory && (
          <button
            type="button"
            class="button button-secondary"
            data-testid="forget-project"
            disabled={busy !== undefined}
            onClick={() => props.onAction('forget')}
          >
            Forget this project
          </button>
        )}
      </div>
      <p class="action-status" role="status" aria-live="polite" data-testid="memory-status">
        {busy !== undefined ? 'Saving…' : props.done ? DONE[props.done] : ''}
      </p>
      {props.actionError && (
        <p class="action-error" role="alert" data-testid="memory-error">
          Couldn’t change what is remembered: {props.actionError}
        </p>
      )}
      {historyError && (
        <p class="muted small" data-testid="history-error">
          Earlier releases could not be compared: {historyError.message}
        </p>
      )}
    </section>
  );
}
