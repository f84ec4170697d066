import type { ProjectMemory } from '../shared/domain.js';
import { ExternalLink } from '../ui/ExternalLink.js';
import { formatDay, indexHost, projectUrl } from '../ui/format.js';
import { identityText } from '../shared/warnings.js';
import type { MemoryRow, OptionsState } from './store.js';

const day = (ms: number): string => formatDay(new Date(ms).toISOString());

/** "seen 2026-03-04" or "seen 2026-03-04 – 2026-05-01" (days, UTC); '' without dates. */
export function seenDays(first: number, last: number): string {
  if (!Number.isFinite(first) || !Number.isFinite(last)) return '';
  const [a, b] = [day(first), day(last)];
  return a === b ? `seen ${a}` : `seen ${a} – ${b}`;
}

function Seen({ memory }: { memory: ProjectMemory }) {
  if (memory.seen.length === 0) return <span class="muted">no verified publisher yet</span>;
  return (
    <ul class="plain identities">
      {memory.seen.map((s) => (
        <li key={`${s.kind} ${s.repository} ${s.workflow}`} data-testid="entry-identity">
          <span class="identity">{identityText(s)}</span>{' '}
          <span class="muted small">
            {s.version ? `last in ${s.version}, ` : ''}
            {seenDays(s.firstSeen, s.lastSeen)}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** Remembered and pinned publishers, one entry per project and index, with Remove and Unpin. */
export function MemoryList(props: {
  state: OptionsState;
  onRemove: (row: MemoryRow) => void;
  onUnpin: (row: MemoryRow) => void;
}) {
  const { memory, busyKey, rowError } = props.state;
  return (
    <section class="panel" aria-labelledby="memory-title">
      <h2 id="memory-title">Remembered publishers</h2>
      <p class="lead">
        The first verified publisher you see for a project is remembered; a later release signed by
        another publisher, or without provenance, is flagged. A pinned publisher turns any other
        into a violation.
      </p>
      {memory.status === 'loading' && (
        <p class="muted" role="status">
          Loading…
        </p>
      )}
      {memory.status === 'error' && (
        <p class="error-text" role="alert" data-testid="memory-error">
          Couldn’t read the remembered publishers: {memory.message}
        </p>
      )}
      {memory.status === 'ready' && memory.rows.length === 0 && (
        <p class="muted" data-testid="memory-empty">
          Nothing remembered yet. Open a project page on pypi.org or test.pypi.org: its verified
          publisher is remembered.
        </p>
      )}
      {rowError && (
        <p class="error-text" role="alert" data-testid="memory-action-error">
          Couldn’t change it: {rowError}
        </p>
      )}
      {memory.status === 'ready' && memory.rows.length > 0 && (
        <ul class="plain entries">
          {memory.rows.map((row) => {
            const titleId = `entry-${row.key.replace(/[^a-z0-9-]/gi, '_')}`;
            const busy = busyKey !== undefined;
            return (
              <li
                key={row.key}
                class="entry"
                data-testid="memory-entry"
                data-project={row.project}
                data-index={row.index}
                data-pinned={row.memory.pinned ? 'true' : 'false'}
                aria-labelledby={titleId}
              >
                <div class="entry-head">
                  <h3 id={titleId}>
                    <ExternalLink href={projectUrl(row.index, row.project, '')}>
                      {row.project}
                    </ExternalLink>
                    <span class="index-tag"> on {indexHost(row.index)}</span>
                  </h3>
                  <div class="actions">
                    {row.memory.pinned && (
                      <button
                        type="button"
                        class="button button-secondary"
                        data-testid="unpin-entry"
                        aria-label={`Unpin ${row.project} on ${indexHost(row.index)}`}
                        disabled={busy}
                        onClick={() => props.onUnpin(row)}
                      >
                        Unpin
                      </button>
                    )}
                    <button
                      type="button"
                      class="button button-secondary"
                      data-testid="remove-entry"
                      aria-label={`Remove ${row.project} on ${indexHost(row.index)}`}
                      disabled={busy}
                      onClick={() => props.onRemove(row)}
                    >
                      Remove
                    </button>
                  </div>
                </div>
                <dl class="entry-fields">
                  {row.memory.pinned && (
                    <>
                      <dt>Pinned</dt>
                      <dd data-testid="entry-pinned">{identityText(row.memory.pinned)}</dd>
                    </>
                  )}
                  <dt>Seen</dt>
                  <dd>
                    <Seen memory={row.memory} />
                  </dd>
                </dl>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
