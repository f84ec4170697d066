import { useEffect, useRef, useState } from 'preact/hooks';
import { FileDetails } from './FileDetails.js';
import { FileList } from './FileList.js';
import type { ReleaseView } from './store.js';
import { Summary } from './Summary.js';

/** The release in the tab: summary, file list, and the selected file's details. */
export function Release(props: {
  release: ReleaseView;
  onRetryRelease: () => void;
  onRetryFile: (filename: string) => void;
}) {
  const { release } = props;
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const details = useRef<HTMLDivElement>(null);
  const file = release.files.find((f) => f.filename === selected);

  // A single file needs no choosing.
  const only = release.files.length === 1 ? release.files[0]?.filename : undefined;
  useEffect(() => {
    if (only !== undefined && selected === undefined) setSelected(only);
  }, [only, selected]);

  const select = (filename: string): void => {
    setSelected(filename);
    // Let the details render, then bring them into view without moving focus off the row.
    requestAnimationFrame(() => details.current?.scrollIntoView({ block: 'nearest' }));
  };

  return (
    <>
      <Summary release={release} onRetry={props.onRetryRelease} />
      {release.files.length > 0 && (
        <FileList files={release.files} selected={selected} onSelect={select} />
      )}
      <div ref={details}>
        {file ? (
          <FileDetails
            file={file}
            index={release.index}
            onRetry={props.onRetryFile}
            retrying={release.retrying}
          />
        ) : (
          release.files.length > 1 && (
            <p class="hint">Select a file to see who built it and how it was checked.</p>
          )
        )}
      </div>
    </>
  );
}
