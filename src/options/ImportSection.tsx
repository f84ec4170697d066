import { useState } from 'preact/hooks';
import type { ImportStatus } from './store.js';

/**
 * Imports an exported JSON file (file input or pasted text). The background validates it;
 * a bad file gets its error and changes nothing.
 */
export function ImportSection(props: {
  status: ImportStatus;
  onImport: (text: string) => Promise<void>;
}) {
  const { status } = props;
  const [text, setText] = useState('');
  const busy = status.status === 'importing';

  const onFile = async (event: Event): Promise<void> => {
    const input = event.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    let content: string;
    try {
      content = await file.text();
    } catch {
      content = '';
    }
    await props.onImport(content);
    input.value = '';
  };

  const onSubmit = async (event: Event): Promise<void> => {
    event.preventDefault();
    await props.onImport(text);
  };

  return (
    <section class="panel" aria-labelledby="import-title">
      <h2 id="import-title">Import</h2>
      <p class="lead">
        Adds the publishers of an exported file to what is remembered (a project in the file
        replaces what was remembered of it). A file that is not valid changes nothing.
      </p>
      <div class="field">
        <label for="import-file">JSON file</label>
        <input
          id="import-file"
          type="file"
          accept="application/json,.json"
          data-testid="import-file"
          disabled={busy}
          onChange={(event) => void onFile(event)}
        />
      </div>
      <form class="field" onSubmit={(event) => void onSubmit(event)}>
        <label for="import-text">Or paste the JSON</label>
        <textarea
          id="import-text"
          rows={6}
          spellcheck={false}
          data-testid="import-text"
          value={text}
          onInput={(event) => setText((event.currentTarget as HTMLTextAreaElement).value)}
        />
        <div class="actions">
          <button
            type="submit"
            class="button"
            data-testid="import-button"
            disabled={busy || text.trim() === ''}
          >
            {busy ? 'Importing…' : 'Import'}
          </button>
        </div>
      </form>
      <div role="status" aria-live="polite">
        {status.status === 'ok' && (
          <p class="ok-text" data-testid="import-ok">
            Imported {status.imported} {status.imported === 1 ? 'project' : 'projects'}.
          </p>
        )}
      </div>
      {status.status === 'error' && (
        <p class="error-text" role="alert" data-testid="import-error">
          {status.message} Nothing was changed.
        </p>
      )}
    </section>
  );
}
