import type { Identity } from '../shared/domain.js';
import type { Analysis } from '../shared/view-model.js';
import { analysisLines } from '../shared/warnings.js';

/**
 * The release's history warnings and identity-memory alerts, above the file list. Amber and
 * informational; a pin violation has a red outline. None of them is the `failed` state.
 */
export function Warnings(props: {
  analysis: Analysis;
  busy: boolean;
  onAccept: (identity: Identity) => void;
}) {
  const lines = analysisLines(props.analysis);
  if (lines.length === 0) return null;
  return (
    <section class="warnings" aria-labelledby="warnings-title">
      <h2 id="warnings-title" class="visually-hidden">
        Warnings
      </h2>
      <ul class="plain">
        {lines.map((line, i) => (
          <li
            key={`${line.kind} ${i}`}
            class={`warning warning-${line.severity}`}
            data-testid="warning"
            data-kind={line.kind}
          >
            <p class="warning-title">
              <span class="warning-icon" aria-hidden="true">
                ⚠
              </span>{' '}
              <strong>{line.title}</strong>
            </p>
            <p class="warning-text">{line.text}</p>
            {line.accept && (
              <button
                type="button"
                class="button button-secondary"
                data-testid="accept-identity"
                disabled={props.busy}
                onClick={() => line.accept && props.onAccept(line.accept)}
              >
                This change is expected
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
