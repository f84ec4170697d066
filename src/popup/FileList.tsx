import { useRef, useState } from 'preact/hooks';
import type { FileResult } from '../shared/domain.js';
import { fileStateLabel } from '../ui/format.js';
import { StateIcon } from '../ui/StateIcon.js';
import { breakableFilename } from '../ui/breakable.js';

/**
 * The release's files as a listbox: Tab reaches it once, arrow keys (and Home/End) move
 * between rows, Enter/Space or a click selects a row and shows its details.
 */
export function FileList(props: {
  files: readonly FileResult[];
  selected: string | undefined;
  onSelect: (filename: string) => void;
}) {
  const { files, selected, onSelect } = props;
  const rows = useRef<(HTMLLIElement | null)[]>([]);
  const [focused, setFocused] = useState<string | undefined>(undefined);
  const current = focused ?? selected ?? files[0]?.filename;
  const tabStop = files.some((f) => f.filename === current) ? current : files[0]?.filename;

  const move = (from: number, to: number): void => {
    const target = Math.max(0, Math.min(files.length - 1, to));
    if (target === from) return;
    rows.current[target]?.focus();
  };

  const onKeyDown = (event: KeyboardEvent, index: number, filename: string): void => {
    switch (event.key) {
      case 'ArrowDown':
        move(index, index + 1);
        break;
      case 'ArrowUp':
        move(index, index - 1);
        break;
      case 'Home':
        move(index, 0);
        break;
      case 'End':
        move(index, files.length - 1);
        break;
      case 'Enter':
      case ' ':
        onSelect(filename);
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  return (
    <section class="files" aria-labelledby="files-title">
      <h2 id="files-title">
        Files <span class="count">({files.length})</span>
      </h2>
      <ul class="file-list" role="listbox" aria-labelledby="files-title">
        {files.map((file, index) => (
          <li
            key={file.filename}
            ref={(el) => {
              rows.current[index] = el;
            }}
            class={`file-row file-${file.state}`}
            role="option"
            aria-selected={file.filename === selected}
            tabIndex={file.filename === tabStop ? 0 : -1}
            data-testid="file-row"
            data-filename={file.filename}
            data-state={file.state}
            onClick={() => onSelect(file.filename)}
            onFocus={() => setFocused(file.filename)}
            onKeyDown={(event) => onKeyDown(event, index, file.filename)}
          >
            <StateIcon state={file.state} />
            <span class="filename">{breakableFilename(file.filename)}</span>
            <span class={`state-label label-${file.state}`}>{fileStateLabel(file.state)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
