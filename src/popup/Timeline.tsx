import { useState } from 'preact/hooks';
import { normalizeVersion } from '../shared/domain.js';
import { ExternalLink } from '../ui/ExternalLink.js';
import { projectUrl } from '../ui/format.js';
import type { TimelineView } from './history-store.js';
import { StateIcon } from '../ui/StateIcon.js';
import { timelineRows } from './timeline-rows.js';

/**
 * "Publisher history": one file per release, newest first, each release's state and who
 * signed it. A disclosure (a real button, so keyboard users reach it) that starts collapsed:
 * the popup opens compact, the history is there on demand.
 */
export function Timeline(props: {
  view: TimelineView;
  index: string;
  project: string;
  currentVersion: string;
  defaultOpen?: boolean;
  onMore: () => void;
  onRetry: () => void;
}) {
  const { view } = props;
  const [open, setOpen] = useState(props.defaultOpen ?? false);
  const rows = timelineRows(view.entries);
  // Timeline versions come normalized from the filenames; the tab's as the page wrote it.
  const currentVersion = normalizeVersion(props.currentVersion) ?? props.currentVersion;
  const changes = rows.filter((r) => r.changed).length;
  const count =
    view.status === 'ready'
      ? `${rows.length} of ${view.releases} ${view.releases === 1 ? 'release' : 'releases'}` +
        (changes > 0 ? ` · ${changes} ${changes === 1 ? 'change' : 'changes'}` : '')
      : view.status === 'loading'
        ? 'checking…'
        : '';
  return (
    <section
      class="timeline"
      aria-labelledby="timeline-title"
      data-testid="timeline"
      data-status={view.status}
    >
      <h2 id="timeline-title" class="section-title">
        <button
          type="button"
          class="disclosure"
          aria-expanded={open}
          aria-controls="timeline-body"
          data-testid="timeline-toggle"
          onClick={() => setOpen(!open)}
        >
          <span class="disclosure-mark" aria-hidden="true">
            {open ? '▾' : '▸'}
          </span>
          Publisher history
          {count && <span class="count"> ({count})</span>}
        </button>
      </h2>
      <div id="timeline-body" hidden={!open}>
        {view.status === 'waiting' && (
          <p class="history-status">Shown once this release’s files are checked.</p>
        )}
        {view.status === 'loading' && (
          <p class="history-status" role="status" data-testid="timeline-loading">
            <StateIcon state="pending" size={14} /> Verifying one file per release, newest 20 first…
          </p>
        )}
        {view.status === 'error' && (
          <div class="history-status" data-testid="timeline-error">
            <p>Couldn’t load the publisher history: {view.error?.message ?? 'unknown error'}</p>
            <button
              type="button"
              class="button button-secondary"
              data-testid="timeline-retry"
              onClick={props.onRetry}
            >
              Try again
            </button>
          </div>
        )}
        {view.status === 'ready' && rows.length === 0 && (
          <p class="history-status">PyPI lists no releases with files for this project.</p>
        )}
        {rows.length > 0 && (
          <ol class="timeline-list">
            {rows.map((row) => {
              const current = row.version === currentVersion;
              return (
                <li
                  key={row.version}
                  class={`timeline-entry file-${row.state}${current ? ' timeline-current' : ''}`}
                  data-testid="timeline-entry"
                  data-version={row.version}
                  data-state={row.state}
                  data-changed={row.changed ? 'true' : 'false'}
                  aria-current={current ? 'true' : undefined}
                >
                  <div class="timeline-head">
                    <StateIcon state={row.state} size={14} />
                    <ExternalLink
                      href={projectUrl(props.index, props.project, row.version)}
                      class="timeline-version"
                    >
                      {row.version}
                    </ExternalLink>
                    <span class={`state-label label-${row.state}`}>{row.label}</span>
                    {row.code && <code class="code">{row.code}</code>}
                    {current && <span class="muted small">this release</span>}
                    {row.changed && <span class="changed-tag">publisher changed</span>}
                  </div>
                  {row.identity && (
                    <p class="timeline-identity">
                      {row.identity}
                      {row.environment && (
                        <span class="muted"> · environment {row.environment}</span>
                      )}
                    </p>
                  )}
                </li>
              );
            })}
          </ol>
        )}
        {view.status === 'ready' && view.error && (
          <p class="action-error" role="alert">
            Some releases could not be loaded: {view.error.message}
          </p>
        )}
        {view.status === 'ready' && view.newest !== undefined && (
          <p class="history-status" data-testid="timeline-limited">
            Only the newest {view.newest} of {view.releases} releases are checked: this project has
            too many to go through its whole history.
          </p>
        )}
        {view.status === 'ready' && view.hasMore && (
          <button
            type="button"
            class="button button-secondary"
            data-testid="timeline-more"
            disabled={view.loadingMore}
            onClick={props.onMore}
          >
            {view.loadingMore ? 'Loading older releases…' : 'Show older releases'}
          </button>
        )}
      </div>
    </section>
  );
}
