import type { CachesStatus } from './store.js';

/** Forgets cached listings and verification results (not the remembered publishers). */
export function CachesSection(props: { status: CachesStatus; onClear: () => void }) {
  const { status } = props;
  return (
    <section class="panel" aria-labelledby="caches-title">
      <h2 id="caches-title">Caches</h2>
      <p class="lead">
        Release listings and verification results are cached. Clearing them makes the extension
        fetch and verify every file again on your next visit. Remembered and pinned publishers are
        kept.
      </p>
      <div class="actions">
        <button
          type="button"
          class="button"
          data-testid="clear-caches"
          disabled={status.status === 'clearing'}
          onClick={props.onClear}
        >
          {status.status === 'clearing' ? 'Clearing…' : 'Clear caches'}
        </button>
      </div>
      <div role="status" aria-live="polite">
        {status.status === 'cleared' && (
          <p class="ok-text" data-testid="caches-cleared">
            Caches cleared: files will be fetched and verified again.
          </p>
        )}
      </div>
      {status.status === 'error' && (
        <p class="error-text" role="alert" data-testid="caches-error">
          Couldn’t clear the caches: {status.message}
        </p>
      )}
    </section>
  );
}
