import { useId } from 'preact/hooks';
import { useCopy } from './use-copy.js';

/**
 * A block of text to copy (install text): shown in full, selectable, with a copy button and a
 * polite confirmation.
 */
export function CopyText(props: { title: string; text: string; button: string; testId?: string }) {
  const [copy, onCopy] = useCopy(props.text);
  const titleId = useId();

  return (
    <div class="copy-text" role="group" aria-labelledby={titleId}>
      <h3 id={titleId}>{props.title}</h3>
      <pre class="command copy-block">
        <code data-testid={props.testId}>{props.text}</code>
      </pre>
      <div class="verify-actions">
        <button type="button" class="button" onClick={onCopy}>
          {props.button}
        </button>
        <span class="copy-status" role="status" aria-live="polite">
          {copy === 'copied' && 'Copied'}
          {copy === 'failed' && 'Could not copy: select the text instead'}
        </span>
      </div>
    </div>
  );
}
