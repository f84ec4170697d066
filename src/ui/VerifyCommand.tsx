import { Fragment } from 'preact';
import { useEffect, useId, useState } from 'preact/hooks';
import type { VerifyCommand as Command } from '../shared/signer.js';

type CopyState = 'idle' | 'copied' | 'failed';

/** The equivalent pypi-attestations command, with a copy button and a polite confirmation. */
export function VerifyCommand({ command }: { command: Command }) {
  const [copy, setCopy] = useState<CopyState>('idle');
  const titleId = useId();
  useEffect(() => {
    if (copy === 'idle') return undefined;
    const timer = setTimeout(() => setCopy('idle'), 2500);
    return () => clearTimeout(timer);
  }, [copy]);
  useEffect(() => setCopy('idle'), [command.command]);

  const onCopy = (): void => {
    navigator.clipboard.writeText(command.command).then(
      () => setCopy('copied'),
      () => setCopy('failed'),
    );
  };

  return (
    <section class="verify" aria-labelledby={titleId}>
      <h3 id={titleId}>Check it yourself</h3>
      {command.note && <p class="note">{command.note}</p>}
      <pre class="command">
        <code data-testid="verify-command">
          {command.command.split(' ').map((arg, i) => (
            // Each argument wraps as a unit, so lines break between arguments, not at "--".
            <Fragment key={i}>
              {i > 0 && ' '}
              <span class="arg">{arg}</span>
            </Fragment>
          ))}
        </code>
      </pre>
      <div class="verify-actions">
        <button type="button" class="button" onClick={onCopy}>
          Copy verify command
        </button>
        <span class="copy-status" role="status" aria-live="polite">
          {copy === 'copied' && 'Copied'}
          {copy === 'failed' && 'Could not copy: select the command instead'}
        </span>
      </div>
    </section>
  );
}
