import { useEffect, useId, useState } from 'preact/hooks';

type CopyState = 'idle' | 'copied' | 'failed';

/**
 * A block of text to copy (install text): shown in full, selectable, with a copy button and a
 * polite confirmation.
 */
export function CopyText(props: { title: string; text: string; button: string; testId?: string }) {
  const [copy, setCopy] = useState<CopyState>('idle');
  const titleId = useId();
  useEffect(() => {
    if (copy === 'idle') return undefined;
    const timer = setTimeout(() => setCopy('idle'), 2500);
    return () => clearTimeout(timer);
  }, [copy]);
  useEffect(() => setCopy('idle'), [props.text]);

  const onCopy = (): void => {
    navigator.clipboard.writeText(props.text).then(
      () => setCopy('copied'),
      () => setCopy('failed'),
    );
  };

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
