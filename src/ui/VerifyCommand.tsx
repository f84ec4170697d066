import { Fragment } from 'preact';
import { useId } from 'preact/hooks';
import type { VerifyCommand as Command } from '../shared/signer.js';
import { useCopy } from './use-copy.js';

/** The equivalent pypi-attestations command, with a copy button and a polite confirmation. */
export function VerifyCommand({ command }: { command: Command }) {
  const [copy, onCopy] = useCopy(command.command);
  const titleId = useId();

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
