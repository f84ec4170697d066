import { useId, useRef, useState } from 'preact/hooks';

/**
 * Where files come in: a drop area with a "Choose files" button (a hidden file input). The
 * whole page also takes drops (main.tsx), so a file dropped beside the area is not opened by
 * the browser in place of the page.
 */
export function DropZone({ onFiles }: { onFiles: (files: File[]) => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const hintId = useId();

  const onDrop = (event: DragEvent): void => {
    event.preventDefault();
    event.stopPropagation();
    setOver(false);
    const files = [...(event.dataTransfer?.files ?? [])];
    if (files.length > 0) onFiles(files);
  };

  return (
    <div
      class={`dropzone${over ? ' dropzone-over' : ''}`}
      data-testid="dropzone"
      onDragEnter={(event) => {
        event.preventDefault();
        setOver(true);
      }}
      onDragOver={(event) => {
        event.preventDefault();
        if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={(event) => {
        if (!(event.currentTarget as Node).contains(event.relatedTarget as Node | null)) {
          setOver(false);
        }
      }}
      onDrop={onDrop}
    >
      <p class="dropzone-title">Drop wheels or sdists here</p>
      <p id={hintId} class="dropzone-hint">
        .whl, .tar.gz or .zip files, named as PyPI names them. Several at once are fine.
      </p>
      <button
        type="button"
        class="button"
        aria-describedby={hintId}
        onClick={() => input.current?.click()}
      >
        Choose files…
      </button>
      <input
        ref={input}
        type="file"
        multiple
        class="visually-hidden"
        tabIndex={-1}
        aria-hidden="true"
        data-testid="file-input"
        onChange={(event) => {
          const target = event.currentTarget;
          const files = [...(target.files ?? [])];
          // Choosing the same file again must fire `change` again.
          target.value = '';
          if (files.length > 0) onFiles(files);
        }}
      />
    </div>
  );
}
