import { ExternalLink } from '../ui/ExternalLink.js';
import {
  indexHost,
  progressText,
  projectUrl,
  releaseStateExplanation,
  releaseStateLabel,
  stateCounts,
} from '../ui/format.js';
import { StateIcon } from '../ui/StateIcon.js';
import type { ReleaseView } from './release-view.js';

/** The release header: project, version and the release state in the product's words. */
export function Summary({ release, onRetry }: { release: ReleaseView; onRetry: () => void }) {
  const { state, files } = release;
  const listing = files.length === 0 && state === 'pending';
  const detail = listing
    ? 'Listing files…'
    : state === 'pending'
      ? progressText(files)
      : stateCounts(files);
  return (
    <section
      class={`summary summary-${state}`}
      aria-labelledby="release-title"
      data-testid="release-summary"
      data-state={state}
    >
      <h1 id="release-title">
        <ExternalLink href={projectUrl(release.index, release.project, release.version)}>
          <span class="project">{release.project}</span>
          {release.version && <span class="version"> {release.version}</span>}
        </ExternalLink>
        {release.index !== 'https://pypi.org' && (
          <span class="index-tag"> on {indexHost(release.index)}</span>
        )}
      </h1>
      <div class="headline" role="status">
        <StateIcon state={state} size={20} />
        <strong class="headline-label">{releaseStateLabel(state)}</strong>
        {detail && <span class="headline-detail">{detail}</span>}
      </div>
      {state === 'pending' && files.length > 0 && (
        <progress
          class="progress"
          max={files.length}
          value={files.filter((f) => f.state !== 'pending').length}
          aria-label="Files checked"
        />
      )}
      <p class="explanation">
        {release.error && files.length === 0
          ? release.error.message
          : releaseStateExplanation(state)}
      </p>
      {state === 'error' && (
        <button type="button" class="button" onClick={onRetry} disabled={release.retrying}>
          {release.retrying ? 'Retrying…' : 'Retry'}
        </button>
      )}
    </section>
  );
}
